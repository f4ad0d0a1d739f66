using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// 2-D pooling over the last two axes of [N, C, H, W] (or [C, H, W]): max, average, adaptive and global average,
// with PyTorch's semantics for padding, dilation, ceil mode and count_include_pad.
public sealed partial class Tensor
{
    /// <summary>
    /// Max pooling (PyTorch max_pool2d): padding counts as −∞ and must be at most half the kernel; in ceil mode a
    /// last window that would start past the input and left padding is dropped. The gradient goes to the first
    /// maximum of each window.
    /// </summary>
    public Tensor MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        int dilationH = 1, int dilationW = 1, bool ceilMode = false)
    {
        var g = PoolShape("MaxPool2d", kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode);
        if (g.InPlane > 1 << 24)
        {
            throw new ArgumentException("MaxPool2d: planes over 2^24 elements are not supported (argmax is stored as float)");
        }
        int planes = Count / Math.Max(g.InPlane, 1);
        var x = Contiguous();
        var y = Uninitialized(PooledDims(g.OutH, g.OutW));
        bool grad = AnyRequiresGrad(this);
        var argmax = grad ? Uninitialized(y.Dims) : null;
        Pooling.MaxForward(x.Buffer, x.Offset, y.Buffer, argmax?.Buffer, planes, g);
        if (!grad)
        {
            return y;
        }
        var inputDims = Dims;
        return Record(y, "MaxPool2d", [this], gy =>
        {
            var gc = gy.Contiguous();
            var gx = Zeros(inputDims);
            Pooling.MaxBackward(gc.Buffer, gc.Offset, argmax!.Buffer, gx.Buffer, planes, g);
            return [gx];
        });
    }

    /// <summary>Square max pooling; <paramref name="stride"/> defaults to the kernel size as in PyTorch.</summary>
    public Tensor MaxPool2d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        MaxPool2d(kernel, kernel, stride ?? kernel, stride ?? kernel, padding, padding, dilation, dilation, ceilMode);

    /// <summary>
    /// Average pooling (PyTorch avg_pool2d). With <paramref name="countIncludePad"/> the divisor is the window
    /// clipped to the zero-padded input (so a ceil-mode window hanging past the padding divides by less); without
    /// it, only real input elements are counted.
    /// </summary>
    public Tensor AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        bool ceilMode = false, bool countIncludePad = true)
    {
        var g = PoolShape("AvgPool2d", kernelH, kernelW, strideH, strideW, padH, padW, 1, 1, ceilMode);
        int planes = Count / Math.Max(g.InPlane, 1);
        var x = Contiguous();
        var y = Uninitialized(PooledDims(g.OutH, g.OutW));
        Pooling.AvgForward(x.Buffer, x.Offset, y.Buffer, planes, g, countIncludePad);
        if (!AnyRequiresGrad(this))
        {
            return y;
        }
        var inputDims = Dims;
        return Record(y, "AvgPool2d", [this], gy =>
        {
            var gc = gy.Contiguous();
            var gx = Zeros(inputDims);
            Pooling.AvgBackward(gc.Buffer, gc.Offset, gx.Buffer, planes, g, countIncludePad);
            return [gx];
        });
    }

    /// <summary>Square average pooling; <paramref name="stride"/> defaults to the kernel size as in PyTorch.</summary>
    public Tensor AvgPool2d(int kernel, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        AvgPool2d(kernel, kernel, stride ?? kernel, stride ?? kernel, padding, padding, ceilMode, countIncludePad);

    /// <summary>Adaptive average pooling to [outH, outW]: window i spans [floor(i·H/out), ceil((i+1)·H/out)).</summary>
    public Tensor AdaptiveAvgPool2d(int outH, int outW)
    {
        CheckPoolRank("AdaptiveAvgPool2d");
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"AdaptiveAvgPool2d: output size {outH}×{outW} must be positive");
        }
        int inH = Dims[^2], inW = Dims[^1];
        if (inH == 0 || inW == 0)
        {
            throw new ArgumentException($"AdaptiveAvgPool2d: empty spatial input {ShapeUtil.Format(Dims)}");
        }
        int planes = Count / (inH * inW);
        var x = Contiguous();
        var y = Uninitialized(PooledDims(outH, outW));
        Pooling.AdaptiveAvgForward(x.Buffer, x.Offset, y.Buffer, planes, inH, inW, outH, outW);
        if (!AnyRequiresGrad(this))
        {
            return y;
        }
        var inputDims = Dims;
        return Record(y, "AdaptiveAvgPool2d", [this], gy =>
        {
            var gc = gy.Contiguous();
            var gx = Zeros(inputDims);
            Pooling.AdaptiveAvgBackward(gc.Buffer, gc.Offset, gx.Buffer, planes, inH, inW, outH, outW);
            return [gx];
        });
    }

    public Tensor AdaptiveAvgPool2d(int outSize) => AdaptiveAvgPool2d(outSize, outSize);

    /// <summary>Mean over H and W: [N, C, H, W] → [N, C] (or [N, C, 1, 1] with <paramref name="keepDims"/>).</summary>
    public Tensor GlobalAvgPool2d(bool keepDims = false)
    {
        CheckPoolRank("GlobalAvgPool2d");
        return Mean([Rank - 2, Rank - 1], keepDims);
    }

    private PoolGeometry PoolShape(string op, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        int dilationH, int dilationW, bool ceilMode)
    {
        CheckPoolRank(op);
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0)
        {
            throw new ArgumentException($"{op}: kernel, stride and dilation must be positive");
        }
        if (padH < 0 || padW < 0 || padH > kernelH / 2 || padW > kernelW / 2)
        {
            throw new ArgumentException($"{op}: padding ({padH}, {padW}) must be between 0 and half the kernel ({kernelH}, {kernelW})");
        }
        int inH = Dims[^2], inW = Dims[^1];
        int outH = Pooling.OutputSize(inH, kernelH, strideH, padH, dilationH, ceilMode);
        int outW = Pooling.OutputSize(inW, kernelW, strideW, padW, dilationW, ceilMode);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(Dims)} is too small for the kernel (output {outH}×{outW})");
        }
        return new PoolGeometry(inH, inW, outH, outW, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW);
    }

    private void CheckPoolRank(string op)
    {
        if (Rank is not (3 or 4))
        {
            throw new ArgumentException($"{op} expects [N, C, H, W] or [C, H, W], got {ShapeUtil.Format(Dims)}");
        }
    }

    /// <summary>This tensor's shape with the last two axes replaced.</summary>
    private int[] PooledDims(int h, int w)
    {
        var dims = (int[])Dims.Clone();
        dims[^2] = h;
        dims[^1] = w;
        return dims;
    }
}
