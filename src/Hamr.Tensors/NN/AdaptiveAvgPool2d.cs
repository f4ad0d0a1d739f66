namespace Hamr.Tensors.NN;

/// <summary>Adaptive average pooling to a fixed [outH, outW] whatever the input size (PyTorch nn.AdaptiveAvgPool2d).</summary>
public sealed class AdaptiveAvgPool2d(int outH, int outW) : Module
{
    public AdaptiveAvgPool2d(int outSize) : this(outSize, outSize)
    {
    }

    public int OutH { get; } = outH;
    public int OutW { get; } = outW;

    public override Tensor Forward(Tensor input) => input.AdaptiveAvgPool2d(OutH, OutW);
}
