namespace Hamr.Tensors.Tests.Goldens;

// Pooling and resampling against F.max_pool2d, F.avg_pool2d, F.adaptive_avg_pool2d and F.interpolate (nearest and
// bilinear, to a size and by a scale factor, align_corners on and off): outputs and input gradients.
public sealed class PoolingGoldenTests
{
    [Theory]
    [InlineData("k3_s2_pad1")]
    [InlineData("k3_s1_pad1_dilation2")]
    [InlineData("k3_s2_ceil")]
    [InlineData("k2x3_s2x1_pad1_ceil")]
    [InlineData("k3_s1_pad1_ties")]
    [InlineData("k2_s2_ties")]
    public void MaxPool2d_matches_torch(string name)
    {
        string key = $"max_pool2d.{name}";
        var p = Golden.Params(key);
        var (kh, kw) = p.Pair("kernel");
        var (sh, sw) = p.Pair("stride");
        var (ph, pw) = p.Pair("padding");
        var (dh, dw) = p.Pair("dilation");
        bool ceil = p.Bool("ceil_mode", false);
        Golden.CheckForwardAndGradients(key, ["x"], t => t["x"]!.MaxPool2d(kh, kw, sh, sw, ph, pw, dh, dw, ceil));
    }

    [Theory]
    [InlineData("k3_s2_pad1_include")]
    [InlineData("k3_s2_pad1_exclude")]
    [InlineData("k3_s2_pad1_ceil_include")]
    [InlineData("k3_s2_pad1_ceil_exclude")]
    [InlineData("k2x3_s2x2_ceil")]
    public void AvgPool2d_matches_torch(string name)
    {
        string key = $"avg_pool2d.{name}";
        var p = Golden.Params(key);
        var (kh, kw) = p.Pair("kernel");
        var (sh, sw) = p.Pair("stride");
        var (ph, pw) = p.Pair("padding");
        bool ceil = p.Bool("ceil_mode", false), include = p.Bool("count_include_pad", true);
        Golden.CheckForwardAndGradients(key, ["x"], t => t["x"]!.AvgPool2d(kh, kw, sh, sw, ph, pw, ceil, include));
    }

    [Theory]
    [InlineData("9x11_to_4x5")]
    [InlineData("7x7_to_3x3")]
    [InlineData("5x6_to_7x8")]
    public void AdaptiveAvgPool2d_matches_torch(string name)
    {
        string key = $"adaptive_avg_pool2d.{name}";
        var (oh, ow) = Golden.Params(key).Pair("output_size");
        Golden.CheckForwardAndGradients(key, ["x"], t => t["x"]!.AdaptiveAvgPool2d(oh, ow));
    }

    [Theory]
    [InlineData("bilinear_up_5x7_to_8x11")]
    [InlineData("bilinear_up_5x7_to_8x11_align")]
    [InlineData("bilinear_down_9x9_to_4x6")]
    [InlineData("bilinear_down_9x9_to_4x6_align")]
    [InlineData("bilinear_scale1_7")]
    [InlineData("bilinear_scale1_7_align")]
    [InlineData("nearest_up_5x7_to_8x11")]
    [InlineData("nearest_down_9x9_to_4x6")]
    [InlineData("nearest_scale1_7")]
    [InlineData("bilinear_scale0_6")]
    [InlineData("nearest_scale0_6")]
    public void Interpolate_matches_torch(string name)
    {
        string key = $"interpolate.{name}";
        var p = Golden.Params(key);
        bool bilinear = p.GetProperty("mode").GetString() == "bilinear";
        bool align = p.Bool("align_corners", false);
        var size = p.GetProperty("size");
        double scale = p.Double("scale_factor", double.NaN);
        Func<IReadOnlyDictionary<string, Tensor?>, Tensor> forward = size.ValueKind == System.Text.Json.JsonValueKind.Array
            ? bilinear
                ? t => t["x"]!.UpsampleBilinear2d(size[0].GetInt32(), size[1].GetInt32(), align)
                : t => t["x"]!.UpsampleNearest2d(size[0].GetInt32(), size[1].GetInt32())
            : bilinear
                ? t => t["x"]!.UpsampleBilinear2dByScale(scale, scale, align)
                : t => t["x"]!.UpsampleNearest2dByScale(scale, scale);
        Golden.CheckForwardAndGradients(key, ["x"], forward);
    }
}
