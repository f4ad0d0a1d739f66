namespace Hamr.Tensors.Tests.Goldens;

// Conv2d and ConvTranspose2d against PyTorch's F.conv2d / F.conv_transpose2d: output and the gradients of input,
// weight and bias. The weight gradient sums N·Ho·Wo (≤ ~200) products and the input gradient up to O·kh·kw, in float
// like torch, so the default tolerance (1e-5 + 1e-4·|torch|) holds.
public sealed class ConvGoldenTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("stride2_pad1")]
    [InlineData("stride1x2_nobias")]
    [InlineData("pad2_kernel5_nobias")]
    [InlineData("dilation2")]
    [InlineData("groups2")]
    [InlineData("depthwise_mult2")]
    [InlineData("depthwise_stride2_dilation2")]
    [InlineData("kernel3x5_asymmetric")]
    [InlineData("pointwise1x1")]
    [InlineData("pointwise1x1_stride2_nobias")]
    [InlineData("groups2_stride2_dilation2x1")]
    [InlineData("wide_channels_8_to_16")]
    public void Conv2d_matches_torch_outputs_and_gradients(string name)
    {
        string key = $"conv2d.{name}";
        var p = Golden.Params(key);
        var (sh, sw) = p.Pair("stride");
        var (ph, pw) = p.Pair("padding");
        var (dh, dw) = p.Pair("dilation");
        int groups = p.GetProperty("groups").GetInt32();
        Assert.Equal(p.Bool("bias", false), Golden.Has($"{key}.b"));
        Golden.CheckForwardAndGradients(key, ["x", "w", "b"],
            t => Tensor.Conv2d(t["x"]!, t["w"]!, t["b"], sh, sw, ph, pw, dh, dw, groups));
    }

    [Theory]
    [InlineData("stride2_outpad1")]
    [InlineData("pad2_kernel4")]
    [InlineData("groups2_stride2")]
    [InlineData("dilation2")]
    [InlineData("asymmetric_kernel3x2_stride2x3_outpad1x2")]
    [InlineData("stride3_kernel2_gaps")]
    public void ConvTranspose2d_matches_torch_outputs_and_gradients(string name)
    {
        string key = $"conv_transpose2d.{name}";
        var p = Golden.Params(key);
        var (sh, sw) = p.Pair("stride");
        var (ph, pw) = p.Pair("padding");
        var (oh, ow) = p.Pair("output_padding");
        var (dh, dw) = p.Pair("dilation");
        int groups = p.GetProperty("groups").GetInt32();
        Assert.Equal(p.Bool("bias", false), Golden.Has($"{key}.b"));
        Golden.CheckForwardAndGradients(key, ["x", "w", "b"],
            t => Tensor.ConvTranspose2d(t["x"]!, t["w"]!, t["b"], sh, sw, ph, pw, oh, ow, dh, dw, groups));
    }
}
