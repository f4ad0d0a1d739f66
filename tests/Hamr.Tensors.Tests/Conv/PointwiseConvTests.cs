using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Conv;

/// <summary>The batch-wide pointwise (1×1) path for small planes against the naive double reference.</summary>
public sealed class PointwiseConvTests
{
    [Theory]
    [InlineData(3, 5, 3, 3, 4, true)] // 3×3 planes, batch 3
    [InlineData(4, 3, 1, 1, 5, true)] // 1×1 planes (pooled features)
    [InlineData(2, 4, 2, 3, 3, false)] // odd plane, no bias
    public void Batch_wide_pointwise_conv_matches_naive_loop_and_its_gradients(int n, int c, int h, int w, int o, bool bias)
    {
        var k = new ConvCase(n, c, h, w, o, 1, 1);
        Tensor[] inputs = bias
            ? [TestData.Param(1, k.XShape), TestData.Param(2, k.WShape), TestData.Param(3, o)]
            : [TestData.Param(1, k.XShape), TestData.Param(2, k.WShape)];
        GradCheck.AgainstReference(
            t => k.Conv(t[0], t[1], bias ? t[2] : null),
            v => ConvReference.Conv(k, v[0], v[1], bias ? v[2] : null),
            inputs);
    }

    [Theory]
    [InlineData(16, 64, 8, 8, 48)] // 64 pixels: the largest plane that runs batch-wide
    [InlineData(5, 33, 3, 5, 17)]
    [InlineData(3, 16, 9, 9, 8)] // 81 pixels: per-image GEMM path
    public void Pointwise_conv_matches_naive_loop_on_both_sides_of_the_batch_wide_limit(int n, int c, int h, int w, int o)
    {
        var k = new ConvCase(n, c, h, w, o, 1, 1);
        var x = TestData.Param(11, k.XShape);
        var wt = TestData.Param(12, k.WShape);
        var b = TestData.Param(13, k.O);
        var gy = TestData.Random(14, k.YShape);
        var y = k.Conv(x, wt, b);
        Conv2dTests.AssertClose(ConvReference.Conv(k, x.ToDouble(), wt.ToDouble(), b.ToDouble()), y.ToArray(), "forward");
        y.Backward(gy);
        var (gx, gw, gb) = ConvReference.ConvBackward(k, x.ToDouble(), wt.ToDouble(), gy.ToDouble());
        Conv2dTests.AssertClose(gx, x.Grad!.ToArray(), "input gradient");
        Conv2dTests.AssertClose(gw, wt.Grad!.ToArray(), "weight gradient");
        Conv2dTests.AssertClose(gb, b.Grad!.ToArray(), "bias gradient");
    }
}
