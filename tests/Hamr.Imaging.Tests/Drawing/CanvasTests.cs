using System.Numerics;
using Hamr.Imaging.Drawing;
using Hamr.Imaging.Tests.Support;
using Hamr.Imaging.Tests.Transforms;

namespace Hamr.Imaging.Tests.Drawing;

public sealed class CanvasTests
{
    private static readonly Rgba Red = new(255, 0, 0);

    /// <summary>Painted fraction of each pixel after drawing opaque white on black (channel 0 / 255).</summary>
    private static double Coverage(Image image, int x, int y) => image[x, y, 0] / 255.0;

    private static double TotalCoverage(Image image)
    {
        double sum = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                sum += Coverage(image, x, y);
            }
        }
        return sum;
    }

    [Fact]
    public void Horizontal_line_of_thickness_three_covers_exactly_three_rows()
    {
        var image = new Image(40, 24, 3);
        Canvas.DrawLine(image, new Vector2(5.5f, 10.5f), new Vector2(30.5f, 10.5f), 3, Red);
        for (int y = 0; y < 24; y++)
        {
            for (int x = 0; x < 40; x++)
            {
                if (y is >= 9 and <= 11 && x is >= 6 and <= 29)
                {
                    Assert.Equal([255, 0, 0], image.Row(y).Slice(x * 3, 3).ToArray());
                }
                else if (y is < 9 or > 11)
                {
                    Assert.Equal(0, image[x, y, 0]);
                }
            }
        }
    }

    [Fact]
    public void Thick_diagonal_line_covers_its_capsule_area()
    {
        var image = new Image(64, 64, 3);
        var a = new Vector2(10.2f, 13.7f);
        var b = new Vector2(51.9f, 40.3f);
        Canvas.DrawLine(image, a, b, 5, Rgba.White);
        double expected = Vector2.Distance(a, b) * 5 + Math.PI * 2.5 * 2.5;
        Assert.Equal(expected, TotalCoverage(image), expected * 0.02);
    }

    [Fact]
    public void Thin_line_coverage_is_its_width()
    {
        var image = new Image(30, 10, 3);
        Canvas.DrawLine(image, new Vector2(2, 5), new Vector2(28, 5), 0.5f, Rgba.White);
        // The line straddles rows 4 and 5 (y = 5 is their shared edge): a quarter pixel in each.
        Assert.Equal(64, image[15, 4, 0]);
        Assert.Equal(64, image[15, 5, 0]);
        Assert.Equal(0, image[15, 3, 0]);
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(7.5f)]
    [InlineData(12.3f)]
    public void Filled_circle_covers_pi_r_squared(float radius)
    {
        var image = new Image(40, 40, 3);
        Canvas.FillCircle(image, new Vector2(19.7f, 20.2f), radius, Rgba.White);
        double expected = Math.PI * radius * radius;
        Assert.Equal(expected, TotalCoverage(image), expected * 0.01 + 0.5);
        Assert.Equal(255, image[19, 20, 0]);
        Assert.Equal(0, image[(int)(19.7f + radius + 1.5f), 20, 0]);
    }

    [Fact]
    public void Circle_outline_covers_a_ring_and_leaves_the_inside()
    {
        var image = new Image(50, 50, 3);
        Canvas.DrawCircle(image, new Vector2(25.5f, 25.5f), 15, 2, Rgba.White);
        Assert.Equal(2 * Math.PI * 15 * 2, TotalCoverage(image), 2 * Math.PI * 15 * 2 * 0.02);
        Assert.Equal(0, image[25, 25, 0]);
        Assert.Equal(255, image[40, 25, 0]); // pixel centre 40.5 is 15 from the centre: mid-ring
    }

    [Fact]
    public void Alpha_zero_changes_nothing()
    {
        var image = TestImages.Random8(32, 32, 4, 30);
        var before = image.Clone();
        var clear = new Rgba(200, 10, 30, 0);
        Canvas.DrawLine(image, new Vector2(1, 1), new Vector2(30, 20), 4, clear);
        Canvas.FillCircle(image, new Vector2(16, 16), 9, clear);
        Canvas.DrawCircle(image, new Vector2(16, 16), 9, 3, clear);
        Canvas.FillPolygon(image, [new(0, 0), new(32, 3), new(5, 30)], clear);
        Assert.Equal(before.Pixels, image.Pixels);
    }

    [Fact]
    public void Alpha_one_sets_the_colour_where_fully_covered_and_makes_rgba_opaque()
    {
        var image = TestImages.Random8(20, 20, 4, 31);
        var paint = new Rgba(12, 34, 56);
        Canvas.FillCircle(image, new Vector2(10, 10), 6, paint);
        Assert.Equal([12, 34, 56, 255], image.Row(10).Slice(10 * 4, 4).ToArray());
        Assert.Equal([12, 34, 56, 255], image.Row(7).Slice(8 * 4, 4).ToArray());
    }

    [Fact]
    public void Half_alpha_blends_halfway_over_opaque_and_sets_colour_over_transparent()
    {
        var rgb = new Image(4, 4, 3);
        Canvas.FillCircle(rgb, new Vector2(2, 2), 3, Rgba.White.WithAlpha(0.5f));
        Assert.Equal(128, rgb[1, 1, 0]);
        var rgba = new Image(4, 4, 4); // transparent black
        Canvas.FillCircle(rgba, new Vector2(2, 2), 3, new Rgba(200, 100, 50, 128));
        Assert.Equal([200, 100, 50, 128], rgba.Row(1).Slice(4, 4).ToArray());
    }

    [Fact]
    public void Shapes_off_the_canvas_or_not_finite_draw_nothing_and_bad_canvases_are_refused()
    {
        var image = new Image(10, 10, 3);
        Canvas.DrawLine(image, new Vector2(-50, -50), new Vector2(-20, -30), 3, Red);
        Canvas.DrawLine(image, new Vector2(float.NaN, 1), new Vector2(5, 5), 3, Red);
        Canvas.FillCircle(image, new Vector2(100, 5), 4, Red);
        Canvas.FillPolygon(image, [new(-9, -9), new(-1, -9), new(-5, -1)], Red);
        Assert.All(image.Pixels, b => Assert.Equal(0, b));
        Canvas.DrawLine(image, new Vector2(-1e30f, 5), new Vector2(1e30f, 5), 2, Red);
        Assert.Equal(255, image[3, 4, 0]);
        Assert.Throws<ArgumentException>(() => Canvas.FillCircle(new Image(4, 4, 1), Vector2.Zero, 2, Red));
        Assert.Throws<ArgumentOutOfRangeException>(() => Canvas.DrawLine(image, Vector2.Zero, Vector2.One, -1, Red));
    }
}
