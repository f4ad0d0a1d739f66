using Hamr.Imaging.Tests.Support;
using Hamr.Imaging.Transforms;
using Hamr.Tensors;

namespace Hamr.Imaging.Tests.Transforms;

// Vector paths (warp pixels, blur rows): rerun by test.sh with hardware intrinsics off.
[Trait("Category", "Kernels")]
public sealed class BlurNoiseTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.3)]
    [InlineData(4.0)]
    [InlineData(9.0)] // radius 27: wider than the image, reflected many times
    public void Blur_keeps_a_constant_image_constant(double sigma)
    {
        var source = TestImages.Constant(19, 11, 3, 201);
        Assert.All(ImageTransforms.GaussianBlur(source, sigma).Pixels, b => Assert.Equal(201, b));
    }

    [Fact]
    public void Blur_with_sigma_zero_copies()
    {
        var source = TestImages.Random8(9, 7, 2, 1);
        Assert.Equal(source.Pixels, ImageTransforms.GaussianBlur(source, 0).Pixels);
    }

    [Fact]
    public void Blur_spreads_a_point_symmetrically_and_keeps_its_mass()
    {
        var source = new Image(31, 31, 1);
        source[15, 15, 0] = 255;
        var blurred = ImageTransforms.GaussianBlur(source, 2.0);
        Assert.Equal(blurred[12, 15, 0], blurred[18, 15, 0]);
        Assert.Equal(blurred[15, 12, 0], blurred[12, 15, 0]);
        Assert.InRange(blurred.Pixels.Sum(b => b), 255 - 40, 255 + 40); // rounding of ~170 small values
        Assert.True(blurred[15, 15, 0] > blurred[16, 15, 0]);
    }

    [Fact]
    public void Blur_of_a_large_image_over_all_cores_matches_a_small_tile_away_from_borders()
    {
        var tile = TestImages.Random8(40, 40, 3, 2);
        var large = new Image(320, 240, 3);
        for (int y = 0; y < 240; y++)
        {
            for (int x = 0; x < 320; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    large[x, y, c] = tile[x % 40, y % 40, c];
                }
            }
        }
        var blurredLarge = ImageTransforms.GaussianBlur(large, 1.0);
        var blurredTile = ImageTransforms.GaussianBlur(ImageTransforms.Crop(large, 80, 120, 40, 40, Border.Zero), 1.0);
        for (int y = 3; y < 37; y++)
        {
            for (int x = 3; x < 37; x++)
            {
                Assert.Equal(blurredTile[x, y, 1], blurredLarge[80 + x, 120 + y, 1]);
            }
        }
    }

    [Theory]
    [InlineData(-1, 5, 1)]
    [InlineData(-2, 5, 2)]
    [InlineData(5, 5, 3)]
    [InlineData(6, 5, 2)]
    [InlineData(9, 5, 1)]
    [InlineData(-9, 5, 1)]
    [InlineData(3, 1, 0)]
    public void Reflect101_mirrors_without_repeating_the_edge(int i, int n, int expected) =>
        Assert.Equal(expected, ImageTransforms.Reflect101(i, n));

    [Fact]
    public void Gaussian_radius_is_three_sigma_rounded_up() =>
        Assert.Equal([0, 2, 3, 4, 6], new[] { 0, 0.5, 1.0, 1.1, 2.0 }.Select(ImageTransforms.GaussianRadius));

    [Fact]
    public void Noise_with_the_same_seed_is_the_same_and_another_seed_differs()
    {
        var source = TestImages.Random8(16, 12, 3, 3);
        var a = ImageTransforms.AddGaussianNoise(source, 8, 42);
        var b = ImageTransforms.AddGaussianNoise(source, 8, 42);
        var c = ImageTransforms.AddGaussianNoise(source, 8, 43);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.NotEqual(a.Pixels, c.Pixels);
        Assert.Equal(source.Pixels, ImageTransforms.AddGaussianNoise(source, 0, 42).Pixels);
    }

    [Fact]
    public void Noise_has_the_requested_spread_and_leaves_alpha_alone()
    {
        var source = TestImages.Constant(64, 64, 4, 128);
        var noisy = source.Clone();
        ImageTransforms.AddGaussianNoise(noisy, noisy, 10, new TensorRandom(7));
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < noisy.Pixels.Length; i++)
        {
            if (i % 4 == 3)
            {
                Assert.Equal(128, noisy.Pixels[i]);
                continue;
            }
            double d = noisy.Pixels[i] - 128;
            sum += d;
            sumSq += d * d;
            n++;
        }
        Assert.InRange(sum / n, -0.5, 0.5);
        Assert.InRange(Math.Sqrt(sumSq / n), 9.5, 10.5);
    }
}
