using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Conv;

public sealed class Conv2dTests
{
    [Theory]
    [InlineData(2, 3, 7, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1, true)] // plain 3×3, odd 7×5
    [InlineData(2, 3, 7, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, true)] // stride 2, padding 1
    [InlineData(1, 2, 6, 5, 3, 3, 3, 1, 1, 2, 2, 1, 1, 1, false)] // padding 2, no bias
    [InlineData(2, 2, 7, 6, 3, 3, 3, 1, 1, 1, 1, 2, 2, 1, true)] // dilation 2
    [InlineData(2, 4, 5, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2, true)] // groups 2
    [InlineData(2, 3, 6, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 3, true)] // depthwise
    [InlineData(2, 3, 7, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 3, true)] // depthwise, multiplier 2, stride 2
    [InlineData(1, 2, 9, 8, 4, 5, 5, 1, 1, 2, 2, 1, 1, 2, false)] // depthwise 5×5, multiplier 2
    [InlineData(1, 2, 6, 7, 2, 3, 2, 1, 2, 0, 1, 2, 1, 2, true)] // depthwise, mixed stride/dilation, non-square
    [InlineData(2, 4, 5, 3, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, true)] // pointwise 1×1
    [InlineData(2, 4, 3, 3, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2, true)] // pointwise, groups 2
    [InlineData(2, 3, 5, 5, 2, 1, 1, 2, 2, 0, 0, 1, 1, 1, false)] // 1×1 stride 2 (not pointwise)
    [InlineData(2, 3, 7, 6, 4, 2, 3, 2, 1, 1, 0, 1, 2, 1, true)] // non-square kernel, mixed stride/padding/dilation
    [InlineData(1, 1, 5, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, true)] // one input channel (direct path)
    public void Conv2d_matches_naive_loop_and_its_gradients(int n, int c, int h, int w, int o, int kh, int kw,
        int sh, int sw, int ph, int pw, int dh, int dw, int groups, bool bias)
    {
        var k = new ConvCase(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        Tensor[] inputs = bias
            ? [TestData.Param(1, k.XShape), TestData.Param(2, k.WShape), TestData.Param(3, o)]
            : [TestData.Param(1, k.XShape), TestData.Param(2, k.WShape)];
        GradCheck.AgainstReference(
            t => k.Conv(t[0], t[1], bias ? t[2] : null),
            v => ConvReference.Conv(k, v[0], v[1], bias ? v[2] : null),
            inputs);
    }

    [Fact]
    public void Conv2d_input_gradient_is_skipped_when_the_input_needs_none()
    {
        var k = new ConvCase(2, 3, 6, 6, 4, 3, 3, 2, 2, 1, 1);
        var x = TestData.Random(1, k.XShape);
        GradCheck.AgainstReference(t => k.Conv(x, t[0], t[1]), v => ConvReference.Conv(k, x.ToDouble(), v[0], v[1]),
            [TestData.Param(2, k.WShape), TestData.Param(3, 4)]);
        Assert.Null(x.Grad);
    }

    public static TheoryData<ConvCase> LargeCases => new()
    {
        new ConvCase(2, 16, 20, 20, 32, 3, 3, 1, 1, 1, 1), // GEMM path, two parallel chunks
        new ConvCase(4, 3, 33, 31, 8, 3, 3, 2, 2, 1, 1), // first-layer shape, stride 2
        new ConvCase(2, 3, 70, 67, 4, 3, 3, 2, 2, 1, 1), // stride-2 rows long enough for 16-wide gathers
        new ConvCase(3, 16, 20, 20, 32, 1, 1), // pointwise: direct GEMM on the input planes
        new ConvCase(2, 16, 20, 20, 32, 3, 3, 1, 1, 1, 1, 1, 1, 16), // depthwise 3×3, multiplier 2
        new ConvCase(2, 16, 21, 19, 16, 5, 5, 2, 2, 2, 2, 1, 1, 16), // depthwise 5×5, stride 2
        new ConvCase(3, 16, 12, 13, 24, 3, 3, 1, 1, 2, 2, 2, 2, 4), // groups 4, dilation 2
    };

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void Conv2d_fast_paths_match_naive_loop_forward_and_backward(ConvCase k)
    {
        var x = TestData.Param(11, k.XShape);
        var w = TestData.Param(12, k.WShape);
        var b = TestData.Param(13, k.O);
        var gy = TestData.Random(14, k.YShape);
        var y = k.Conv(x, w, b);
        AssertClose(ConvReference.Conv(k, x.ToDouble(), w.ToDouble(), b.ToDouble()), y.ToArray(), "forward");
        y.Backward(gy);
        var (gx, gw, gb) = ConvReference.ConvBackward(k, x.ToDouble(), w.ToDouble(), gy.ToDouble());
        AssertClose(gx, x.Grad!.ToArray(), "input gradient");
        AssertClose(gw, w.Grad!.ToArray(), "weight gradient");
        AssertClose(gb, b.Grad!.ToArray(), "bias gradient");
    }

    [Fact]
    public void Conv2d_rejects_channels_that_do_not_match_the_weight()
    {
        var x = Tensor.Zeros(1, 4, 5, 5);
        Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros(2, 3, 3, 3)));
        Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros(3, 2, 3, 3), groups: 2));
        Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros(2, 4, 7, 7)));
    }

    internal static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            Assert.True(err <= 1e-4 * (1 + Math.Abs(expected[i])) + 1e-4,
                $"{what} element {i}: got {actual[i]}, reference {expected[i]} (error {err:G3})");
        }
    }
}
