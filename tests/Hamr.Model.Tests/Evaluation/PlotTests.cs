using System.Xml.Linq;
using Hamr.Imaging;
using Hamr.Model.Evaluation;
using Hamr.Model.Evaluation.Plots;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>The PCK chart writers: SVG structure, PNG content, and the bitmap font.</summary>
public sealed class PlotTests
{
    private static PckChart Chart(string name = "ours")
    {
        var t = HandMetrics.DefaultThresholdsMm();
        return new PckChart("3D PCK", "error threshold (mm)", "PCK", 50,
        [
            new ChartSeries(name, new PckCurve(t, HandMetrics.Pck([5, 15, 25, 35], t)), PckChart.Palette[0]),
            new ChartSeries("reference <&>", new PckCurve([0, 20, 60], [0, 0.5, 1]), PckChart.Palette[1], Dashed: true),
        ]);
    }

    [Fact]
    public void The_svg_has_axes_ticks_grid_legend_and_escaped_names()
    {
        var svg = XDocument.Parse(SvgChart.Render(Chart()));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("reference <&>", texts); // escaped in the file, the same text once parsed
        Assert.Contains("ours", texts);
        Assert.Contains("error threshold (mm)", texts);
        Assert.All(new[] { "0", "10", "20", "30", "40", "50", "0.0", "0.2", "1.0" }, label => Assert.Contains(label, texts));
        var polylines = svg.Descendants(ns + "polyline").ToList();
        Assert.Equal(2, polylines.Count);
        Assert.NotNull(polylines[1].Attribute("stroke-dasharray"));

        // The reference runs to 60 mm: clipped at the 50 mm edge, its last point interpolated to 0.5 + 0.5·30/40 = 0.875.
        var last = polylines[1].Attribute("points")!.Value.Split(' ')[^1].Split(',');
        Assert.Equal(ChartLayout.PlotRight, double.Parse(last[0], System.Globalization.CultureInfo.InvariantCulture), 2);
        Assert.Equal(ChartLayout.PlotBottom - 0.875 * (ChartLayout.PlotBottom - ChartLayout.PlotTop), double.Parse(last[1], System.Globalization.CultureInfo.InvariantCulture), 2);
    }

    [Fact]
    public void The_png_draws_each_curve_in_its_colour_on_white()
    {
        var image = PngChart.Render(Chart());
        Assert.Equal(3, image.Channels);
        var decoded = Hamr.Imaging.Codecs.Png.Decode(Hamr.Imaging.Codecs.Png.Encode(image));
        Assert.Equal(image.Pixels, decoded.Pixels);
        Assert.Equal((255, 255, 255), Pixel(image, 5, ChartLayout.Height - 5));
        Assert.True(Count(image, PckChart.Palette[0]) > 100, "our curve's colour should be on the chart");
        Assert.True(Count(image, PckChart.Palette[1]) > 50, "the reference's colour should be on the chart");
    }

    [Fact]
    public void Every_glyph_is_seven_rows_of_five_and_text_draws_pixels()
    {
        foreach (char c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .,-():/%=+_@&?")
        {
            Assert.True(BitmapFont.HasGlyph(c), $"no glyph for '{c}'");
        }

        var image = new Image(40, 10, 3);
        BitmapFont.Draw(image, "1", 0, 0, 1, Rgba.White);
        // '1' is "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.": 10 pixels on, column 2 lit in every row.
        Assert.Equal(10, Enumerable.Range(0, 400).Count(i => image.Pixels[3 * i] == 255));
        Assert.All(Enumerable.Range(0, 7), row => Assert.Equal(255, image[2, row, 0]));
        Assert.Equal((2 * BitmapFont.Advance - 1) * 2, BitmapFont.Measure("ab", 2));
    }

    [Theory]
    [InlineData("short", 10, new[] { "short" })]
    [InlineData("ground-truth-noise:10: root-relative, scaled", 23, new[] { "ground-truth-noise:10:", "root-relative, scaled" })]
    [InlineData("abcdefghij", 4, new[] { "abcd", "efgh", "ij" })]
    [InlineData("a b c d e f g h", 3, new[] { "a b", "c d", "e.." })]
    public void Legend_names_wrap_at_spaces_into_at_most_three_lines(string name, int maxChars, string[] expected) =>
        Assert.Equal(expected, ChartLayout.Wrap(name, maxChars));

    private static (int, int, int) Pixel(Image image, int x, int y) => (image[x, y, 0], image[x, y, 1], image[x, y, 2]);

    private static int Count(Image image, Rgba colour)
    {
        int n = 0;
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            n += image.Pixels[3 * i] == colour.R && image.Pixels[3 * i + 1] == colour.G && image.Pixels[3 * i + 2] == colour.B ? 1 : 0;
        }

        return n;
    }
}
