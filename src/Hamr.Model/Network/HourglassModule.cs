using Hamr.Tensors;
using Hamr.Tensors.NN;

namespace Hamr.Model.Network;

/// <summary>
/// One hourglass of depth d (Newell et al. 2016): an upper residual branch at this resolution plus a lower branch that
/// max-pools 2×, applies a residual block, recurses (depth d − 1, or a residual block at the bottom), applies another
/// residual block and upsamples 2× (nearest). Keeps the input's width and resolution.
/// </summary>
public sealed class HourglassModule : Module
{
    private readonly ResidualBlock _up1, _low1, _low3;
    private readonly Module _low2;

    public HourglassModule(int depth, int channels, TensorRandom rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Depth = depth;
        _up1 = RegisterModule("up1", new ResidualBlock(channels, channels, rng));
        _low1 = RegisterModule("low1", new ResidualBlock(channels, channels, rng));
        _low2 = depth > 1
            ? RegisterModule("low2", new HourglassModule(depth - 1, channels, rng))
            : RegisterModule("low2", new ResidualBlock(channels, channels, rng));
        _low3 = RegisterModule("low3", new ResidualBlock(channels, channels, rng));
    }

    public int Depth { get; }

    public override Tensor Forward(Tensor input)
    {
        var up = _up1.Forward(input);
        var low = _low1.Forward(input.MaxPool2d(2));
        low = _low3.Forward(_low2.Forward(low));
        return up + low.UpsampleNearest2d(input.Dim(2), input.Dim(3));
    }
}
