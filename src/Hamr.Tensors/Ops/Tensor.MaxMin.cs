using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Max / min over axes (gradient to the first extreme element of each reduced group, as PyTorch's max(dim)) and
// arg-max / arg-min as float index tensors.
public sealed partial class Tensor
{
    /// <summary>Largest element over <paramref name="axes"/> (all axes when null or empty).</summary>
    public Tensor Max(int[]? axes = null, bool keepDims = false) => Extreme(axes, keepDims, max: true);

    public Tensor Max(int axis, bool keepDims = false) => Extreme([axis], keepDims, max: true);

    /// <summary>Smallest element over <paramref name="axes"/> (all axes when null or empty).</summary>
    public Tensor Min(int[]? axes = null, bool keepDims = false) => Extreme(axes, keepDims, max: false);

    public Tensor Min(int axis, bool keepDims = false) => Extreme([axis], keepDims, max: false);

    /// <summary>Index of the first largest element along <paramref name="axis"/>, as floats (no gradient).</summary>
    public Tensor ArgMax(int axis, bool keepDims = false) => ArgExtreme(axis, keepDims, max: true).Indices;

    /// <summary>Index of the first smallest element along <paramref name="axis"/>, as floats (no gradient).</summary>
    public Tensor ArgMin(int axis, bool keepDims = false) => ArgExtreme(axis, keepDims, max: false).Indices;

    /// <summary>Both results of PyTorch's max(dim): values (with gradient) and indices (as floats).</summary>
    public (Tensor Values, Tensor Indices) MaxWithIndex(int axis, bool keepDims = false) => ArgExtreme(axis, keepDims, max: true);

    /// <summary>Both results of PyTorch's min(dim): values (with gradient) and indices (as floats).</summary>
    public (Tensor Values, Tensor Indices) MinWithIndex(int axis, bool keepDims = false) => ArgExtreme(axis, keepDims, max: false);

    private Tensor Extreme(int[]? axes, bool keepDims, bool max) => ExtremeCore(axes, keepDims, max).Values;

    private (Tensor Values, Tensor Args) ExtremeCore(int[]? axes, bool keepDims, bool max)
    {
        var mask = ShapeUtil.AxisMask(axes ?? [], Rank);
        var x = Contiguous().Detach();
        var (values, args) = ArgReduce.Run(x, mask, max);
        var r = keepDims ? values : values.Reshape(DropAxes(mask));
        if (!AnyRequiresGrad(this))
        {
            return (r, args);
        }
        var inputDims = Dims;
        return (Record(r, max ? "Max" : "Min", [this], g =>
        {
            var gs = g.Contiguous().Span;
            var gx = Zeros(inputDims);
            var dst = gx.Span;
            var idx = ArgReduce.Indices(args);
            for (int o = 0; o < idx.Length; o++)
            {
                dst[idx[o]] += gs[o];
            }
            return [gx];
        }), args);
    }

    private (Tensor Values, Tensor Indices) ArgExtreme(int axis, bool keepDims, bool max)
    {
        int a = ShapeUtil.Axis(axis, Rank);
        var (values, args) = ExtremeCore([a], keepDims, max);
        var mask = ShapeUtil.AxisMask([a], Rank);
        int stride = ShapeUtil.Count(Dims.AsSpan(a + 1));
        int size = Dims[a];
        var indices = Uninitialized(keepDims ? args.Dims : DropAxes(mask));
        var idx = ArgReduce.Indices(args);
        var dst = indices.Span;
        for (int o = 0; o < idx.Length; o++)
        {
            dst[o] = idx[o] / stride % size;
        }
        return (values, indices);
    }
}
