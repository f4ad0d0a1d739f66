using System.Numerics;
using Hamr.Imaging.Drawing;

namespace Hamr.Imaging.Tests.Drawing;

public sealed class FillPolygonTests
{
    private static double TotalCoverage(Image image)
    {
        double sum = 0;
        for (int i = 0; i < image.Pixels.Length; i += image.Channels)
        {
            sum += image.Pixels[i] / 255.0;
        }
        return sum;
    }

    [Fact]
    public void Rectangle_on_pixel_edges_fills_exactly_its_pixels()
    {
        var image = new Image(16, 12, 3);
        Canvas.FillPolygon(image, [new(2, 3), new(10, 3), new(10, 8), new(2, 8)], Rgba.White);
        for (int y = 0; y < 12; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                bool inside = x is >= 2 and < 10 && y is >= 3 and < 8;
                Assert.Equal(inside ? 255 : 0, image[x, y, 1]);
            }
        }
    }

    [Fact]
    public void Triangle_coverage_is_its_area_in_either_winding()
    {
        Vector2[] triangle = [new(3.3f, 4.1f), new(45.7f, 12.9f), new(17.2f, 38.6f)];
        double area = Math.Abs((triangle[1].X - triangle[0].X) * (triangle[2].Y - triangle[0].Y) - (triangle[2].X - triangle[0].X) * (triangle[1].Y - triangle[0].Y)) / 2;
        var image = new Image(50, 42, 3);
        Canvas.FillPolygon(image, triangle, Rgba.White);
        Assert.Equal(area, TotalCoverage(image), area * 0.005);
        var reversed = new Image(50, 42, 3);
        Canvas.FillPolygon(reversed, [triangle[2], triangle[1], triangle[0]], Rgba.White);
        Assert.Equal(image.Pixels, reversed.Pixels);
    }

    [Fact]
    public void Pentagram_centre_is_filled_under_nonzero_and_a_hole_under_even_odd()
    {
        var star = new Vector2[5];
        for (int i = 0; i < 5; i++)
        {
            double angle = -Math.PI / 2 + i * 4 * Math.PI / 5; // every second vertex of a pentagon: self-crossing
            star[i] = new Vector2(30 + 25 * (float)Math.Cos(angle), 30 + 25 * (float)Math.Sin(angle));
        }
        var nonZero = new Image(60, 60, 3);
        Canvas.FillPolygon(nonZero, star, Rgba.White, FillRule.NonZero);
        var evenOdd = new Image(60, 60, 3);
        Canvas.FillPolygon(evenOdd, star, Rgba.White, FillRule.EvenOdd);
        Assert.Equal(255, nonZero[30, 30, 0]);
        Assert.Equal(0, evenOdd[30, 30, 0]);
        Assert.Equal(255, evenOdd[30, 12, 0]); // inside the top point
        Assert.Equal(255, nonZero[30, 12, 0]);
    }

    [Fact]
    public void Degenerate_polygons_draw_nothing()
    {
        var image = new Image(10, 10, 3);
        Canvas.FillPolygon(image, [new(1, 1), new(8, 8)], Rgba.White);
        Canvas.FillPolygon(image, [new(1, 1), new(5, 5), new(9, 9)], Rgba.White);
        Canvas.FillPolygon(image, [new(1, 1), new(5, float.PositiveInfinity), new(9, 2)], Rgba.White);
        Assert.All(image.Pixels, b => Assert.Equal(0, b));
    }
}
