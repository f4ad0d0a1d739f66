namespace Hamr.Tensors.NN;

/// <summary>Max pooling layer over [N, C, H, W] (PyTorch nn.MaxPool2d; no parameters).</summary>
public sealed class MaxPool2d : Module
{
    /// <summary>Square window; <paramref name="stride"/> defaults to the kernel size as in PyTorch.</summary>
    public MaxPool2d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this((kernel, kernel), (stride ?? kernel, stride ?? kernel), (padding, padding), (dilation, dilation), ceilMode)
    {
    }

    public MaxPool2d((int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false)
    {
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        CeilMode = ceilMode;
    }

    public (int H, int W) Kernel { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }
    public (int H, int W) Dilation { get; }
    public bool CeilMode { get; }

    public override Tensor Forward(Tensor input) =>
        input.MaxPool2d(Kernel.H, Kernel.W, Stride.H, Stride.W, Padding.H, Padding.W, Dilation.H, Dilation.W, CeilMode);
}
