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
    [ThreadStatic] private static float[]? t_col;
    [ThreadStatic] private static float[]? t_gradCol;

    internal static Span<float> Scratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(length, 1024));
        }
        return buffer.AsSpan(0, length);
    }

    /// <summary>y[N, O, OutH, OutW] = conv(x[N, C, H, W], weight) + bias, images [start, end).</summary>
    public static void Forward(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, int start, int end)
    {
        int rows = s.PatchRows, p = s.OutPlane, og = s.Og;
        var col = s.IsPointwise ? default : Scratch(ref t_col, rows * p);
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
    public static void Backward(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> gy, Span<float> gx, Span<float> gwPartial, Span<float> gbPartial, int start, int end)
    {
        int rows = s.PatchRows, p = s.OutPlane, og = s.Og;
        bool needX = !gx.IsEmpty, needW = !gwPartial.IsEmpty;
        var col = s.IsPointwise || !needW ? default : Scratch(ref t_col, rows * p);
        var gradCol = s.IsPointwise || !needX ? default : Scratch(ref t_gradCol, rows * p);
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
