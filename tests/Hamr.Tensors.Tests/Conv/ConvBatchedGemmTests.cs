using Hamr.Tensors.Kernels;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Conv;

/// <summary>The whole-batch batched-GEMM convolution path (output planes a whole number of GEMM panels).</summary>
[Trait("Category", "Kernels")]
public sealed class ConvBatchedGemmTests
{
    public static TheoryData<ConvCase> Cases => new()
    {
        new ConvCase(3, 5, 16, 16, 12, 3, 3, 2, 2, 1, 1), // conv4-like: 8×8 outputs, 16-float stride-2 rows
        new ConvCase(2, 3, 64, 64, 8, 3, 3, 2, 2, 1, 1), // conv1-like: 32×32 outputs, 3 input channels
        new ConvCase(1, 2, 96, 96, 3, 3, 3, 2, 2, 1, 1), // 48×48 = 2304 outputs: GEMM + ReLU by column chunks
        new ConvCase(1, 2, 96, 96, 100, 3, 3, 2, 2, 1, 1), // 100 channels: 640-column chunks, the last one short
        new ConvCase(2, 4, 8, 16, 6, 3, 3, 1, 1, 1, 1), // stride 1 (row copies), 8×16 outputs
        new ConvCase(2, 3, 16, 16, 5, 3, 3, 1, 1, 2, 2, 2, 2), // dilation 2, padding 2
        new ConvCase(2, 3, 9, 15, 4, 2, 3, 1, 2, 0, 1), // non-square kernel, mixed stride and padding
        new ConvCase(1, 40, 16, 16, 3, 3, 3, 2, 2, 1, 1), // patch rows (360) span two GEMM k blocks
        new ConvCase(1, 2, 64, 128, 3, 3, 3, 2, 2, 1, 1), // implicit panels: 32-wide runs inside 64-wide rows, ReLU chunks
        new ConvCase(2, 37, 64, 64, 3, 3, 3, 2, 2, 1, 1), // implicit panels: k blocks (167) cut (c, ky) triples
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batched_gemm_conv_matches_naive_loop_forward_and_backward(ConvCase k)
    {
        var x = TestData.Param(21, k.XShape);
        var w = TestData.Param(22, k.WShape);
        var b = TestData.Param(23, k.O);
        var gy = TestData.Random(24, k.YShape);
        var y = k.Conv(x, w, b);
        Conv2dTests.AssertClose(ConvReference.Conv(k, x.ToDouble(), w.ToDouble(), b.ToDouble()), y.ToArray(), "forward");
        y.Backward(gy);
        var (gx, gw, gb) = ConvReference.ConvBackward(k, x.ToDouble(), w.ToDouble(), gy.ToDouble());
        Conv2dTests.AssertClose(gx, x.Grad!.ToArray(), "input gradient");
        Conv2dTests.AssertClose(gw, w.Grad!.ToArray(), "weight gradient");
        Conv2dTests.AssertClose(gb, b.Grad!.ToArray(), "bias gradient");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2dRelu_matches_relu_of_naive_conv_and_its_gradients(ConvCase k)
    {
        var x = TestData.Param(41, k.XShape);
        var w = TestData.Param(42, k.WShape);
        var b = TestData.Param(43, k.O);
        var gy = TestData.Random(44, k.YShape);
        var y = Tensor.Conv2dRelu(x, w, b, k.SH, k.SW, k.PH, k.PW, k.DH, k.DW);
        var pre = ConvReference.Conv(k, x.ToDouble(), w.ToDouble(), b.ToDouble());
        Conv2dTests.AssertClose([.. pre.Select(v => Math.Max(v, 0))], y.ToArray(), "forward");
        y.Backward(gy);
        // relu'(pre) masks dY; where the float pre-activation sits within rounding of 0 the mask may differ.
        var masked = gy.ToDouble().Select((g, i) => pre[i] > 0 ? g : 0).ToArray();
        var (gx, gw, gb) = ConvReference.ConvBackward(k, x.ToDouble(), w.ToDouble(), masked);
        Conv2dTests.AssertClose(gx, x.Grad!.ToArray(), "input gradient");
        Conv2dTests.AssertClose(gw, w.Grad!.ToArray(), "weight gradient");
        Conv2dTests.AssertClose(gb, b.Grad!.ToArray(), "bias gradient");
    }

    public static TheoryData<ConvCase> BitwiseCases => new()
    {
        new ConvCase(3, 5, 16, 16, 12, 3, 3, 2, 2, 1, 1), // groups of 4 images: ReLU in place
        new ConvCase(2, 5, 64, 64, 12, 3, 3, 2, 2, 1, 1), // one image a group: GEMM into a tile, ReLU streamed out
    };

    [Theory]
    [MemberData(nameof(BitwiseCases))]
    public void Conv2dRelu_equals_conv2d_then_relu_bitwise_in_value_and_close_in_gradient(ConvCase k)
    {
        var x1 = TestData.Param(51, k.XShape);
        var w1 = TestData.Param(52, k.WShape);
        var x2 = TestData.Param(51, k.XShape);
        var w2 = TestData.Param(52, k.WShape);
        var gy = TestData.Random(53, k.YShape);
        var fused = Tensor.Conv2dRelu(x1, w1, null, 2, 2, 1, 1);
        var plain = k.Conv(x2, w2, null).Relu();
        Assert.Equal(plain.ToArray(), fused.ToArray());
        fused.Backward(gy);
        plain.Backward(gy);
        Assert.Equal(x2.Grad!.ToArray(), x1.Grad!.ToArray());
        Assert.Equal(w2.Grad!.ToArray(), w1.Grad!.ToArray());
    }

    [Fact]
    public void Conv2dRelu_on_a_shape_without_the_batched_path_is_conv_then_relu()
    {
        var k = new ConvCase(2, 3, 7, 5, 4, 3, 3, 2, 2, 1, 1);
        GradCheck.AgainstReference(t => Tensor.Conv2dRelu(t[0], t[1], t[2], 2, 2, 1, 1),
            v => [.. ConvReference.Conv(k, v[0], v[1], v[2]).Select(z => Math.Max(z, 0))],
            [TestData.Param(1, k.XShape), TestData.Param(2, k.WShape), TestData.Param(3, k.O)]);
    }

    [Fact]
    public void Batched_gemm_conv_without_bias_matches_naive_loop()
    {
        var k = new ConvCase(2, 3, 16, 16, 4, 3, 3, 2, 2, 1, 1);
        GradCheck.AgainstReference(t => k.Conv(t[0], t[1], null), v => ConvReference.Conv(k, v[0], v[1], null),
            [TestData.Param(1, k.XShape), TestData.Param(2, k.WShape)]);
    }

    [Fact]
    public void Conv_stack_shapes_take_the_batched_gemm_path()
    {
        var window = new ConvWindow(3, 3, 2, 2, 1, 1, 1, 1);
        int[] channels = [3, 32, 64, 128, 256];
        for (int l = 0, size = 128; l < 4; l++, size /= 2)
        {
            var s = new ConvShape(16, channels[l], size, size, channels[l + 1], 1, size / 2, size / 2, window);
            Assert.True(ConvBatchedGemm.Applies(s), $"layer {l + 1}");
        }
        Assert.False(ConvBatchedGemm.Applies(new ConvShape(2, 4, 7, 5, 4, 2, 7, 5, new ConvWindow(3, 3, 1, 1, 1, 1, 1, 1))));
    }

    [Fact]
    public void Batched_gemm_conv_gives_bitwise_identical_results_on_one_and_two_threads()
    {
        var k = new ConvCase(4, 16, 16, 16, 32, 3, 3, 2, 2, 1, 1);
        var (y1, g1) = Run(k, 1);
        var (y2, g2) = Run(k, 2);
        Assert.Equal(y1, y2);
        for (int i = 0; i < g1.Length; i++)
        {
            Assert.Equal(g1[i], g2[i]);
        }
    }

    private static (float[] Y, float[][] Grads) Run(ConvCase k, int threads)
    {
        int saved = ParallelFor.MaxDegree;
        ParallelFor.MaxDegree = threads;
        try
        {
            var x = TestData.Param(31, k.XShape);
            var w = TestData.Param(32, k.WShape);
            var b = TestData.Param(33, k.O);
            var y = k.Conv(x, w, b);
            y.Backward(TestData.Random(34, k.YShape));
            return (y.ToArray(), [x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray()]);
        }
        finally
        {
            ParallelFor.MaxDegree = saved;
        }
    }
}
