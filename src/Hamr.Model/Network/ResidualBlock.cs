using Hamr.Tensors;
using Hamr.Tensors.NN;

namespace Hamr.Model.Network;

/// <summary>
/// The hourglass's residual bottleneck (Newell et al. 2016, pre-activation): BN-ReLU-conv1×1 (C/2), BN-ReLU-conv3×3
/// (C/2), BN-ReLU-conv1×1 (C), plus the input, through a 1×1 convolution when the widths differ.
/// </summary>
public sealed class ResidualBlock : Module
{
    private readonly BatchNorm2d _bn1, _bn2, _bn3;
    private readonly Conv2d _conv1, _conv2, _conv3;
    private readonly Conv2d? _skip;

    public ResidualBlock(int inChannels, int outChannels, TensorRandom rng)
    {
        int mid = Math.Max(outChannels / 2, 1);
        _bn1 = RegisterModule("bn1", new BatchNorm2d(inChannels));
        _conv1 = RegisterModule("conv1", new Conv2d(inChannels, mid, 1, rng));
        _bn2 = RegisterModule("bn2", new BatchNorm2d(mid));
        _conv2 = RegisterModule("conv2", new Conv2d(mid, mid, 3, rng, padding: 1));
        _bn3 = RegisterModule("bn3", new BatchNorm2d(mid));
        _conv3 = RegisterModule("conv3", new Conv2d(mid, outChannels, 1, rng));
        _skip = inChannels == outChannels ? null : RegisterModule("skip", new Conv2d(inChannels, outChannels, 1, rng));
    }

    public override Tensor Forward(Tensor input)
    {
        var x = _conv1.Forward(_bn1.Forward(input).Relu());
        x = _conv2.Forward(_bn2.Forward(x).Relu());
        x = _conv3.Forward(_bn3.Forward(x).Relu());
        return x + (_skip?.Forward(input) ?? input);
    }
}
