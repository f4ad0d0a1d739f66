using System.Buffers;
using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

/// <summary>
/// Sum over a set of axes of a strided tensor, result in keep-dims shape (no autograd here). Long reductions
/// accumulate in double so that summing many rows keeps float precision.
/// </summary>
internal static class Reductions
{
    /// <summary>Above this many summed elements per output, partial sums are kept in double.</summary>
    private const int DoubleAccumulationThreshold = 256;

    public static Tensor Sum(Tensor x, bool[] mask)
    {
        var keep = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            keep[i] = mask[i] ? 1 : x.Dims[i];
        }
        var result = Tensor.Zeros(keep);
        if (x.Count == 0)
        {
            return result;
        }
        var outStrides = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            outStrides[i] = mask[i] ? 0 : result.Strides[i];
        }
        var (dims, strides) = Broadcast.Coalesce(x.Dims, x.Strides, outStrides);
        if (x.Count / result.Count > DoubleAccumulationThreshold)
        {
            SumInDouble(x, result, dims, strides[0], strides[1]);
            return result;
        }
        var sx = strides[0];
        var so = strides[1];
        int rank = dims.Length, inner = dims[rank - 1], ix = sx[rank - 1], io = so[rank - 1];
        var a = x.Buffer;
        var o = result.Buffer;
        Span<int> index = stackalloc int[rank];
        int px = x.Offset, po = 0;
        while (true)
        {
            if (io == 0)
            {
                o[po] += ix == 1 ? Elementwise.Sum(a.AsSpan(px, inner)) : StridedSum(a, px, ix, inner);
            }
            else if (ix == 1 && io == 1)
            {
                Elementwise.AddInPlace(o.AsSpan(po, inner), a.AsSpan(px, inner));
            }
            else
            {
                for (int i = 0; i < inner; i++)
                {
                    o[po + i * io] += a[px + i * ix];
                }
            }
            int ax = rank - 2;
            for (; ax >= 0; ax--)
            {
                px += sx[ax];
                po += so[ax];
                if (++index[ax] < dims[ax])
                {
                    break;
                }
                px -= sx[ax] * dims[ax];
                po -= so[ax] * dims[ax];
                index[ax] = 0;
            }
            if (ax < 0)
            {
                return result;
            }
        }
    }

    private static void SumInDouble(Tensor x, Tensor result, int[] dims, int[] sx, int[] so)
    {
        var acc = ArrayPool<double>.Shared.Rent(result.Count);
        Array.Clear(acc, 0, result.Count);
        int rank = dims.Length, inner = dims[rank - 1], ix = sx[rank - 1], io = so[rank - 1];
        var a = x.Buffer;
        Span<int> index = stackalloc int[rank];
        int px = x.Offset, po = 0;
        while (true)
        {
            if (io == 0 && ix == 1)
            {
                acc[po] += Elementwise.Sum(a.AsSpan(px, inner));
            }
            else
            {
                for (int i = 0; i < inner; i++)
                {
                    acc[po + i * io] += a[px + i * ix];
                }
            }
            int ax = rank - 2;
            for (; ax >= 0; ax--)
            {
                px += sx[ax];
                po += so[ax];
                if (++index[ax] < dims[ax])
                {
                    break;
                }
                px -= sx[ax] * dims[ax];
                po -= so[ax] * dims[ax];
                index[ax] = 0;
            }
            if (ax < 0)
            {
                break;
            }
        }
        var o = result.Span;
        for (int i = 0; i < o.Length; i++)
        {
            o[i] = (float)acc[i];
        }
        ArrayPool<double>.Shared.Return(acc);
    }

    private static float StridedSum(float[] a, int p, int stride, int n)
    {
        float s = 0;
        for (int i = 0; i < n; i++, p += stride)
        {
            s += a[p];
        }
        return s;
    }
}
