namespace Hamr.Tensors;

/// <summary>How <see cref="Tensor.Pad"/> fills the border: a constant, a mirror without the edge, or the edge repeated.</summary>
public enum PadMode
{
    Constant,
    Reflect,
    Replicate,
}

// Padding with PyTorch's F.pad conventions. Every output element reads at most one input element, chosen per axis
// by a small lookup table (input index, or -1 for the constant), so forward is a gather and backward a scatter-add.
public sealed partial class Tensor
{
    /// <summary>
    /// F.pad: <paramref name="pads"/> lists (before, after) pairs starting from the LAST axis — (left, right) for the
    /// last axis, then (top, bottom) for the one before, and so on. Negative pads crop. Reflect mirrors without
    /// repeating the edge (pad &lt; size); replicate repeats the edge; both work on any axis.
    /// </summary>
    public Tensor Pad(int[] pads, PadMode mode = PadMode.Constant, float value = 0f)
    {
        ArgumentNullException.ThrowIfNull(pads);
        if (pads.Length % 2 != 0 || pads.Length / 2 > Rank)
        {
            throw new ArgumentException($"Pad: {pads.Length} pad values for a tensor of shape {ShapeUtil.Format(Dims)} (need pairs, at most {2 * Rank})");
        }
        var dims = (int[])Dims.Clone();
        var maps = new int[Rank][];
        for (int d = 0; d < Rank; d++)
        {
            int pair = Rank - 1 - d;
            int before = 0, after = 0;
            if (pair < pads.Length / 2)
            {
                before = pads[2 * pair];
                after = pads[2 * pair + 1];
            }
            maps[d] = PadMap(Dims[d], before, after, mode, d);
            dims[d] = maps[d].Length;
        }

        var x = Contiguous();
        var r = Uninitialized(dims);
        var xs = ShapeUtil.ContiguousStrides(Dims);
        PadWalk(dims, maps, xs, (o, i) => r.Buffer[o] = i < 0 ? value : x.Buffer[x.Offset + i]);
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "Pad", [this], g =>
        {
            var gc = g.Contiguous();
            var gx = Zeros(inputShape);
            PadWalk(dims, maps, xs, (o, i) =>
            {
                if (i >= 0)
                {
                    gx.Buffer[i] += gc.Buffer[gc.Offset + o];
                }
            });
            return [gx];
        });
    }

    /// <summary>For each output position along one axis: the input index it reads, or -1 for the constant.</summary>
    private int[] PadMap(int n, int before, int after, PadMode mode, int axis)
    {
        int length = n + before + after;
        if (length < 0)
        {
            throw new ArgumentException($"Pad: pads ({before}, {after}) crop axis {axis} of {ShapeUtil.Format(Dims)} below zero");
        }
        if (mode == PadMode.Reflect && (before >= n || after >= n) && (before > 0 || after > 0))
        {
            throw new ArgumentException($"Pad: reflect pads ({before}, {after}) must be smaller than axis {axis} of {ShapeUtil.Format(Dims)}");
        }
        if (mode == PadMode.Replicate && n == 0 && length > 0)
        {
            throw new ArgumentException($"Pad: cannot replicate the empty axis {axis} of {ShapeUtil.Format(Dims)}");
        }
        var map = new int[length];
        for (int o = 0; o < length; o++)
        {
            int s = o - before;
            if (s < 0 || s >= n)
            {
                s = mode switch
                {
                    PadMode.Reflect => s < 0 ? -s : 2 * (n - 1) - s,
                    PadMode.Replicate => Math.Clamp(s, 0, n - 1),
                    _ => -1,
                };
            }
            map[o] = s;
        }
        return map;
    }

    /// <summary>Visits every output element (row-major offset) with the input offset it reads (-1: constant).</summary>
    private static void PadWalk(int[] dims, int[][] maps, int[] inputStrides, Action<int, int> visit)
    {
        int rank = dims.Length;
        int count = ShapeUtil.Count(dims);
        if (count == 0)
        {
            return;
        }
        if (rank == 0)
        {
            visit(0, 0);
            return;
        }
        var coord = new int[rank];
        int last = rank - 1, inner = dims[last];
        var lastMap = maps[last];
        int lastStride = inputStrides[last];
        for (int o = 0; o < count; o += inner)
        {
            // Offset of the row from the outer axes, or -1 when any of them falls in the constant border.
            int rowOffset = 0;
            for (int d = 0; d < last; d++)
            {
                int s = maps[d][coord[d]];
                if (s < 0)
                {
                    rowOffset = -1;
                    break;
                }
                rowOffset += s * inputStrides[d];
            }
            for (int j = 0; j < inner; j++)
            {
                int s = lastMap[j];
                visit(o + j, rowOffset < 0 || s < 0 ? -1 : rowOffset + s * lastStride);
            }
            for (int d = last - 1; d >= 0; d--)
            {
                if (++coord[d] < dims[d])
                {
                    break;
                }
                coord[d] = 0;
            }
        }
    }
}
