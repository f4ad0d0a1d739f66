using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Convolution as one GEMM per image and group on a patch matrix (im2col) that lives in per-thread scratch and
/// stays in cache: forward Y = W · col, backward dW += dY · colᵀ and dX = col2im(Wᵀ · dY). Images are split
/// into chunks that run in parallel; weight and bias gradients accumulate per chunk and are summed by the caller.
/// Pointwise (1×1, stride 1, unpadded) convolutions use the input planes directly as the patch matrix.
/// </summary>
internal static class ConvGemm
{
    // Patch-matrix scratch belongs to the thread that calls the conv, one slot per chunk, and is lent to the
    // workers for the call; keyed by the caller rather than the worker, it does not depend on which pool
    // threads happen to run the chunks, so steady-state steps allocate nothing.
    [ThreadStatic] private static float[]?[]? t_slots;

    /// <summary>The calling thread's first <paramref name="count"/> scratch slots, each at least <paramref name="length"/> floats.</summary>
    public static float[][] Workspace(int count, int length)
    {
        if (t_slots is null || t_slots.Length < count)
        {
            Array.Resize(ref t_slots, Math.Max(count, 8));
        }
        for (int i = 0; i < count; i++)
        {
            if (t_slots[i] is not { } slot || slot.Length < length)
            {
                t_slots[i] = GC.AllocateUninitializedArray<float>(Math.Max(length, 1024));
            }
        }
        return t_slots!;
    }

    /// <summary>y[N, O, OutH, OutW] = conv(x[N, C, H, W], weight) + bias, images [start, end).</summary>
    /// <remarks><paramref name="col"/>: scratch of PatchRows·OutPlane floats (unused when pointwise).</remarks>
    public static void Forward(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, Span<float> col, int start, int end)
    {
        int rows = s.PatchRows, p = s.OutPlane, og = s.Og;
        for (int img = start; img < end; img++)
        {
            var xImg = x.Slice(img * s.C * s.InPlane, s.C * s.InPlane);
            var yImg = y.Slice(img * s.O * p, s.O * p);
            float beta = 0f;
            if (!bias.IsEmpty)
            {
                for (int o = 0; o < s.O; o++)
                {
                    yImg.Slice(o * p, p).Fill(bias[o]);
                }
                beta = 1f;
            }
            for (int g = 0; g < s.Groups; g++)
            {
                var xg = xImg.Slice(g * s.Cg * s.InPlane, s.Cg * s.InPlane);
                ReadOnlySpan<float> patches = xg;
                if (!s.IsPointwise)
                {
                    ConvIm2Col.Im2Col(xg, s.Cg, s.H, s.W, s.Window, s.OutH, s.OutW, col);
                    patches = col;
                }
                Gemm.Sgemm(false, false, og, p, rows, 1f, weight.Slice(g * og * rows, og * rows), rows,
                    patches, p, beta, yImg.Slice(g * og * p, og * p), p);
            }
        }
    }

    /// <summary>
    /// Backward over images [start, end): gx (when not empty) = the input gradient of those images;
    /// gwPartial [O, Cg·kh·kw] and gbPartial [O] (when not empty) are overwritten with this chunk's sums.
    /// </summary>
    /// <remarks><paramref name="col"/>, <paramref name="gradCol"/>: scratch as in <see cref="Forward"/>.</remarks>
    public static void Backward(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> gy, Span<float> gx, Span<float> gwPartial, Span<float> gbPartial, Span<float> col,
        Span<float> gradCol, int start, int end)
    {
        int rows = s.PatchRows, p = s.OutPlane, og = s.Og;
        bool needX = !gx.IsEmpty, needW = !gwPartial.IsEmpty;
        if (!gbPartial.IsEmpty)
        {
            gbPartial.Clear();
        }
        for (int img = start; img < end; img++)
        {
            var xImg = needW ? x.Slice(img * s.C * s.InPlane, s.C * s.InPlane) : default;
            var gyImg = gy.Slice(img * s.O * p, s.O * p);
            if (!gbPartial.IsEmpty)
            {
                for (int o = 0; o < s.O; o++)
                {
                    gbPartial[o] += TensorPrimitives.Sum(gyImg.Slice(o * p, p));
                }
            }
            var gxImg = needX ? gx.Slice(img * s.C * s.InPlane, s.C * s.InPlane) : default;
            if (needX && !s.IsPointwise)
            {
                gxImg.Clear();
            }
            for (int g = 0; g < s.Groups; g++)
            {
                var gyg = gyImg.Slice(g * og * p, og * p);
                var wg = weight.Slice(g * og * rows, og * rows);
                int xgStart = g * s.Cg * s.InPlane, xgLength = s.Cg * s.InPlane;
                if (needW)
                {
                    ReadOnlySpan<float> patches = xImg.Slice(xgStart, xgLength);
                    if (!s.IsPointwise)
                    {
                        ConvIm2Col.Im2Col(patches, s.Cg, s.H, s.W, s.Window, s.OutH, s.OutW, col);
                        patches = col;
                    }
                    Gemm.Sgemm(false, true, og, rows, p, 1f, gyg, p, patches, p, img == start ? 0f : 1f,
                        gwPartial.Slice(g * og * rows, og * rows), rows);
                }
                if (needX)
                {
                    var gxg = gxImg.Slice(xgStart, xgLength);
                    if (s.IsPointwise)
                    {
                        Gemm.Sgemm(true, false, rows, p, og, 1f, wg, rows, gyg, p, 0f, gxg, p);
                    }
                    else
                    {
                        Gemm.Sgemm(true, false, rows, p, og, 1f, wg, rows, gyg, p, 0f, gradCol, p);
                        ConvIm2Col.Col2Im(gradCol, s.Cg, s.H, s.W, s.Window, s.OutH, s.OutW, gxg);
                    }
                }
            }
        }
    }
}
