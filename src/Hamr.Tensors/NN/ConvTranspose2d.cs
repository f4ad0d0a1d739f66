namespace Hamr.Tensors.NN;

/// <summary>Transposed 2-D convolution layer with weight [in, out/groups, kh, kw] and bias [out] (PyTorch's ConvTranspose2d).</summary>
public sealed class ConvTranspose2d : Module
{
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, TensorRandom rng, int stride = 1,
        int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), rng, (stride, stride), (padding, padding),
            (outputPadding, outputPadding), (dilation, dilation), groups, bias)
    {
    }

    public ConvTranspose2d(int inChannels, int outChannels, (int H, int W) kernelSize, TensorRandom rng,
        (int H, int W) stride, (int H, int W) padding, (int H, int W) outputPadding, (int H, int W) dilation,
        int groups = 1, bool bias = true)
    {
        ConvArguments.CheckGroups("ConvTranspose2d", inChannels, outChannels, groups);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Dilation = dilation;
        Groups = groups;
        // PyTorch computes fan_in from weight dim 1 (out/groups) times the kernel area.
        int fanIn = outChannels / groups * kernelSize.H * kernelSize.W;
        Weight = RegisterParameter("weight",
            Init.DefaultWeight(rng, fanIn, inChannels, outChannels / groups, kernelSize.H, kernelSize.W));
        Bias = bias ? RegisterParameter("bias", Init.DefaultBias(rng, fanIn, outChannels)) : null;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public (int H, int W) KernelSize { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }
    public (int H, int W) OutputPadding { get; }
    public (int H, int W) Dilation { get; }
    public int Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) =>
        Tensor.ConvTranspose2d(input, Weight, Bias, Stride.H, Stride.W, Padding.H, Padding.W, OutputPadding.H,
            OutputPadding.W, Dilation.H, Dilation.W, Groups);
}
