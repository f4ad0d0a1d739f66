using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Pooling;

public sealed class PoolingTests
{
    [Fact]
    public void Max_pool_2x2_of_a_known_4x4_picks_each_quadrant_maximum_and_routes_the_gradient_there()
    {
        var x = Tensor.Arange(16).Reshape(1, 1, 4, 4).Clone().RequireGrad();
        var y = x.MaxPool2d(2);
        Assert.Equal([1, 1, 2, 2], y.GetShape());
        Assert.Equal([5f, 7f, 13f, 15f], y.ToArray());
        y.Sum().Backward();
        var expected = new float[16];
        expected[5] = expected[7] = expected[13] = expected[15] = 1f;
        Assert.Equal(expected, x.Grad!.ToArray());
    }

    [Fact]
    public void Max_pool_ties_send_the_gradient_to_the_first_maximum_only()
    {
        var x = Tensor.Ones(1, 1, 2, 2).RequireGrad();
        x.MaxPool2d(2).Sum().Backward();
        Assert.Equal([1f, 0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Theory]
    // kH, kW, sH, sW, pH, pW, dH, dW, ceil
    [InlineData(2, 2, 2, 2, 0, 0, 1, 1, false)]
    [InlineData(2, 2, 2, 2, 0, 0, 1, 1, true)]
    [InlineData(3, 3, 2, 2, 1, 1, 1, 1, false)]
    [InlineData(3, 3, 2, 2, 1, 1, 1, 1, true)]
    [InlineData(3, 3, 1, 1, 1, 1, 2, 2, false)]
    [InlineData(3, 2, 2, 3, 1, 1, 2, 1, true)]
    [InlineData(2, 3, 3, 2, 1, 0, 1, 2, true)]
    public void Max_pool_matches_reference_and_gradient(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, bool ceil)
    {
        var x = PoolReference.Distinct(3, 2, 2, 7, 9);
        GradCheck.AgainstReference(
            i => i[0].MaxPool2d(kh, kw, sh, sw, ph, pw, dh, dw, ceil),
            v => PoolReference.MaxPool(v[0], 4, 7, 9, kh, kw, sh, sw, ph, pw, dh, dw, ceil),
            [x]);
    }

    [Theory]
    [InlineData(5, 2, 2, 1, false, 3)]
    [InlineData(5, 2, 2, 1, true, 3)]  // ceil would give 4, but the 4th window would start in the right padding
    [InlineData(6, 3, 2, 0, false, 2)]
    [InlineData(6, 3, 2, 0, true, 3)]  // a partial last window is kept
    [InlineData(7, 3, 2, 1, true, 4)]
    public void Ceil_mode_output_size_follows_pytorch(int input, int kernel, int stride, int pad, bool ceil, int expected)
    {
        var x = Tensor.Zeros(1, 1, input, input);
        Assert.Equal([1, 1, expected, expected], x.MaxPool2d(kernel, stride, pad, ceilMode: ceil).GetShape());
        Assert.Equal([1, 1, expected, expected], x.AvgPool2d(kernel, stride, pad, ceilMode: ceil).GetShape());
    }

    [Fact]
    public void Padding_over_half_the_kernel_is_refused()
    {
        var x = Tensor.Zeros(1, 1, 5, 5);
        Assert.Throws<ArgumentException>(() => x.MaxPool2d(2, 1, padding: 2));
        Assert.Throws<ArgumentException>(() => x.AvgPool2d(3, 1, padding: 2));
    }

    [Fact]
    public void Avg_pool_divisor_counts_padding_only_up_to_the_padded_border()
    {
        // W = 6, kernel 3, stride 2, pad 1, ceil: windows [-1,2), [1,4), [3,6), [5,8) → the last clipped to [5,7).
        var x = Tensor.Ones(1, 1, 1, 6);
        var include = x.AvgPool2d(1, 3, 1, 2, 0, 1, ceilMode: true, countIncludePad: true).ToArray();
        Assert.Equal([2f / 3, 1f, 1f, 0.5f], include);
        var exclude = x.AvgPool2d(1, 3, 1, 2, 0, 1, ceilMode: true, countIncludePad: false).ToArray();
        Assert.Equal([1f, 1f, 1f, 1f], exclude);
    }

    [Theory]
    // kH, kW, sH, sW, pH, pW, ceil, countIncludePad
    [InlineData(2, 2, 2, 2, 0, 0, false, true)]
    [InlineData(3, 3, 2, 2, 1, 1, false, true)]
    [InlineData(3, 3, 2, 2, 1, 1, false, false)]
    [InlineData(3, 3, 2, 2, 1, 1, true, true)]
    [InlineData(3, 3, 2, 2, 1, 1, true, false)]
    [InlineData(2, 3, 2, 2, 1, 1, true, true)]
    [InlineData(3, 2, 3, 1, 0, 1, true, false)]
    public void Avg_pool_matches_reference_and_gradient(int kh, int kw, int sh, int sw, int ph, int pw, bool ceil, bool include)
    {
        var x = TestData.Param(5, 2, 2, 6, 7);
        GradCheck.AgainstReference(
            i => i[0].AvgPool2d(kh, kw, sh, sw, ph, pw, ceil, include),
            v => PoolReference.AvgPool(v[0], 4, 6, 7, kh, kw, sh, sw, ph, pw, ceil, include),
            [x]);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(2, 2)]
    [InlineData(1, 1)]
    [InlineData(7, 9)] // larger than the input: overlapping windows
    public void Adaptive_avg_pool_matches_reference_and_gradient(int oh, int ow)
    {
        var x = TestData.Param(7, 2, 3, 5, 7);
        GradCheck.AgainstReference(
            i => i[0].AdaptiveAvgPool2d(oh, ow),
            v => PoolReference.AdaptiveAvg(v[0], 6, 5, 7, oh, ow),
            [x]);
    }

    [Fact]
    public void Global_avg_pool_is_the_spatial_mean_with_or_without_kept_dims()
    {
        var x = TestData.Param(8, 2, 3, 5, 7);
        GradCheck.AgainstReference(
            i => i[0].GlobalAvgPool2d(),
            v => PoolReference.AdaptiveAvg(v[0], 6, 5, 7, 1, 1),
            [x]);
        Assert.Equal([2, 3], x.GlobalAvgPool2d().GetShape());
        Assert.Equal([2, 3, 1, 1], x.GlobalAvgPool2d(keepDims: true).GetShape());
    }

    [Fact]
    public void Three_dimensional_input_pools_like_a_batch_of_one()
    {
        var x = TestData.Random(9, 3, 6, 6);
        Assert.Equal(x.Unsqueeze(0).MaxPool2d(3, 2, 1).ToArray(), x.MaxPool2d(3, 2, 1).ToArray());
        Assert.Equal([3, 3, 3], x.AvgPool2d(3, 2, 1).GetShape());
    }

    [Fact]
    public void Large_inputs_split_across_cores_give_the_plane_by_plane_results()
    {
        // 64 planes of 48×48 with a 3×3 window is over the parallel threshold; one plane at a time is not.
        var x = Tensor.RandUniform(new TensorRandom(10), -1f, 1f, 4, 16, 48, 48).RequireGrad();
        var gy = Tensor.RandUniform(new TensorRandom(11), -1f, 1f, 4, 16, 24, 24);
        Func<Tensor, Tensor>[] ops = [t => t.MaxPool2d(3, 2, 1), t => t.AvgPool2d(3, 2, 1, countIncludePad: false)];
        foreach (var op in ops)
        {
            x.Grad = null;
            var y = op(x);
            y.Backward(gy);
            var whole = y.ToArray();
            var grad = x.Grad!.ToArray();
            for (int n = 0; n < 4; n++)
            {
                for (int c = 0; c < 16; c += 5)
                {
                    var plane = x.Detach().Select(0, n).Select(0, c).Unsqueeze(0).Clone().RequireGrad();
                    var yp = op(plane);
                    yp.Backward(gy.Select(0, n).Select(0, c).Unsqueeze(0).Contiguous());
                    Assert.Equal(yp.ToArray(), whole.AsSpan((n * 16 + c) * 576, 576).ToArray());
                    Assert.Equal(plane.Grad!.ToArray(), grad.AsSpan((n * 16 + c) * 2304, 2304).ToArray());
                }
            }
        }
    }
}
