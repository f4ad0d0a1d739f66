namespace Hamr.Tensors;

// Integer indexing: IndexSelect (whole slices by index, repeats allowed), Gather and ScatterAdd with torch.gather /
// torch.scatter_add semantics. Each one's backward is the other's scatter-add or gather.
//
// Index tensors: Gather and ScatterAdd take the index either as an int[] plus its shape, or as a float tensor whose
// values are whole numbers (what argmax-like ops in this engine produce); a non-integral value throws.
public sealed partial class Tensor
{
    /// <summary>The slices at <paramref name="indices"/> along an axis, in that order (negative indices count from the end).</summary>
    public Tensor IndexSelect(int axis, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = ShapeUtil.Axis(axis, Rank);
        int n = Dims[a];
        var idx = new int[indices.Length];
        for (int i = 0; i < idx.Length; i++)
        {
            int k = indices[i] < 0 ? indices[i] + n : indices[i];
            if ((uint)k >= (uint)n)
            {
                throw new IndexOutOfRangeException($"IndexSelect: index {indices[i]} out of range for axis {a} of {ShapeUtil.Format(Dims)}");
            }
            idx[i] = k;
        }
        var (outer, inner) = OuterInner(Dims, a);
        var x = Contiguous();
        var dims = (int[])Dims.Clone();
        dims[a] = idx.Length;
        var r = Uninitialized(dims);
        var src = x.Span;
        var dst = r.Span;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < idx.Length; j++)
            {
                src.Slice((o * n + idx[j]) * inner, inner).CopyTo(dst.Slice((o * idx.Length + j) * inner, inner));
            }
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "IndexSelect", [this], g =>
        {
            var gx = Zeros(inputShape);
            var gs = g.Contiguous().Span;
            var gd = gx.Span;
            for (int o = 0; o < outer; o++)
            {
                for (int j = 0; j < idx.Length; j++)
                {
                    Kernels.Elementwise.AddInPlace(gd.Slice((o * n + idx[j]) * inner, inner), gs.Slice((o * idx.Length + j) * inner, inner));
                }
            }
            return [gx];
        });
    }

    /// <summary>
    /// torch.gather: out[i][j][k] = x[index[i][j][k]][j][k] for axis 0 (likewise for other axes). The index has the
    /// input's rank, its sizes no larger than the input's except along <paramref name="axis"/>; the result has its shape.
    /// </summary>
    public Tensor Gather(int axis, Tensor index) => Gather(axis, IndexValues(index, "Gather"), index.Dims);

    /// <summary>torch.gather with the index as row-major integers of shape <paramref name="indexShape"/>.</summary>
    public Tensor Gather(int axis, int[] index, params int[] indexShape)
    {
        int a = ShapeUtil.Axis(axis, Rank);
        var idx = CheckScatterIndex("Gather", a, index, indexShape, Dims, null);
        var x = Contiguous();
        var r = Uninitialized(indexShape);
        var src = x.Span;
        var dst = r.Span;
        var offsets = ScatterOffsets(a, idx, indexShape, x.Strides);
        for (int i = 0; i < offsets.Length; i++)
        {
            dst[i] = src[offsets[i]];
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "Gather", [this], g =>
        {
            var gx = Zeros(inputShape);
            var gs = g.Contiguous().Span;
            var gd = gx.Span;
            for (int i = 0; i < offsets.Length; i++)
            {
                gd[offsets[i]] += gs[i];
            }
            return [gx];
        });
    }

    /// <summary>
    /// torch.scatter_add (out of place): a copy of this tensor with out[index[i][j][k]][j][k] += src[i][j][k] for axis 0.
    /// The index has the shape of <paramref name="source"/> (or a prefix-sized part of it, as in PyTorch).
    /// </summary>
    public Tensor ScatterAdd(int axis, Tensor index, Tensor source) =>
        ScatterAdd(axis, IndexValues(index, "ScatterAdd"), index.Dims, source);

    /// <summary>torch.scatter_add with the index as row-major integers of shape <paramref name="indexShape"/>.</summary>
    public Tensor ScatterAdd(int axis, int[] index, int[] indexShape, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int a = ShapeUtil.Axis(axis, Rank);
        var idx = CheckScatterIndex("ScatterAdd", a, index, indexShape, Dims, source.Dims);
        var r = Uninitialized(Dims);
        StridedCopy.Gather(this, r.Span);
        var dst = r.Span;
        var offsets = ScatterOffsets(a, idx, indexShape, r.Strides);
        // The index may cover only part of the source: read the source through the index's shape.
        var srcView = new Tensor(source.Buffer, source.Offset, (int[])indexShape.Clone(), source.Strides);
        var src = srcView.Contiguous().Span;
        for (int i = 0; i < offsets.Length; i++)
        {
            dst[offsets[i]] += src[i];
        }
        if (!AnyRequiresGrad(this, source))
        {
            return r;
        }
        var selfRequires = RequiresGrad;
        var sourceShape = source.Dims;
        var shape = (int[])indexShape.Clone();
        return Record(r, "ScatterAdd", [this, source], g =>
        {
            Tensor? gs = null;
            if (source.RequiresGrad)
            {
                var gc = g.Contiguous().Span;
                gs = Zeros(sourceShape);
                var part = new Tensor(gs.Buffer, gs.Offset, shape, gs.Strides);
                var picked = new float[offsets.Length];
                for (int i = 0; i < offsets.Length; i++)
                {
                    picked[i] = gc[offsets[i]];
                }
                StridedCopy.Scatter(picked, part);
            }
            return [selfRequires ? g : null, gs];
        });
    }

    /// <summary>Element offsets (in a tensor with <paramref name="strides"/>) that each index position addresses.</summary>
    private static int[] ScatterOffsets(int axis, int[] index, int[] indexShape, int[] strides)
    {
        int rank = indexShape.Length;
        var offsets = new int[index.Length];
        if (index.Length == 0)
        {
            return offsets;
        }
        Span<int> coord = stackalloc int[rank];
        int baseOffset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            offsets[i] = baseOffset + index[i] * strides[axis];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (d != axis)
                {
                    baseOffset += strides[d];
                }
                if (++coord[d] < indexShape[d])
                {
                    break;
                }
                if (d != axis)
                {
                    baseOffset -= strides[d] * indexShape[d];
                }
                coord[d] = 0;
            }
        }
        return offsets;
    }

    private static int[] CheckScatterIndex(string op, int axis, int[] index, int[] indexShape, int[] dims, int[]? sourceDims)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(indexShape);
        if (indexShape.Length != dims.Length || ShapeUtil.Count(indexShape) != index.Length)
        {
            throw new ArgumentException(
                $"{op}: index of shape {ShapeUtil.Format(indexShape)} ({index.Length} values) for input {ShapeUtil.Format(dims)}");
        }
        if (sourceDims is not null && sourceDims.Length != dims.Length)
        {
            throw new ArgumentException($"{op}: source {ShapeUtil.Format(sourceDims)} and input {ShapeUtil.Format(dims)} differ in rank");
        }
        for (int d = 0; d < dims.Length; d++)
        {
            bool tooBig = (d != axis && indexShape[d] > dims[d]) || (sourceDims is not null && indexShape[d] > sourceDims[d]);
            if (tooBig)
            {
                var extra = sourceDims is null ? "" : $" and source {ShapeUtil.Format(sourceDims)}";
                throw new ArgumentException(
                    $"{op}: index shape {ShapeUtil.Format(indexShape)} exceeds input {ShapeUtil.Format(dims)}{extra} on axis {d}");
            }
        }
        var idx = new int[index.Length];
        int n = dims[axis];
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + n : index[i];
            if ((uint)k >= (uint)n)
            {
                throw new IndexOutOfRangeException($"{op}: index {index[i]} out of range for axis {axis} of {ShapeUtil.Format(dims)}");
            }
            idx[i] = k;
        }
        return idx;
    }

    private static int[] IndexValues(Tensor index, string op)
    {
        ArgumentNullException.ThrowIfNull(index);
        var values = index.ToArray();
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v != MathF.Round(v) || Math.Abs(v) > int.MaxValue / 2)
            {
                throw new ArgumentException($"{op}: index value {v} at position {i} is not a whole number");
            }
            result[i] = (int)v;
        }
        return result;
    }

    /// <summary>Product of the dimensions before and after <paramref name="axis"/>.</summary>
    private static (int Outer, int Inner) OuterInner(int[] dims, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= dims[i];
        }
        for (int i = axis + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }
        return (outer, inner);
    }
}
