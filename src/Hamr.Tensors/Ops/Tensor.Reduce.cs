namespace Hamr.Tensors;

// Sum and mean over axes (max/min live with the other selection ops).
public sealed partial class Tensor
{
    /// <summary>Sum over <paramref name="axes"/> (all axes when empty).</summary>
    public Tensor Sum(int[]? axes = null, bool keepDims = false)
    {
        var mask = ShapeUtil.AxisMask(axes ?? [], Rank);
        var kept = Reductions.Sum(this, mask);
        var r = keepDims ? kept : kept.Reshape(DropAxes(mask));
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var input = this;
        var keptShape = kept.Dims;
        return Record(r.Detach(), "Sum", [this], g => [g.Reshape(keptShape).Expand(input.Dims)]);
    }

    public Tensor Sum(int axis, bool keepDims = false) => Sum([axis], keepDims);

    /// <summary>Mean over <paramref name="axes"/> (all axes when empty).</summary>
    public Tensor Mean(int[]? axes = null, bool keepDims = false)
    {
        var mask = ShapeUtil.AxisMask(axes ?? [], Rank);
        int n = 1;
        for (int i = 0; i < Rank; i++)
        {
            if (mask[i])
            {
                n *= Dims[i];
            }
        }
        return Sum(axes, keepDims) * (1f / n); // n = 0: 0·∞ = NaN, the mean of nothing (as PyTorch)
    }

    public Tensor Mean(int axis, bool keepDims = false) => Mean([axis], keepDims);

    internal int[] DropAxes(bool[] mask)
    {
        var dims = new List<int>(Rank);
        for (int i = 0; i < Rank; i++)
        {
            if (!mask[i])
            {
                dims.Add(Dims[i]);
            }
        }
        return dims.ToArray();
    }
}
