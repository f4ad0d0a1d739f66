using System.Numerics;
using Hamr.Imaging.Tests.Support;
using Hamr.Imaging.Transforms;

namespace Hamr.Imaging.Tests.Transforms;

// Vector paths (warp pixels, blur rows): rerun by test.sh with hardware intrinsics off.
[Trait("Category", "Kernels")]
public sealed class WarpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Identity_warp_is_an_exact_copy(int channels)
    {
        var source = TestImages.Random8(37, 23, channels, 10 + channels);
        Assert.Equal(source.Pixels, ImageTransforms.WarpAffine(source, Affine2.Identity, 37, 23, Border.Zero).Pixels);
        Assert.Equal(source.Pixels, ImageTransforms.WarpAffine(source, Affine2.Identity, 37, 23, Border.Replicate).Pixels);
    }

    [Fact]
    public void Identity_warp_of_a_large_image_over_all_cores_is_an_exact_copy()
    {
        var source = TestImages.Random8(333, 301, 3, 5);
        Assert.Equal(source.Pixels, ImageTransforms.WarpAffine(source, Affine2.Identity, 333, 301, Border.Zero).Pixels);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(-5, 4)]
    [InlineData(20, -7)]
    public void Integer_translation_equals_a_crop_with_the_same_border(int x, int y)
    {
        var source = TestImages.Random8(30, 20, 3, 7);
        foreach (var border in new[] { Border.Constant(new Rgba(9, 99, 199)), Border.Replicate })
        {
            var warped = ImageTransforms.WarpAffine(source, Affine2.Translation(-x, -y), 25, 18, border);
            var cropped = ImageTransforms.Crop(source, x, y, 25, 18, border);
            Assert.Equal(cropped.Pixels, warped.Pixels);
        }
    }

    [Fact]
    public void A_pixel_centre_lands_on_the_pixel_centre_its_keypoint_maps_to()
    {
        // A quarter turn about a point plus an integer shift maps pixel centres onto pixel centres, so the warp
        // must move one bright pixel exactly to the pixel containing its mapped centre.
        var m = Affine2.Translation(3, 1) * Affine2.Rotation(Math.PI / 2, new Vector2(8, 8));
        for (int i = 0; i < 16; i += 5)
        {
            for (int j = 0; j < 16; j += 3)
            {
                var source = new Image(16, 16, 1);
                source[i, j, 0] = 255;
                var p = m.Apply(new Vector2(i + 0.5f, j + 0.5f));
                var warped = ImageTransforms.WarpAffine(source, m, 24, 24, Border.Zero);
                int tx = (int)MathF.Floor(p.X), ty = (int)MathF.Floor(p.Y);
                Assert.Equal(255, warped[tx, ty, 0]);
                Assert.Equal(255, warped.Pixels.Sum(b => b));
            }
        }
    }

    [Fact]
    public void A_blob_moves_where_its_centre_keypoint_maps_under_a_rotated_scaled_crop()
    {
        // A smooth blob centred on a keypoint; after an arbitrary crop warp its intensity centroid must sit on the
        // keypoint mapped with the same affine (a half-pixel convention slip would show as a 0.5-pixel offset).
        var source = new Image(64, 48, 1);
        var centre = new Vector2(27.3f, 21.8f);
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                float d2 = Vector2.DistanceSquared(new Vector2(x + 0.5f, y + 0.5f), centre);
                source[x, y, 0] = (byte)MathF.Round(255 * MathF.Exp(-d2 / (2 * 3f * 3f)));
            }
        }
        var box = new CropBox(new Vector2(30, 20), 40, 0.9f);
        var m = box.SourceToCrop(48);
        var warped = ImageTransforms.WarpAffine(source, m, 48, 48, Border.Zero);

        double sx = 0, sy = 0, sw = 0;
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 48; x++)
            {
                double v = warped[x, y, 0];
                sx += v * (x + 0.5);
                sy += v * (y + 0.5);
                sw += v;
            }
        }
        var expected = m.Apply(centre);
        Assert.Equal(expected.X, sx / sw, 0.05);
        Assert.Equal(expected.Y, sy / sw, 0.05);
    }

    [Fact]
    public void Outside_the_source_is_the_border_colour_or_the_edge()
    {
        var source = TestImages.Random8(10, 10, 4, 3);
        var far = Affine2.Translation(100, 100);
        var constant = ImageTransforms.WarpAffine(source, far, 4, 4, Border.Constant(new Rgba(1, 2, 3, 4)));
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal([1, 2, 3, 4], constant.Pixels[(i * 4)..(i * 4 + 4)]));
        var replicate = ImageTransforms.WarpAffine(source, far, 4, 4, Border.Replicate);
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(source.Pixels[..4], replicate.Pixels[(i * 4)..(i * 4 + 4)]));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var image = new Image(8, 8, 3);
        Assert.Throws<ArgumentException>(() => ImageTransforms.WarpAffine(image, Affine2.Identity, image, Border.Zero));
        Assert.Throws<ArgumentException>(() => ImageTransforms.WarpAffine(image, Affine2.Identity, new Image(8, 8, 4), Border.Zero));
        Assert.Throws<ArgumentException>(() => ImageTransforms.WarpAffine(image, new Affine2(double.NaN, 0, 0, 0, 1, 0), new Image(8, 8, 3), Border.Zero));
        Assert.Throws<InvalidOperationException>(() => ImageTransforms.WarpAffine(image, Affine2.Scale(0), new Image(8, 8, 3), Border.Zero));
    }

    [Fact]
    public void Extreme_maps_fill_with_the_border_without_failing()
    {
        var image = TestImages.Random8(8, 8, 3, 4);
        var tiny = ImageTransforms.WarpAffine(image, Affine2.Scale(1e-9), 16, 16, Border.Zero);
        Assert.All(tiny.Pixels, b => Assert.Equal(0, b));
        var huge = ImageTransforms.WarpAffine(image, Affine2.Translation(-1e12, 3e12), 16, 16, Border.Replicate);
        Assert.Equal(16 * 16 * 3, huge.Pixels.Length);
    }
}
