using System.Buffers;
using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Softmax and log-softmax over the middle axis of a dense [outer, n, inner] block, with the max subtracted for
/// stability. inner = 1 runs along contiguous rows; otherwise whole inner-length vectors are combined so every
/// step stays vectorised. Spans may not partially overlap.
/// </summary>
internal static class SoftmaxKernel
{
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner, bool log)
    {
        if (n == 0 || inner == 0)
        {
            return;
        }
        int block = n * inner;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * block, block);
                var dst = y.Slice(o * block, block);
                float max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, dst);
                TensorPrimitives.Exp(dst, dst);
                float sum = TensorPrimitives.Sum(dst);
                if (log)
                {
                    TensorPrimitives.Subtract(row, max + MathF.Log(sum), dst);
                }
                else
                {
                    TensorPrimitives.Multiply(dst, 1f / sum, dst);
                }
            }
            return;
        }
        var scratch = ArrayPool<float>.Shared.Rent(2 * inner);
        var max2 = scratch.AsSpan(0, inner);
        var sum2 = scratch.AsSpan(inner, inner);
        for (int o = 0; o < outer; o++)
        {
            var xs = x.Slice(o * block, block);
            var ys = y.Slice(o * block, block);
            xs[..inner].CopyTo(max2);
            for (int j = 1; j < n; j++)
            {
                TensorPrimitives.Max(max2, xs.Slice(j * inner, inner), max2);
            }
            sum2.Clear();
            for (int j = 0; j < n; j++)
            {
                var d = ys.Slice(j * inner, inner);
                TensorPrimitives.Subtract(xs.Slice(j * inner, inner), max2, d);
                TensorPrimitives.Exp(d, d);
                TensorPrimitives.Add(sum2, d, sum2);
            }
            if (log)
            {
                TensorPrimitives.Log(sum2, sum2);
                TensorPrimitives.Add(sum2, max2, sum2);
                for (int j = 0; j < n; j++)
                {
                    TensorPrimitives.Subtract(xs.Slice(j * inner, inner), sum2, ys.Slice(j * inner, inner));
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    var d = ys.Slice(j * inner, inner);
                    TensorPrimitives.Divide(d, sum2, d);
                }
            }
        }
        ArrayPool<float>.Shared.Return(scratch);
    }

    /// <summary>
    /// Input gradient from the output y and its gradient g: softmax y·(g − Σ g·y); log-softmax g − e^y·Σ g.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, int outer, int n, int inner, bool log)
    {
        if (n == 0 || inner == 0)
        {
            return;
        }
        int block = n * inner;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var ys = y.Slice(o * block, block);
                var gs = g.Slice(o * block, block);
                var ds = dx.Slice(o * block, block);
                if (log)
                {
                    float total = TensorPrimitives.Sum(gs);
                    TensorPrimitives.Exp(ys, ds);
                    TensorPrimitives.MultiplyAdd(ds, -total, gs, ds);
                }
                else
                {
                    float dot = TensorPrimitives.Dot(gs, ys);
                    TensorPrimitives.Subtract(gs, dot, ds);
                    TensorPrimitives.Multiply(ds, ys, ds);
                }
            }
            return;
        }
        var scratch = ArrayPool<float>.Shared.Rent(inner);
        var acc = scratch.AsSpan(0, inner);
        for (int o = 0; o < outer; o++)
        {
            var ys = y.Slice(o * block, block);
            var gs = g.Slice(o * block, block);
            var ds = dx.Slice(o * block, block);
            acc.Clear();
            for (int j = 0; j < n; j++)
            {
                var gj = gs.Slice(j * inner, inner);
                if (log)
                {
                    TensorPrimitives.Add(acc, gj, acc);
                }
                else
                {
                    TensorPrimitives.FusedMultiplyAdd(gj, ys.Slice(j * inner, inner), acc, acc);
                }
            }
            for (int j = 0; j < n; j++)
            {
                var yj = ys.Slice(j * inner, inner);
                var gj = gs.Slice(j * inner, inner);
                var dj = ds.Slice(j * inner, inner);
                if (log)
                {
                    TensorPrimitives.Exp(yj, dj);
                    TensorPrimitives.Multiply(dj, acc, dj);
                    TensorPrimitives.Subtract(gj, dj, dj);
                }
                else
                {
                    TensorPrimitives.Subtract(gj, acc, dj);
                    TensorPrimitives.Multiply(dj, yj, dj);
                }
            }
        }
        ArrayPool<float>.Shared.Return(scratch);
    }
}
