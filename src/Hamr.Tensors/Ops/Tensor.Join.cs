namespace Hamr.Tensors;

// Joining and splitting along an axis: Concat and Stack copy into a new tensor (each input's gradient is its slice
// of the output's gradient); Split and Chunk return Slice views, so each piece's gradient lands in its own slice.
public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor");
        }
        var first = tensors[0];
        if (first.Rank == 0)
        {
            throw new ArgumentException("Concat cannot join rank-0 tensors; use Stack");
        }
        int a = ShapeUtil.Axis(axis, first.Rank);
        int total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            bool fits = t.Rank == first.Rank;
            for (int d = 0; fits && d < t.Rank; d++)
            {
                fits = d == a || t.Dims[d] == first.Dims[d];
            }
            if (!fits)
            {
                throw new ArgumentException(
                    $"Concat along axis {a}: tensor {i} has shape {ShapeUtil.Format(t.Dims)}, tensor 0 has {ShapeUtil.Format(first.Dims)}");
            }
            total += t.Dims[a];
        }
        var dims = (int[])first.Dims.Clone();
        dims[a] = total;
        var r = Uninitialized(dims);
        var view = r.Detach();
        var offsets = new int[tensors.Count];
        int offset = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            offsets[i] = offset;
            if (t.Count > 0)
            {
                using var _ = GradMode.NoGrad();
                StridedCopy.Scatter(t.Contiguous().Span, view.Slice(a, offset, t.Dims[a]));
            }
            offset += t.Dims[a];
        }
        var inputs = tensors.ToArray();
        if (!AnyRequiresGrad(inputs))
        {
            return r;
        }
        return Record(r, "Concat", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].RequiresGrad)
                {
                    grads[i] = g.Slice(a, offsets[i], inputs[i].Dims[a]).Contiguous();
                }
            }
            return grads;
        });
    }

    /// <summary>Joins equally shaped tensors along a new axis inserted at <paramref name="axis"/>.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Stack needs at least one tensor");
        }
        var first = tensors[0];
        int rank = first.Rank + 1;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"stack axis {axis} for tensors of rank {first.Rank}");
        }
        var expanded = new Tensor[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            if (!ShapeUtil.SameShape(tensors[i].Dims, first.Dims))
            {
                throw new ArgumentException(
                    $"Stack: tensor {i} has shape {ShapeUtil.Format(tensors[i].Dims)}, tensor 0 has {ShapeUtil.Format(first.Dims)}");
            }
            expanded[i] = tensors[i].Unsqueeze(a);
        }
        return Concat(expanded, a);
    }

    /// <summary>Pieces of the given sizes along an axis (the sizes must add up to the axis); each piece is a view.</summary>
    public Tensor[] Split(int[] sizes, int axis)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int a = ShapeUtil.Axis(axis, Rank);
        int sum = 0;
        foreach (var s in sizes)
        {
            if (s < 0)
            {
                throw new ArgumentException($"Split sizes [{string.Join(", ", sizes)}] contain a negative size");
            }
            sum += s;
        }
        if (sum != Dims[a])
        {
            throw new ArgumentException(
                $"Split sizes [{string.Join(", ", sizes)}] add up to {sum}, axis {a} of {ShapeUtil.Format(Dims)} has {Dims[a]}");
        }
        var pieces = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            pieces[i] = Slice(a, sizes[i] == 0 ? 0 : start, sizes[i]);
            start += sizes[i];
        }
        return pieces;
    }

    /// <summary>
    /// PyTorch's chunk: pieces of ceil(size / n) along an axis, the last one smaller; fewer than
    /// <paramref name="chunks"/> pieces when the axis is too short to fill them all.
    /// </summary>
    public Tensor[] Chunk(int chunks, int axis)
    {
        if (chunks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), $"Chunk needs at least one chunk, got {chunks}");
        }
        int a = ShapeUtil.Axis(axis, Rank);
        int n = Dims[a];
        int size = Math.Max(1, (n + chunks - 1) / chunks);
        var sizes = new List<int>();
        for (int start = 0; start < n; start += size)
        {
            sizes.Add(Math.Min(size, n - start));
        }
        if (sizes.Count == 0)
        {
            sizes.Add(0);
        }
        return Split(sizes.ToArray(), a);
    }
}
