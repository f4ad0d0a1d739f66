using System.Numerics.Tensors;
using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Transposed 2-D convolution (PyTorch's conv_transpose2d): the adjoint of Conv2d with the same window, so it
// runs on the conv drivers with input and output swapped — forward is conv's input-gradient pass (GEMM +
// col2im), its input gradient is a plain conv, its weight gradient is conv's weight-gradient pass.
public sealed partial class Tensor
{
    /// <summary>
    /// ConvTranspose2d(input [N, C, H, W], weight [C, O/groups, kh, kw], bias [O]) → [N, O, Ho, Wo] with
    /// Ho = (H − 1)·strideH − 2·padH + dilationH·(kh − 1) + outputPadH + 1 (likewise Wo).
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, int strideH = 1,
        int strideW = 1, int padH = 0, int padW = 0, int outputPadH = 0, int outputPadW = 0, int dilationH = 1,
        int dilationW = 1, int groups = 1)
    {
        if (input.Rank != 4 || weight.Rank != 4)
        {
            throw new ArgumentException($"ConvTranspose2d needs input [N, C, H, W] and weight [C, O/groups, kh, kw], got {ShapeUtil.Format(input.Dims)} and {ShapeUtil.Format(weight.Dims)}");
        }
        int n = input.Dims[0], c = input.Dims[1], h = input.Dims[2], w = input.Dims[3];
        if (weight.Dims[0] != c)
        {
            throw new ArgumentException($"ConvTranspose2d: weight {ShapeUtil.Format(weight.Dims)} should start with the {c} input channels");
        }
        int o = weight.Dims[1] * groups;
        CheckGroups("ConvTranspose2d", c, o, groups);
        CheckBias("ConvTranspose2d", bias, o);
        if (outputPadH < 0 || outputPadW < 0 || (outputPadH >= strideH && outputPadH >= dilationH)
            || (outputPadW >= strideW && outputPadW >= dilationW))
        {
            throw new ArgumentException($"ConvTranspose2d: output padding {outputPadH}x{outputPadW} must be smaller than the stride or the dilation");
        }
        var window = new ConvWindow(weight.Dims[2], weight.Dims[3], strideH, strideW, padH, padW, dilationH, dilationW);
        int outH = (h - 1) * strideH - 2 * padH + dilationH * (window.KernelH - 1) + outputPadH + 1;
        int outW = (w - 1) * strideW - 2 * padW + dilationW * (window.KernelW - 1) + outputPadW + 1;
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentException($"ConvTranspose2d: padding leaves an empty {outH}x{outW} output");
        }
        // The conv whose adjoint this is: conv input = our output [N, O, outH, outW], conv output = our input.
        var s = new ConvShape(n, o, outH, outW, c, groups, h, w, window);
        var x = input.Contiguous();
        var wt = weight.Contiguous();
        var y = RunConvBackward(s, null, wt, x, needX: true, needW: false, needB: false).Gx!;
        if (bias is not null)
        {
            AddChannelBias(y, bias.Contiguous(), n, o, outH * outW);
        }
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        if (!AnyRequiresGrad(inputs))
        {
            return y;
        }
        return Record(y, "ConvTranspose2d", inputs, g =>
        {
            var gc = g.Contiguous();
            Tensor? gx = null;
            if (input.RequiresGrad)
            {
                gx = Uninitialized(x.Dims);
                RunConv(s, gc, wt, null, gx);
            }
            var gw = weight.RequiresGrad ? RunConvBackward(s, gc, wt, x, false, true, false).Gw : null;
            var gb = bias is { RequiresGrad: true } ? ChannelSums(gc, n, o, outH * outW) : null;
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }

    private static void AddChannelBias(Tensor y, Tensor bias, int n, int channels, int plane)
    {
        var ys = y.Span;
        var bs = bias.Span;
        for (int i = 0; i < n * channels; i++)
        {
            var row = ys.Slice(i * plane, plane);
            TensorPrimitives.Add(row, bs[i % channels], row);
        }
    }

    private static Tensor ChannelSums(Tensor g, int n, int channels, int plane)
    {
        var r = Zeros(channels);
        var gs = g.Span;
        var rs = r.Span;
        for (int i = 0; i < n * channels; i++)
        {
            rs[i % channels] += TensorPrimitives.Sum(gs.Slice(i * plane, plane));
        }
        return r;
    }
}
