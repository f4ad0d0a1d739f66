namespace Hamr.Tensors.NN;

/// <summary>2-D convolution layer with weight [out, in/groups, kh, kw] and bias [out] (PyTorch's Conv2d).</summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, TensorRandom rng, int stride = 1, int padding = 0,
        int dilation = 1, int groups = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), rng, (stride, stride), (padding, padding),
            (dilation, dilation), groups, bias)
    {
    }

    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, TensorRandom rng, (int H, int W) stride,
        (int H, int W) padding, (int H, int W) dilation, int groups = 1, bool bias = true)
    {
        ConvArguments.CheckGroups("Conv2d", inChannels, outChannels, groups);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        int fanIn = inChannels / groups * kernelSize.H * kernelSize.W;
        Weight = RegisterParameter("weight",
            Init.DefaultWeight(rng, fanIn, outChannels, inChannels / groups, kernelSize.H, kernelSize.W));
        Bias = bias ? RegisterParameter("bias", Init.DefaultBias(rng, fanIn, outChannels)) : null;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public (int H, int W) KernelSize { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }
    public (int H, int W) Dilation { get; }
    public int Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) =>
        Tensor.Conv2d(input, Weight, Bias, Stride.H, Stride.W, Padding.H, Padding.W, Dilation.H, Dilation.W, Groups);
}
