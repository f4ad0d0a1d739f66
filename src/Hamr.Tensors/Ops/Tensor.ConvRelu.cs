using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Conv2d followed by ReLU as one op: exactly Conv2d(...).Relu() (relu'(0) = 0), but on the batched-GEMM path the
// ReLU runs on each group of output images while they are still in cache, and its gradient mask is applied to each
// group's dY inside the conv backward, so neither makes an extra pass over memory.
public sealed partial class Tensor
{
    /// <summary>relu(Conv2d(input, weight, bias, ...)), fused where the conv runs as batched GEMM.</summary>
    public static Tensor Conv2dRelu(Tensor input, Tensor weight, Tensor? bias = null, int strideH = 1, int strideW = 1,
        int padH = 0, int padW = 0, int dilationH = 1, int dilationW = 1, int groups = 1)
    {
        var s = Conv2dShape("Conv2dRelu", input, weight, bias, strideH, strideW, padH, padW, dilationH, dilationW, groups);
        if (IsDepthwise(s) || !ConvBatchedGemm.Applies(s))
        {
            return Conv2d(input, weight, bias, strideH, strideW, padH, padW, dilationH, dilationW, groups).Relu();
        }
        var x = input.Contiguous();
        var wt = weight.Contiguous();
        var b = bias?.Contiguous();
        var y = Uninitialized([s.N, s.O, s.OutH, s.OutW]);
        RunBatchedConv(s, x, wt, b, y, relu: true);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        if (!AnyRequiresGrad(inputs))
        {
            return y;
        }
        var output = y.Detach();
        return Record(y, "Conv2dRelu", inputs, g =>
        {
            var gx = input.RequiresGrad ? Uninitialized([s.N, s.C, s.H, s.W]) : null;
            var gw = weight.RequiresGrad ? Uninitialized(wt.Dims) : null;
            var gb = bias is { RequiresGrad: true } ? Uninitialized([s.O]) : null;
            RunBatchedConvBackward(s, x, wt, g.Contiguous(), gx, gw, gb, output);
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }
}
