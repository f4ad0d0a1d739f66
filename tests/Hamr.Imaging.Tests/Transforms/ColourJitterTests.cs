using Hamr.Imaging.Tests.Support;
using Hamr.Imaging.Transforms;
using Hamr.Tensors;

namespace Hamr.Imaging.Tests.Transforms;

public sealed class ColourJitterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Zero_strength_jitter_is_the_identity(int channels)
    {
        var source = TestImages.Random8(17, 9, channels, 20);
        var p = ColourJitter.Sample(new Random(5), 0, 0, 0, 0);
        Assert.Equal(ColourJitterParams.Identity, p);
        Assert.Equal(source.Pixels, ColourJitter.Apply(source, p).Pixels);
    }

    [Fact]
    public void Same_seed_gives_the_same_parameters_and_image()
    {
        var source = TestImages.Random8(17, 9, 3, 21);
        var p1 = ColourJitter.Sample(new Random(99), 0.4f, 0.4f, 0.4f, 0.1f);
        var p2 = ColourJitter.Sample(new Random(99), 0.4f, 0.4f, 0.4f, 0.1f);
        Assert.Equal(p1, p2);
        Assert.Equal(ColourJitter.Apply(source, p1).Pixels, ColourJitter.Apply(source, p2).Pixels);
        var t1 = ColourJitter.Sample(new TensorRandom(5), 0.4f, 0.4f, 0.4f, 0.1f);
        Assert.Equal(t1, ColourJitter.Sample(new TensorRandom(5), 0.4f, 0.4f, 0.4f, 0.1f));
        Assert.NotEqual(p1, ColourJitter.Sample(new Random(100), 0.4f, 0.4f, 0.4f, 0.1f));
    }

    [Fact]
    public void Sampled_factors_stay_within_their_ranges()
    {
        var r = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var p = ColourJitter.Sample(r, 0.3f, 1.5f, 0.2f, 0.05f);
            Assert.InRange(p.Brightness, 0.7f, 1.3f);
            Assert.InRange(p.Contrast, 0f, 2.5f);
            Assert.InRange(p.Saturation, 0.8f, 1.2f);
            Assert.InRange(p.HueShift, -0.05f, 0.05f);
        }
    }

    [Fact]
    public void Brightness_scales_and_saturates()
    {
        var source = new Image(2, 1, 3, [100, 50, 10, 200, 220, 240]);
        Assert.Equal(new byte[] { 50, 25, 5, 100, 110, 120 }, ColourJitter.Apply(source, new(0.5f, 1, 1, 0)).Pixels);
        Assert.Equal(new byte[] { 150, 75, 15, 255, 255, 255 }, ColourJitter.Apply(source, new(1.5f, 1, 1, 0)).Pixels);
    }

    [Fact]
    public void Zero_saturation_gives_gray_and_zero_contrast_gives_the_mean_luma()
    {
        var source = TestImages.Random8(8, 8, 4, 22);
        var gray = ColourJitter.Apply(source, new(1, 1, 0, 0));
        for (int i = 0; i < gray.Pixels.Length; i += 4)
        {
            Assert.Equal(gray.Pixels[i], gray.Pixels[i + 1]);
            Assert.Equal(gray.Pixels[i], gray.Pixels[i + 2]);
            Assert.Equal(source.Pixels[i + 3], gray.Pixels[i + 3]);
            double luma = 0.299 * source.Pixels[i] + 0.587 * source.Pixels[i + 1] + 0.114 * source.Pixels[i + 2];
            Assert.InRange(gray.Pixels[i] - luma, -0.51, 0.51);
        }
        var flat = ColourJitter.Apply(source, new(1, 0, 1, 0));
        Assert.Single(flat.Pixels.Where((_, i) => i % 4 != 3).Distinct());
    }

    [Fact]
    public void Hue_shift_keeps_grays_and_a_half_turn_twice_is_the_identity()
    {
        var grays = new Image(3, 1, 3, [0, 0, 0, 90, 90, 90, 250, 250, 250]);
        Assert.Equal(grays.Pixels, ColourJitter.Apply(grays, new(1, 1, 1, 0.3f)).Pixels);
        var source = new Image(2, 1, 3, [150, 100, 110, 90, 120, 100]);
        var back = ColourJitter.Apply(ColourJitter.Apply(source, new(1, 1, 1, 0.5f)), new(1, 1, 1, 0.5f));
        for (int i = 0; i < source.Pixels.Length; i++)
        {
            Assert.InRange(back.Pixels[i] - source.Pixels[i], -1, 1);
        }
        Assert.NotEqual(source.Pixels, ColourJitter.Apply(source, new(1, 1, 1, 0.5f)).Pixels);
    }

    [Fact]
    public void Bad_strengths_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ColourJitter.Sample(new Random(1), -0.1f, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColourJitter.Sample(new Random(1), 0, 0, 0, 0.6f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColourJitter.Apply(new Image(2, 2, 3), new(float.NaN, 1, 1, 0)));
    }
}
