using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

/// <summary>
/// Broadcast elementwise evaluation over strided operands: dimensions are coalesced where every operand allows
/// it, then the innermost run goes through the vector drivers (stride 1 or stride 0 per operand).
/// </summary>
internal static class Broadcast
{
    /// <summary>Merges adjacent axes that are laid out contiguously in every operand (and drops size-1 axes).</summary>
    public static (int[] Dims, int[][] Strides) Coalesce(int[] dims, params int[][] strides)
    {
        var d = new List<int>(dims.Length);
        var s = new List<int>[strides.Length];
        for (int k = 0; k < strides.Length; k++)
        {
            s[k] = new List<int>(dims.Length);
        }
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1)
            {
                continue;
            }
            if (d.Count > 0)
            {
                int last = d.Count - 1;
                bool merge = true;
                for (int k = 0; k < strides.Length && merge; k++)
                {
                    merge = s[k][last] == strides[k][i] * dims[i];
                }
                if (merge)
                {
                    d[last] *= dims[i];
                    for (int k = 0; k < strides.Length; k++)
                    {
                        s[k][last] = strides[k][i];
                    }
                    continue;
                }
            }
            d.Add(dims[i]);
            for (int k = 0; k < strides.Length; k++)
            {
                s[k].Add(strides[k][i]);
            }
        }
        if (d.Count == 0)
        {
            d.Add(1);
            for (int k = 0; k < strides.Length; k++)
            {
                s[k].Add(0);
            }
        }
        return (d.ToArray(), s.Select(x => x.ToArray()).ToArray());
    }

    /// <summary>out = op(a, b) with NumPy broadcasting into a new dense tensor.</summary>
    public static Tensor Binary<TOp>(Tensor a, Tensor b) where TOp : struct, IBinaryOperator
    {
        if (a.IsContiguous && b.IsContiguous)
        {
            if (ShapeUtil.SameShape(a.Dims, b.Dims))
            {
                var r = Tensor.Uninitialized(a.Dims);
                Elementwise.Binary<TOp>(a.Span, b.Span, r.Span);
                return r;
            }
            if (b.Count == 1 && a.Rank >= b.Rank)
            {
                var r = Tensor.Uninitialized(a.Dims);
                Elementwise.BinaryScalarRight<TOp>(a.Span, b.Buffer[b.Offset], r.Span);
                return r;
            }
            if (a.Count == 1 && b.Rank >= a.Rank)
            {
                var r = Tensor.Uninitialized(b.Dims);
                Elementwise.BinaryScalarLeft<TOp>(a.Buffer[a.Offset], b.Span, r.Span);
                return r;
            }
        }
        var shape = ShapeUtil.Broadcast(a.Dims, b.Dims);
        var result = Tensor.Uninitialized(shape);
        var sa = ShapeUtil.BroadcastStrides(a.Dims, a.Strides, shape);
        var sb = ShapeUtil.BroadcastStrides(b.Dims, b.Strides, shape);
        var so = result.Strides;
        var (dims, strides) = Coalesce(shape, sa, sb, so);
        Run<TOp>(dims, a.Buffer, a.Offset, strides[0], b.Buffer, b.Offset, strides[1], result.Buffer, strides[2]);
        return result;
    }

    private static void Run<TOp>(int[] dims, float[] a, int oa, int[] sa, float[] b, int ob, int[] sb, float[] o, int[] so)
        where TOp : struct, IBinaryOperator
    {
        if (ShapeUtil.Count(dims) == 0)
        {
            return;
        }
        int rank = dims.Length;
        int inner = dims[rank - 1];
        int ia = sa[rank - 1], ib = sb[rank - 1], io = so[rank - 1];
        Span<int> index = stackalloc int[rank];
        int pa = oa, pb = ob, po = 0;
        while (true)
        {
            if (io == 1 && ia == 1 && ib == 1)
            {
                Elementwise.Binary<TOp>(a.AsSpan(pa, inner), b.AsSpan(pb, inner), o.AsSpan(po, inner));
            }
            else if (io == 1 && ia == 1 && ib == 0)
            {
                Elementwise.BinaryScalarRight<TOp>(a.AsSpan(pa, inner), b[pb], o.AsSpan(po, inner));
            }
            else if (io == 1 && ia == 0 && ib == 1)
            {
                Elementwise.BinaryScalarLeft<TOp>(a[pa], b.AsSpan(pb, inner), o.AsSpan(po, inner));
            }
            else
            {
                for (int i = 0; i < inner; i++)
                {
                    o[po + i * io] = TOp.Invoke(a[pa + i * ia], b[pb + i * ib]);
                }
            }
            int ax = rank - 2;
            for (; ax >= 0; ax--)
            {
                pa += sa[ax];
                pb += sb[ax];
                po += so[ax];
                if (++index[ax] < dims[ax])
                {
                    break;
                }
                pa -= sa[ax] * dims[ax];
                pb -= sb[ax] * dims[ax];
                po -= so[ax] * dims[ax];
                index[ax] = 0;
            }
            if (ax < 0)
            {
                return;
            }
        }
    }

    /// <summary>out = op(x) elementwise into a new dense tensor (strided input gathered first).</summary>
    public static Tensor Unary<TOp>(Tensor x) where TOp : struct, IUnaryOperator
    {
        var src = x.IsContiguous ? x : x.Contiguous();
        var r = Tensor.Uninitialized(x.Dims);
        Elementwise.Unary<TOp>(src.Span, r.Span);
        return r;
    }
}
