namespace Hamr.Tensors.NN;

/// <summary>Average pooling layer over [N, C, H, W] (PyTorch nn.AvgPool2d; no parameters).</summary>
public sealed class AvgPool2d : Module
{
    /// <summary>Square window; <paramref name="stride"/> defaults to the kernel size as in PyTorch.</summary>
    public AvgPool2d(int kernel, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        : this((kernel, kernel), (stride ?? kernel, stride ?? kernel), (padding, padding), ceilMode, countIncludePad)
    {
    }

    public AvgPool2d((int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, bool ceilMode = false,
        bool countIncludePad = true)
    {
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    public (int H, int W) Kernel { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }
    public bool CeilMode { get; }
    public bool CountIncludePad { get; }

    public override Tensor Forward(Tensor input) =>
        input.AvgPool2d(Kernel.H, Kernel.W, Stride.H, Stride.W, Padding.H, Padding.W, CeilMode, CountIncludePad);
}
