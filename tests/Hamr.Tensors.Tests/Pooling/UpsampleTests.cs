using Hamr.Tensors.NN;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Pooling;

public sealed class UpsampleTests
{
    [Fact]
    public void Nearest_times_two_repeats_each_pixel_in_a_2x2_block()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], x.UpsampleNearest2d(4, 4).ToArray());
        Assert.Equal(x.UpsampleNearest2d(4, 4).ToArray(), x.UpsampleNearest2dByScale(2, 2).ToArray());
    }

    [Fact]
    public void Bilinear_align_corners_keeps_the_corners_and_averages_between_them()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f], 1, 1, 2, 2);
        Assert.Equal([0f, 0.5f, 1f, 1f, 1.5f, 2f, 2f, 2.5f, 3f], x.UpsampleBilinear2d(3, 3, alignCorners: true).ToArray());
    }

    [Fact]
    public void Bilinear_half_pixel_clamps_negative_sources_to_the_first_pixel()
    {
        // src = (dst + ½)·½ − ½ = −¼, ¼, ¾, 1¼ → clamped to 0, then the last pixel is held.
        var x = Tensor.FromArray([0f, 1f], 1, 1, 1, 2);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], x.UpsampleBilinear2d(1, 4, alignCorners: false).ToArray());
    }

    [Theory]
    [InlineData(8, 11)]  // non-integer ratios
    [InlineData(10, 14)] // exactly ×2
    [InlineData(3, 4)]   // downsampling
    [InlineData(5, 7)]   // identity
    public void Nearest_to_size_matches_reference_and_gradient(int oh, int ow)
    {
        var x = TestData.Param(21, 2, 2, 5, 7);
        GradCheck.AgainstReference(
            i => i[0].UpsampleNearest2d(oh, ow),
            v => PoolReference.Nearest(v[0], 4, 5, 7, oh, ow, 5.0 / oh, 7.0 / ow),
            [x]);
    }

    [Fact]
    public void Nearest_by_scale_maps_indices_with_the_factor_itself()
    {
        // 5×7 by 1.5 → 7×10; source index floor(dst / 1.5).
        var x = TestData.Param(22, 1, 2, 5, 7);
        GradCheck.AgainstReference(
            i => i[0].UpsampleNearest2dByScale(1.5, 1.5),
            v => PoolReference.Nearest(v[0], 2, 5, 7, 7, 10, 1 / 1.5, 1 / 1.5),
            [x]);
    }

    [Theory]
    [InlineData(8, 11, false)]
    [InlineData(8, 11, true)]
    [InlineData(3, 4, false)]
    [InlineData(3, 4, true)]
    [InlineData(10, 14, false)]
    [InlineData(1, 1, true)]
    public void Bilinear_to_size_matches_reference_and_gradient(int oh, int ow, bool alignCorners)
    {
        var x = TestData.Param(23, 2, 2, 5, 7);
        GradCheck.AgainstReference(
            i => i[0].UpsampleBilinear2d(oh, ow, alignCorners),
            v => PoolReference.Bilinear(v[0], 4, 5, 7, oh, ow, alignCorners, 5.0 / oh, 7.0 / ow),
            [x]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bilinear_by_non_integer_scale_matches_reference_and_gradient(bool alignCorners)
    {
        // 5×7 by 1.7 → 8×11; without align_corners the factor (not 5/8, 7/11) maps indices.
        var x = TestData.Param(24, 1, 2, 5, 7);
        GradCheck.AgainstReference(
            i => i[0].UpsampleBilinear2dByScale(1.7, 1.7, alignCorners),
            v => PoolReference.Bilinear(v[0], 2, 5, 7, 8, 11, alignCorners, 1 / 1.7, 1 / 1.7),
            [x]);
    }

    [Fact]
    public void Large_inputs_split_across_cores_give_the_plane_by_plane_results()
    {
        var x = Tensor.RandUniform(new TensorRandom(25), -1f, 1f, 2, 32, 20, 24).RequireGrad();
        var gy = Tensor.RandUniform(new TensorRandom(26), -1f, 1f, 2, 32, 45, 50);
        Func<Tensor, Tensor>[] ops = [t => t.UpsampleBilinear2d(45, 50, false), t => t.UpsampleNearest2d(45, 50)];
        foreach (var op in ops)
        {
            x.Grad = null;
            var y = op(x);
            y.Backward(gy);
            var whole = y.ToArray();
            var grad = x.Grad!.ToArray();
            for (int p = 0; p < 64; p += 7)
            {
                var plane = x.Detach().Reshape(64, 1, 20, 24).Select(0, p).Clone().RequireGrad();
                var yp = op(plane);
                yp.Backward(gy.Reshape(64, 1, 45, 50).Select(0, p).Contiguous());
                Assert.Equal(yp.ToArray(), whole.AsSpan(p * 45 * 50, 45 * 50).ToArray());
                Assert.Equal(plane.Grad!.ToArray(), grad.AsSpan(p * 480, 480).ToArray());
            }
        }
    }

    [Fact]
    public void Upsample_module_dispatches_on_mode_size_and_scale()
    {
        var x = TestData.Random(27, 1, 2, 5, 7);
        Assert.Equal(x.UpsampleBilinear2d(8, 11, true).ToArray(),
            Upsample.ToSize(8, 11, UpsampleMode.Bilinear, alignCorners: true).Forward(x).ToArray());
        Assert.Equal(x.UpsampleNearest2dByScale(2, 2).ToArray(), Upsample.ByScale(2).Forward(x).ToArray());
        Assert.Equal([1, 2, 8, 11], Upsample.ByScale(1.7, UpsampleMode.Bilinear).Forward(x).GetShape());
        Assert.Throws<ArgumentException>(() => Upsample.ByScale(2, UpsampleMode.Nearest, alignCorners: true));
    }
}
