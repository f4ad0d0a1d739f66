namespace Hamr.Tensors;

/// <summary>How <see cref="Tensor.Pad"/> fills the border: a constant, a mirror without the edge, or the edge repeated.</summary>
public enum PadMode
{
    Constant,
    Reflect,
    Replicate,
}

// Padding with PyTorch's F.pad conventions. Every output element reads at most one input element, chosen per axis
// by a small lookup table (input index, or -1 for the constant), so forward is a gather and backward a scatter-add;
// the tables of the outer axes are folded into one input offset per output row.
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
        if (Rank == 0)
        {
            return Clone();
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
        var rows = PadRowOffsets(dims, maps, ShapeUtil.ContiguousStrides(Dims));
        var lastMap = maps[^1];
        int inner = dims[^1];
        var src = x.Span;
        var dst = r.Span;
        for (int row = 0; row < rows.Length; row++)
        {
            var line = dst.Slice(row * inner, inner);
            int ro = rows[row];
            for (int j = 0; j < inner; j++)
            {
                int s = lastMap[j];
                line[j] = ro < 0 || s < 0 ? value : src[ro + s];
            }
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "Pad", [this], g =>
        {
            var gc = g.Contiguous().Span;
            var gx = Zeros(inputShape);
            var gs = gx.Span;
            for (int row = 0; row < rows.Length; row++)
            {
                int ro = rows[row];
                if (ro < 0)
                {
                    continue;
                }
                for (int j = 0; j < inner; j++)
                {
                    int s = lastMap[j];
                    if (s >= 0)
                    {
                        gs[ro + s] += gc[row * inner + j];
                    }
                }
            }
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

    /// <summary>
    /// For each output row (all axes but the last), the input offset of the row it reads (add the last axis' map),
    /// or -1 when the row lies in the constant border.
    /// </summary>
    private static int[] PadRowOffsets(int[] dims, int[][] maps, int[] inputStrides)
    {
        int rank = dims.Length;
        int rowCount = ShapeUtil.Count(dims.AsSpan(0, rank - 1));
        if (dims[rank - 1] == 0)
        {
            rowCount = 0;
        }
        var rows = new int[rowCount];
        var coord = new int[rank - 1];
        for (int row = 0; row < rowCount; row++)
        {
            int offset = 0;
            for (int d = 0; d < rank - 1; d++)
            {
                int s = maps[d][coord[d]];
                if (s < 0)
                {
                    offset = -1;
                    break;
                }
                offset += s * inputStrides[d];
            }
            rows[row] = offset;
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++coord[d] < dims[d])
                {
                    break;
                }
                coord[d] = 0;
            }
        }
        return rows;
    }
}
