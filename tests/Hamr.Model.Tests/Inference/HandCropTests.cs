using Hamr.Imaging;
using Hamr.Imaging.Transforms;
using Hamr.Model.Inference;
using Hamr.Model.Tests.Support;

namespace Hamr.Model.Tests.Inference;

/// <summary>The crop geometry and resampling, without a network.</summary>
public sealed class HandCropTests
{
    public static TheoryData<float, float, float, float, bool> Boxes => new()
    {
        { 0, 0, 64, 48, false },
        { 10.5f, 3.25f, 20, 37, true },
        { -30, 20, 80, 40, false },     // reaches past the left edge
        { 50, 40, 100, 100, true },     // past the bottom right
        { 31, 22, 1.5f, 0.75f, false }, // tiny: strongly magnified
    };

    [Theory]
    [MemberData(nameof(Boxes))]
    public void Points_go_to_the_crop_and_back_exactly_and_the_square_lands_on_the_crop(float x, float y, float w, float h, bool mirror)
    {
        var crop = new HandCrop(64, 48, new HandBox(x, y, w, h), 32, mirror);
        var rng = new Random(7);
        var source = Enumerable.Range(0, 42).Select(_ => (float)((rng.NextDouble() * 200) - 60)).ToArray();
        var normalized = new float[42];
        var back = new float[42];
        crop.SourceToNormalized(source, normalized);
        crop.NormalizedToSource(normalized, back);
        for (int i = 0; i < 42; i++)
        {
            Assert.Equal(source[i], back[i], 1e-3f);
        }

        // The square's centre is the crop's centre; its left edge is the crop's left edge (right edge when mirrored);
        // its side is the larger of the box's.
        float side = MathF.Max(w, h), cx = x + (w / 2), cy = y + (h / 2);
        float[] corners = [cx, cy, cx - (side / 2), cy - (side / 2), cx + (side / 2), cy + (side / 2)];
        var n = new float[6];
        crop.SourceToNormalized(corners, n);
        float sign = mirror ? -1 : 1;
        float[] expected = [0, 0, -sign, -1, sign, 1];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], n[i], 1e-5f);
        }

        Assert.Equal(mirror, crop.SourceToCrop.Determinant < 0);
    }

    [Fact]
    public void The_crop_holds_the_box_content_upright_mirrored_and_padded_grey()
    {
        // A ramp image: R = 4·x, G = 5·y, B = 77, so every pixel says where it came from.
        var image = new Image(60, 50, 3);
        for (int yy = 0; yy < 50; yy++)
        {
            for (int xx = 0; xx < 60; xx++)
            {
                image[xx, yy, 0] = (byte)(4 * xx);
                image[xx, yy, 1] = (byte)(5 * yy);
                image[xx, yy, 2] = 77;
            }
        }

        // Box 16×16 at (40, 10) scaled 2× into 32 px: crop pixel (i, j) samples source (40 + (i + 0.5)/2, 10 + (j + 0.5)/2).
        foreach (bool mirror in new[] { false, true })
        {
            var crop = new HandCrop(60, 50, new HandBox(40, 10, 16, 16), 32, mirror).Extract(image);
            Assert.Equal((32, 32, 3), (crop.Width, crop.Height, crop.Channels));
            for (int j = 0; j < 32; j += 3)
            {
                for (int i = 0; i < 32; i += 3)
                {
                    int column = mirror ? 31 - i : i;
                    float sx = 40 + ((i + 0.5f) / 2) - 0.5f, sy = 10 + ((j + 0.5f) / 2) - 0.5f; // in pixel-centre units
                    Assert.InRange(crop[column, j, 0], (4 * Math.Clamp(sx, 0, 59)) - 1.5, (4 * Math.Clamp(sx, 0, 59)) + 1.5);
                    Assert.InRange(crop[column, j, 1], (5 * sy) - 1.5, (5 * sy) + 1.5);
                    Assert.Equal(77, crop[column, j, 2]);
                }
            }
        }

        // A box wholly inside the left edge region but square past the top: the rows above the image are grey.
        var padded = new HandCrop(60, 50, new HandBox(0, 0, 40, 10), 32, false).Extract(image);
        Assert.Equal([128, 128, 128], [padded[16, 0, 0], padded[16, 0, 1], padded[16, 0, 2]]);
        Assert.Equal(77, padded[16, 16, 2]);
    }

    [Fact]
    public void Large_boxes_are_area_averaged_not_aliased()
    {
        // A one-pixel checkerboard shrunk 8×: bilinear sampling alone would see only the checks; area averaging sees grey.
        var board = new Image(256, 256, 1);
        for (int yy = 0; yy < 256; yy++)
        {
            for (int xx = 0; xx < 256; xx++)
            {
                board[xx, yy, 0] = (byte)(((xx + yy) & 1) * 255);
            }
        }

        var crop = new HandCrop(256, 256, HandBox.Whole(256, 256), 32, false);
        Assert.Equal(8, crop.Supersample);
        var pixels = crop.Extract(board).Pixels;
        Assert.All(pixels, p => Assert.InRange(p, 126, 129));

        // Also at a factor that is not whole (300 px box → 10×32 intermediate, bilinear shrink 0.94, not aliasing).
        var odd = new HandCrop(256, 256, new HandBox(-22, -22, 300, 300), 32, false);
        Assert.Equal(10, odd.Supersample);
        var inside = odd.Extract(board);
        for (int j = 6; j < 26; j++)
        {
            for (int i = 6; i < 26; i++)
            {
                Assert.InRange(inside[i, j, 0], 112, 144);
            }
        }
    }

    [Fact]
    public void Grey_and_alpha_images_become_rgb_over_the_padding_grey()
    {
        var gray = new Image(2, 1, 1, [10, 200]);
        Assert.Equal(new byte[] { 10, 10, 10, 200, 200, 200 }, RgbImage.From(gray).Pixels);
        var rgba = new Image(2, 1, 4, [255, 0, 0, 255, 255, 0, 0, 0]);
        Assert.Equal(new byte[] { 255, 0, 0, 128, 128, 128 }, RgbImage.From(rgba).Pixels);
        var rgb = Examples.Noise(3, 3, 1);
        Assert.Same(rgb, RgbImage.From(rgb));
    }

    [Theory]
    [InlineData(70, 0, 10, 10)]      // right of the image
    [InlineData(0, -20, 10, 10)]     // above it
    [InlineData(5, 5, 0, 10)]        // empty
    [InlineData(5, 5, 10, -1)]
    [InlineData(float.NaN, 5, 10, 10)]
    public void Boxes_outside_the_image_or_empty_are_refused(float x, float y, float w, float h)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new HandCrop(64, 48, new HandBox(x, y, w, h), 32, false));
        Assert.Contains("box", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("1,2,3,x")]
    [InlineData("1,2,0,4")]
    [InlineData("1,2,3,-4")]
    [InlineData("1,2,3,NaN")]
    [InlineData("")]
    public void Bad_box_text_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => HandBox.Parse(text));

    [Fact]
    public void Box_text_parses_in_the_invariant_culture() =>
        Assert.Equal(new HandBox(1.5f, -2, 30, 40.25f), HandBox.Parse("1.5, -2,30,40.25"));

    [Fact]
    public void An_image_of_another_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => new HandCrop(64, 48, HandBox.Whole(64, 48), 32, false).Extract(Examples.Noise(48, 64, 1)));

    [Fact]
    public void The_whole_image_at_the_input_size_is_copied_exactly_and_mirrored_exactly()
    {
        var image = Examples.Noise(32, 32, 3);
        Assert.Equal(image.Pixels, new HandCrop(32, 32, HandBox.Whole(32, 32), 32, false).Extract(image).Pixels);
        Assert.Equal(ImageTransforms.FlipHorizontal(image).Pixels, new HandCrop(32, 32, HandBox.Whole(32, 32), 32, true).Extract(image).Pixels);
    }
}
