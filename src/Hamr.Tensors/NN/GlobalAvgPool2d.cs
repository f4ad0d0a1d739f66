namespace Hamr.Tensors.NN;

/// <summary>Mean over H and W: [N, C, H, W] → [N, C] (or [N, C, 1, 1] with keepDims, like AdaptiveAvgPool2d(1)).</summary>
public sealed class GlobalAvgPool2d(bool keepDims = false) : Module
{
    public bool KeepDims { get; } = keepDims;

    public override Tensor Forward(Tensor input) => input.GlobalAvgPool2d(KeepDims);
}
