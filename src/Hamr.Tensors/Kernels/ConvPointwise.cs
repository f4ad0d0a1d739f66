using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Pointwise (1×1, stride 1, unpadded, one group) convolution on small planes, batch-wide: the images are
/// gathered into one [C, N·P] matrix so forward and both gradients are each ONE GEMM of the whole batch
/// (Y[O, N·P] = W · X, dW = dY · Xᵀ, dX = Wᵀ · dY) instead of N thin per-image GEMMs of P columns. The
/// gathers and scatters cost (C + O)·N·P copies against O·C·N·P multiply-adds. Large planes keep the
/// per-image GEMM path (<see cref="ConvGemm"/>), where P columns are already plenty.
/// </summary>
internal static class ConvPointwise
{
    /// <summary>Planes up to this many pixels run batch-wide (e.g. 8×8 and smaller).</summary>
    public const int MaxBatchWidePlane = 64;

    public static bool Applies(in ConvShape s) =>
        s.IsPointwise && s.Groups == 1 && s.N > 1 && s.OutPlane <= MaxBatchWidePlane;

    /// <summary>y = conv(x, w) + b (all contiguous; y overwritten).</summary>
    public static void Forward(in ConvShape s, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        int cols = s.N * s.OutPlane;
        var xT = Tensor.Uninitialized([s.C, cols]);
        var yT = Tensor.Uninitialized([s.O, cols]);
        Gather(x.Span, s.N, s.C, s.OutPlane, xT.Span);
        float beta = 0f;
        if (b is not null)
        {
            var bs = b.Span;
            for (int o = 0; o < s.O; o++)
            {
                yT.Span.Slice(o * cols, cols).Fill(bs[o]);
            }
            beta = 1f;
        }
        Gemm.Sgemm(false, false, s.O, cols, s.C, 1f, w.Span, s.C, xT.Span, cols, beta, yT.Span, cols);
        Scatter(yT.Span, s.N, s.O, s.OutPlane, y.Span);
    }

    /// <summary>Gradients into the given (pre-allocated, overwritten) tensors; null where not wanted.</summary>
    /// <remarks><paramref name="x"/> is only read for the weight gradient.</remarks>
    public static void Backward(in ConvShape s, Tensor? x, Tensor w, Tensor gy, Tensor? gx, Tensor? gw, Tensor? gb)
    {
        int cols = s.N * s.OutPlane;
        var gyT = Tensor.Uninitialized([s.O, cols]);
        Gather(gy.Span, s.N, s.O, s.OutPlane, gyT.Span);
        if (gb is not null)
        {
            var gbs = gb.Span;
            for (int o = 0; o < s.O; o++)
            {
                gbs[o] = TensorPrimitives.Sum(gyT.Span.Slice(o * cols, cols));
            }
        }
        if (gw is not null)
        {
            var xT = Tensor.Uninitialized([s.C, cols]);
            Gather(x!.Span, s.N, s.C, s.OutPlane, xT.Span);
            Gemm.Sgemm(false, true, s.O, s.C, cols, 1f, gyT.Span, cols, xT.Span, cols, 0f, gw.Span, s.C);
        }
        if (gx is not null)
        {
            var gxT = Tensor.Uninitialized([s.C, cols]);
            Gemm.Sgemm(true, false, s.C, cols, s.O, 1f, w.Span, s.C, gyT.Span, cols, 0f, gxT.Span, cols);
            Scatter(gxT.Span, s.N, s.C, s.OutPlane, gx.Span);
        }
    }

    /// <summary>dst[c, n·p + j] = src[n, c, j] ([N, C, P] → [C, N·P]).</summary>
    private static void Gather(ReadOnlySpan<float> src, int n, int c, int p, Span<float> dst)
    {
        for (int img = 0; img < n; img++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                src.Slice(((img * c) + ch) * p, p).CopyTo(dst.Slice((ch * n * p) + (img * p), p));
            }
        }
    }

    /// <summary>dst[n, c, j] = src[c, n·p + j] ([C, N·P] → [N, C, P]).</summary>
    private static void Scatter(ReadOnlySpan<float> src, int n, int c, int p, Span<float> dst)
    {
        for (int img = 0; img < n; img++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                src.Slice((ch * n * p) + (img * p), p).CopyTo(dst.Slice(((img * c) + ch) * p, p));
            }
        }
    }
}
