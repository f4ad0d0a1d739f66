namespace Hamr.Tensors;

// Views share the buffer and change only shape, strides and offset: reshape, permute, transpose, slice,
// select, expand, squeeze/unsqueeze; Contiguous() copies when a view is not dense.
public sealed partial class Tensor
{
    /// <summary>Dense copy when needed (identity for contiguous tensors).</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous)
        {
            return this;
        }
        var r = Uninitialized(Dims);
        StridedCopy.Gather(this, r.Span);
        return AnyRequiresGrad(this) ? Record(r, "Contiguous", [this], g => [g]) : r;
    }

    /// <summary>A copy that owns its data (never a view); the copy stays in the graph.</summary>
    public Tensor Clone()
    {
        var r = Uninitialized(Dims);
        StridedCopy.Gather(this, r.Span);
        return AnyRequiresGrad(this) ? Record(r, "Clone", [this], g => [g]) : r;
    }

    /// <summary>New shape with the same elements in row-major order; one dimension may be -1.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var dims = ResolveShape(shape);
        if (ShapeUtil.SameShape(dims, Dims))
        {
            return this;
        }
        var src = Contiguous();
        var r = new Tensor(src.Buffer, src.Offset, dims, ShapeUtil.ContiguousStrides(dims));
        if (!AnyRequiresGrad(src))
        {
            return r;
        }
        var inputShape = src.Dims;
        return Record(r, "Reshape", [src], g => [g.Reshape(inputShape)]);
    }

    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>Collapses axes <paramref name="startAxis"/>..<paramref name="endAxis"/> into one.</summary>
    public Tensor Flatten(int startAxis = 0, int endAxis = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }
        int s = ShapeUtil.Axis(startAxis, Rank), e = ShapeUtil.Axis(endAxis, Rank);
        var dims = new List<int>();
        for (int i = 0; i < s; i++)
        {
            dims.Add(Dims[i]);
        }
        int n = 1;
        for (int i = s; i <= e; i++)
        {
            n *= Dims[i];
        }
        dims.Add(n);
        for (int i = e + 1; i < Rank; i++)
        {
            dims.Add(Dims[i]);
        }
        return Reshape(dims.ToArray());
    }

    private int[] ResolveShape(int[] shape)
    {
        var dims = (int[])shape.Clone();
        int infer = -1, known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException("only one dimension may be -1 in a reshape");
                }
                infer = i;
            }
            else
            {
                known *= dims[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || Count % known != 0)
            {
                throw new ArgumentException($"cannot reshape {ShapeUtil.Format(Dims)} into {ShapeUtil.Format(shape)}");
            }
            dims[infer] = Count / known;
        }
        if (ShapeUtil.Count(dims) != Count)
        {
            throw new ArgumentException($"cannot reshape {ShapeUtil.Format(Dims)} ({Count} elements) into {ShapeUtil.Format(shape)}");
        }
        return dims;
    }

    /// <summary>Reorders axes: result axis i is input axis <paramref name="axes"/>[i].</summary>
    public Tensor Permute(params int[] axes)
    {
        if (axes.Length != Rank)
        {
            throw new ArgumentException($"permute needs {Rank} axes, got {axes.Length}");
        }
        var dims = new int[Rank];
        var strides = new int[Rank];
        var inverse = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int a = ShapeUtil.Axis(axes[i], Rank);
            if (seen[a])
            {
                throw new ArgumentException($"axis {a} repeated in permute");
            }
            seen[a] = true;
            dims[i] = Dims[a];
            strides[i] = Strides[a];
            inverse[a] = i;
        }
        var r = new Tensor(Buffer, Offset, dims, strides);
        return AnyRequiresGrad(this) ? Record(r, "Permute", [this], g => [g.Permute(inverse)]) : r;
    }

    public Tensor Transpose(int axis0, int axis1)
    {
        var axes = Enumerable.Range(0, Rank).ToArray();
        int a = ShapeUtil.Axis(axis0, Rank), b = ShapeUtil.Axis(axis1, Rank);
        (axes[a], axes[b]) = (axes[b], axes[a]);
        return Permute(axes);
    }

    /// <summary>Swaps the last two axes (matrix transpose, batched).</summary>
    public Tensor T => Transpose(-2, -1);

    /// <summary>Elements <paramref name="start"/> .. start+length-1 (every <paramref name="step"/>-th) along an axis.</summary>
    public Tensor Slice(int axis, int start, int length, int step = 1)
    {
        int a = ShapeUtil.Axis(axis, Rank);
        if (start < 0)
        {
            start += Dims[a];
        }
        if (step < 1 || start < 0 || length < 0 || (length > 0 && start + (length - 1) * step >= Dims[a]))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"slice start {start}, length {length}, step {step} outside axis {a} of size {Dims[a]}");
        }
        var dims = (int[])Dims.Clone();
        var strides = (int[])Strides.Clone();
        dims[a] = length;
        strides[a] = Strides[a] * step;
        var r = new Tensor(Buffer, Offset + start * Strides[a], dims, strides);
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "Slice", [this], g =>
        {
            var full = Zeros(inputShape);
            StridedCopy.Scatter(g.Contiguous().Span, full.Slice(a, start, length, step));
            return [full];
        });
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along an axis (the axis is removed).</summary>
    public Tensor Select(int axis, int index)
    {
        int a = ShapeUtil.Axis(axis, Rank);
        var sliced = Slice(a, index < 0 ? index + Dims[a] : index, 1);
        var dims = sliced.Dims.Where((_, i) => i != a).ToArray();
        return sliced.Reshape(dims);
    }

    /// <summary>Broadcast view to <paramref name="shape"/> (size-1 axes repeat with stride 0; new axes in front).</summary>
    public Tensor Expand(params int[] shape)
    {
        if (shape.Length < Rank)
        {
            throw new ArgumentException($"cannot expand {ShapeUtil.Format(Dims)} to fewer axes {ShapeUtil.Format(shape)}");
        }
        var target = (int[])shape.Clone();
        int lead = target.Length - Rank;
        for (int i = 0; i < Rank; i++)
        {
            if (target[lead + i] == -1)
            {
                target[lead + i] = Dims[i];
            }
            if (Dims[i] != 1 && Dims[i] != target[lead + i])
            {
                throw new ArgumentException($"cannot expand {ShapeUtil.Format(Dims)} to {ShapeUtil.Format(shape)}");
            }
        }
        if (ShapeUtil.SameShape(target, Dims))
        {
            return this;
        }
        var strides = ShapeUtil.BroadcastStrides(Dims, Strides, target);
        var r = new Tensor(Buffer, Offset, target, strides);
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "Expand", [this], g => [g.SumToShape(inputShape)]);
    }

    public Tensor Unsqueeze(int axis)
    {
        int a = axis < 0 ? axis + Rank + 1 : axis;
        if (a < 0 || a > Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"unsqueeze axis {axis} for rank {Rank}");
        }
        var dims = new List<int>(Dims);
        dims.Insert(a, 1);
        return Reshape(dims.ToArray());
    }

    /// <summary>Removes size-1 axes (one axis, or all when null).</summary>
    public Tensor Squeeze(int? axis = null)
    {
        if (axis is int ax)
        {
            int a = ShapeUtil.Axis(ax, Rank);
            return Dims[a] == 1 ? Reshape(Dims.Where((_, i) => i != a).ToArray()) : this;
        }
        return Reshape(Dims.Where(d => d != 1).ToArray());
    }
}
