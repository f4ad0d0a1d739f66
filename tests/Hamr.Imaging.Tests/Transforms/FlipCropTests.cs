using System.Numerics;
using Hamr.Imaging.Tests.Support;
using Hamr.Imaging.Transforms;

namespace Hamr.Imaging.Tests.Transforms;

public sealed class FlipCropTests
{
    [Theory]
    [InlineData(7, 5, 3)]
    [InlineData(8, 6, 4)]
    [InlineData(1, 1, 1)]
    [InlineData(5000, 3, 2)]
    public void Flipping_twice_gives_the_original_in_and_out_of_place(int w, int h, int channels)
    {
        var source = TestImages.Random8(w, h, channels, w + h);
        Assert.Equal(source.Pixels, ImageTransforms.FlipHorizontal(ImageTransforms.FlipHorizontal(source)).Pixels);
        Assert.Equal(source.Pixels, ImageTransforms.FlipVertical(ImageTransforms.FlipVertical(source)).Pixels);
        var inPlace = source.Clone();
        ImageTransforms.FlipHorizontal(inPlace, inPlace);
        Assert.Equal(ImageTransforms.FlipHorizontal(source).Pixels, inPlace.Pixels);
        ImageTransforms.FlipVertical(inPlace, inPlace);
        ImageTransforms.FlipVertical(inPlace, inPlace);
        ImageTransforms.FlipHorizontal(inPlace, inPlace);
        Assert.Equal(source.Pixels, inPlace.Pixels);
    }

    [Fact]
    public void Flipped_keypoints_stay_on_their_flipped_pixels()
    {
        var source = new Image(9, 6, 3);
        source[2, 4, 1] = 255;
        var keypoint = new Vector2[] { new(2.5f, 4.5f) };
        var flipped = new Vector2[1];

        ImageTransforms.FlipPointsHorizontal(keypoint, flipped, 9);
        Assert.Equal(255, ImageTransforms.FlipHorizontal(source)[(int)flipped[0].X, (int)flipped[0].Y, 1]);
        Assert.Equal(new Vector2(6.5f, 4.5f), flipped[0]);

        ImageTransforms.FlipPointsVertical(keypoint, flipped, 6);
        Assert.Equal(255, ImageTransforms.FlipVertical(source)[(int)flipped[0].X, (int)flipped[0].Y, 1]);
    }

    [Fact]
    public void Crop_inside_copies_the_rectangle()
    {
        var source = TestImages.Random8(20, 10, 3, 11);
        var crop = ImageTransforms.Crop(source, 4, 3, 7, 5, Border.Zero);
        for (int y = 0; y < 5; y++)
        {
            Assert.Equal(source.Row(y + 3).Slice(12, 21).ToArray(), crop.Row(y).ToArray());
        }
    }

    [Theory]
    [InlineData(-3, -2)]
    [InlineData(15, 8)]
    [InlineData(-40, 0)]
    [InlineData(0, 50)]
    public void Crop_outside_fills_with_the_border_colour_or_the_nearest_edge(int x, int y)
    {
        var source = TestImages.Random8(20, 10, 4, 12);
        var constant = ImageTransforms.Crop(source, x, y, 9, 7, Border.Constant(new Rgba(5, 6, 7, 8)));
        var replicate = ImageTransforms.Crop(source, x, y, 9, 7, Border.Replicate);
        for (int r = 0; r < 7; r++)
        {
            for (int c = 0; c < 9; c++)
            {
                int sx = x + c, sy = y + r;
                bool inside = sx is >= 0 and < 20 && sy is >= 0 and < 10;
                int cx = Math.Clamp(sx, 0, 19), cy = Math.Clamp(sy, 0, 9);
                for (int ch = 0; ch < 4; ch++)
                {
                    Assert.Equal(inside ? source[sx, sy, ch] : (byte)(5 + ch), constant[c, r, ch]);
                    Assert.Equal(source[cx, cy, ch], replicate[c, r, ch]);
                }
            }
        }
    }

    [Fact]
    public void Crop_with_extreme_offsets_does_not_overflow()
    {
        var source = TestImages.Random8(5, 5, 3, 13);
        var crop = ImageTransforms.Crop(source, int.MaxValue - 2, int.MinValue + 1, 4, 4, Border.Replicate);
        Assert.Equal(source.Row(0)[12..15].ToArray(), crop.Row(0)[..3].ToArray());
        Assert.All(ImageTransforms.Crop(source, int.MinValue, int.MaxValue, 4, 4, Border.Zero).Pixels, b => Assert.Equal(0, b));
    }
}
