using Hamr.Tensors.Kernels;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Conv;

/// <summary>
/// The SIMD depthwise kernels (prepared rows, 3×3 / 5×5 register paths, stride-phase split, zero-spread input
/// gradient, fixed-order weight gradient) against the naive double reference in <see cref="ConvReference"/>.
/// </summary>
[Trait("Category", "Kernels")]
public sealed class DepthwiseConvTests
{
    [Theory]
    [InlineData(2, 3, 7, 9, 3, 3, 1, 1)] // 3×3 s1 p1, odd sizes
    [InlineData(2, 3, 9, 7, 3, 3, 2, 1)] // 3×3 s2 p1
    [InlineData(1, 2, 7, 9, 4, 3, 1, 1)] // 3×3 s1, multiplier 2
    [InlineData(1, 2, 9, 11, 4, 3, 2, 1)] // 3×3 s2, multiplier 2
    [InlineData(1, 2, 9, 7, 2, 5, 1, 2)] // 5×5 s1 p2
    [InlineData(2, 2, 11, 9, 2, 5, 2, 2)] // 5×5 s2 p2
    [InlineData(1, 2, 8, 9, 4, 5, 2, 2)] // 5×5 s2, multiplier 2, even height
    [InlineData(1, 2, 7, 8, 4, 5, 1, 2)] // 5×5 s1, multiplier 2
    [InlineData(1, 2, 6, 7, 2, 3, 2, 0)] // 3×3 s2 unpadded
    [InlineData(1, 2, 5, 6, 2, 5, 1, 3)] // padding wider than the kernel's reach on one side
    public void Depthwise_conv_matches_naive_loop_and_its_gradients(int n, int c, int h, int w, int o, int k,
        int stride, int pad)
    {
        var cc = new ConvCase(n, c, h, w, o, k, k, stride, stride, pad, pad, Groups: c);
        GradCheck.AgainstReference(
            t => cc.Conv(t[0], t[1], t[2]),
            v => ConvReference.Conv(cc, v[0], v[1], v[2]),
            [TestData.Param(1, cc.XShape), TestData.Param(2, cc.WShape), TestData.Param(3, o)]);
    }

    public static TheoryData<int, int, int> Widths()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int width in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 70 })
        {
            data.Add(width, 3, 1);
            data.Add(width, 3, 2);
            data.Add(width, 5, 1);
            data.Add(width, 5, 2);
        }
        data.Add(131, 3, 2);
        data.Add(130, 5, 1);
        return data;
    }

    /// <summary>Every row width 1…70 (each vector remainder) and one long row, forward and all gradients.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Depthwise_conv_is_exact_for_every_row_width(int width, int k, int stride)
    {
        var cc = new ConvCase(2, 3, 6, width, 6, k, k, stride, stride, k / 2, k / 2, Groups: 3);
        AssertMatchesReference(cc, 20 + (ulong)width);
    }

    [Fact]
    public void Depthwise_conv_handles_dilation_and_other_kernel_sizes()
    {
        AssertMatchesReference(new ConvCase(2, 4, 13, 21, 4, 3, 3, 1, 2, 2, 1, 2, 1, 4), 41);
        AssertMatchesReference(new ConvCase(1, 3, 12, 19, 6, 7, 7, 2, 2, 3, 3, Groups: 3), 42);
        AssertMatchesReference(new ConvCase(2, 3, 9, 18, 3, 2, 4, 1, 3, 0, 1, Groups: 3), 43);
    }

    [Fact]
    public void Depthwise_weight_gradient_does_not_depend_on_the_thread_count()
    {
        var cc = new ConvCase(8, 16, 33, 35, 16, 5, 5, 2, 2, 2, 2, Groups: 16);
        float[] Run(int threads)
        {
            int saved = ParallelFor.MaxDegree;
            try
            {
                ParallelFor.MaxDegree = threads;
                var x = TestData.Param(51, cc.XShape);
                var w = TestData.Param(52, cc.WShape);
                var b = TestData.Param(53, cc.O);
                cc.Conv(x, w, b).Backward(TestData.Random(54, cc.YShape));
                return [.. w.Grad!.ToArray(), .. b.Grad!.ToArray(), .. x.Grad!.ToArray()];
            }
            finally
            {
                ParallelFor.MaxDegree = saved;
            }
        }
        Assert.Equal(Run(1), Run(2));
    }

    private static void AssertMatchesReference(ConvCase cc, ulong seed)
    {
        var x = TestData.Param(seed, cc.XShape);
        var w = TestData.Param(seed + 1000, cc.WShape);
        var b = TestData.Param(seed + 2000, cc.O);
        var gy = TestData.Random(seed + 3000, cc.YShape);
        var y = cc.Conv(x, w, b);
        Conv2dTests.AssertClose(ConvReference.Conv(cc, x.ToDouble(), w.ToDouble(), b.ToDouble()), y.ToArray(), "forward");
        y.Backward(gy);
        var (gx, gw, gb) = ConvReference.ConvBackward(cc, x.ToDouble(), w.ToDouble(), gy.ToDouble());
        Conv2dTests.AssertClose(gx, x.Grad!.ToArray(), "input gradient");
        Conv2dTests.AssertClose(gw, w.Grad!.ToArray(), "weight gradient");
        Conv2dTests.AssertClose(gb, b.Grad!.ToArray(), "bias gradient");
    }
}
