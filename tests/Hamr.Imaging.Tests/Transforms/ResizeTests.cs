using Hamr.Imaging.Tests.Support;
using Hamr.Imaging.Transforms;

namespace Hamr.Imaging.Tests.Transforms;

// Vector paths (warp pixels, blur rows): rerun by test.sh with hardware intrinsics off.
[Trait("Category", "Kernels")]
public sealed class ResizeTests
{
    [Theory]
    [InlineData(40, 30, 13, 7)]
    [InlineData(13, 7, 40, 30)]
    [InlineData(40, 7, 13, 30)]
    [InlineData(17, 19, 17, 19)]
    [InlineData(1, 1, 9, 5)]
    [InlineData(9, 5, 1, 1)]
    public void Resize_of_a_constant_image_is_constant(int w, int h, int outW, int outH)
    {
        var source = TestImages.Constant(w, h, 3, 173);
        Assert.All(ImageTransforms.Resize(source, outW, outH).Pixels, b => Assert.Equal(173, b));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Area_shrink_by_two_is_the_rounded_mean_of_each_two_by_two_block(int channels)
    {
        var source = TestImages.Random8(34, 22, channels, 8);
        var half = ImageTransforms.Resize(source, 17, 11);
        for (int y = 0; y < 11; y++)
        {
            for (int x = 0; x < 17; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int sum = source[2 * x, 2 * y, c] + source[2 * x + 1, 2 * y, c] + source[2 * x, 2 * y + 1, c] + source[2 * x + 1, 2 * y + 1, c];
                    Assert.Equal((sum + 2) / 4, half[x, y, c]);
                }
            }
        }
    }

    [Fact]
    public void Area_shrink_by_three_averages_each_three_by_three_block()
    {
        var source = TestImages.Random8(30, 30, 1, 9);
        var third = ImageTransforms.Resize(source, 10, 10);
        for (int y = 0; y < 10; y++)
        {
            for (int x = 0; x < 10; x++)
            {
                double sum = 0;
                for (int k = 0; k < 9; k++)
                {
                    sum += source[3 * x + k % 3, 3 * y + k / 3, 0];
                }
                Assert.InRange(third[x, y, 0] - sum / 9, -0.5001, 0.5001);
            }
        }
    }

    [Theory]
    [InlineData(3, 2, 2)]
    [InlineData(4, 4, 3)]
    [InlineData(1, 5, 1)]
    public void Whole_factor_shrink_is_the_block_mean_rounded_half_up(int kx, int ky, int channels)
    {
        var source = TestImages.Random8(5 * kx, 4 * ky, channels, kx * 10 + ky);
        var small = ImageTransforms.Resize(source, 5, 4);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 5; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int sum = 0;
                    for (int k = 0; k < kx * ky; k++)
                    {
                        sum += source[x * kx + k % kx, y * ky + k / kx, c];
                    }
                    Assert.Equal((int)Math.Floor(sum / (double)(kx * ky) + 0.5), small[x, y, c]);
                }
            }
        }
    }

    [Fact]
    public void Fractional_shrink_weighs_pixels_by_their_coverage()
    {
        // 3 pixels into 2: output 0 covers pixel 0 and half of pixel 1; output 1 the other half and pixel 2.
        var source = new Image(3, 1, 1, [0, 90, 240]);
        Assert.Equal(new byte[] { 30, 190 }, ImageTransforms.Resize(source, 2, 1).Pixels);
    }

    [Fact]
    public void Same_size_resize_is_an_exact_copy()
    {
        var source = TestImages.Random8(21, 13, 4, 10);
        Assert.Equal(source.Pixels, ImageTransforms.Resize(source, 21, 13).Pixels);
    }

    [Fact]
    public void Bilinear_upscale_interpolates_between_pixel_centres()
    {
        // Two pixels 0 and 200 stretched to 8: centres at (i + 0.5)/4 − 0.5 in source pixels; the ends replicate.
        var source = new Image(2, 1, 1, [0, 200]);
        var wide = ImageTransforms.Resize(source, 8, 1);
        Assert.Equal(new byte[] { 0, 0, 25, 75, 125, 175, 200, 200 }, wide.Pixels);
    }

    [Fact]
    public void Large_resize_over_all_cores_keeps_a_constant_image_constant()
    {
        var source = TestImages.Constant(640, 480, 3, 77);
        Assert.All(ImageTransforms.Resize(source, 300, 260).Pixels, b => Assert.Equal(77, b));
        Assert.All(ImageTransforms.Resize(source, 700, 500).Pixels, b => Assert.Equal(77, b));
    }

    [Fact]
    public void Resize_into_the_source_is_refused()
    {
        var image = new Image(4, 4, 3);
        Assert.Throws<ArgumentException>(() => ImageTransforms.Resize(image, image));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTransforms.Resize(image, 0, 4));
    }
}
