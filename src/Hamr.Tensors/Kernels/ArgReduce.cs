using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Max or min over a set of axes with the flat input index of the extreme element. Ties go to the first element in
/// row-major order (as PyTorch's max(dim)); NaN wins over numbers and the first NaN is kept (NaN propagates).
/// </summary>
internal static class ArgReduce
{
    /// <summary>
    /// Values and arguments in keep-dims shape. The arguments are flat indices into the dense input, stored as
    /// int bit patterns inside a pooled float tensor (read them with <see cref="Indices"/>).
    /// </summary>
    public static (Tensor Values, Tensor Args) Run(Tensor x, bool[] mask, bool max)
    {
        var keep = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            if (mask[i] && x.Dims[i] == 0)
            {
                throw new ArgumentException($"cannot take the {(max ? "max" : "min")} over an empty axis {i} of {ShapeUtil.Format(x.Dims)}");
            }
            keep[i] = mask[i] ? 1 : x.Dims[i];
        }
        var values = Tensor.Uninitialized(keep);
        var args = Tensor.Uninitialized(keep);
        var vals = values.Span;
        var idx = Indices(args);
        idx.Fill(-1);
        if (x.Count == 0)
        {
            return (values, args);
        }
        var src = x.IsContiguous ? x : x.Contiguous();
        var outStrides = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            outStrides[i] = mask[i] ? 0 : values.Strides[i];
        }
        var (dims, strides) = Broadcast.Coalesce(src.Dims, src.Strides, outStrides);
        var sx = strides[0];
        var so = strides[1];
        int rank = dims.Length, inner = dims[rank - 1], ix = sx[rank - 1], io = so[rank - 1];
        var a = src.Span;
        Span<int> index = stackalloc int[rank];
        int px = 0, po = 0;
        while (true)
        {
            if (io == 0 && ix == 1)
            {
                var run = a.Slice(px, inner);
                int k = max ? TensorPrimitives.IndexOfMax(run) : TensorPrimitives.IndexOfMin(run);
                Update(vals, idx, po, run[k], px + k, max);
            }
            else
            {
                for (int i = 0; i < inner; i++)
                {
                    Update(vals, idx, po + i * io, a[px + i * ix], px + i * ix, max);
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
                return (values, args);
            }
        }
    }

    /// <summary>The int view of an argument tensor made by <see cref="Run"/>.</summary>
    public static Span<int> Indices(Tensor args) => MemoryMarshal.Cast<float, int>(args.Span);

    private static void Update(Span<float> vals, Span<int> idx, int o, float v, int flat, bool max)
    {
        float best = vals[o];
        bool better = idx[o] < 0
            || (max ? v > best : v < best)
            || (float.IsNaN(v) && !float.IsNaN(best));
        if (better)
        {
            vals[o] = v;
            idx[o] = flat;
        }
    }
}
