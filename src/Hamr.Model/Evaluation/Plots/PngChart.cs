using System.Numerics;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Drawing;

namespace Hamr.Model.Evaluation.Plots;

/// <summary>
/// Draws a <see cref="PckChart"/> into an RGB image with <see cref="Canvas"/> (anti-aliased lines) and labels it with
/// the built-in 5×7 bitmap font (capitals, digits and a few signs: the SVG carries the proper typography).
/// </summary>
public static class PngChart
{
    private static readonly Rgba s_grid = new(224, 224, 224);
    private const int TextScale = 2, LegendLineHeight = 18;

    /// <summary>The chart as a <see cref="ChartLayout.Width"/>×<see cref="ChartLayout.Height"/> RGB image.</summary>
    public static Image Render(PckChart chart)
    {
        var layout = new ChartLayout(chart);
        var image = new Image(ChartLayout.Width, ChartLayout.Height, 3);
        image.Pixels.AsSpan().Fill(255);

        // 1. Grid.
        foreach (double x in layout.XGrid())
        {
            Line(image, layout.X(x), ChartLayout.PlotTop, layout.X(x), ChartLayout.PlotBottom, 1, s_grid);
        }

        foreach (double y in ChartLayout.YGrid())
        {
            Line(image, ChartLayout.PlotLeft, layout.Y(y), ChartLayout.PlotRight, layout.Y(y), 1, s_grid);
        }

        // 2. Curves (under the frame, which is drawn last so it stays crisp).
        foreach (var series in chart.Series)
        {
            var points = layout.Points(series);
            if (series.Dashed)
            {
                DashedPolyline(image, points, 2.5f, series.Colour, on: 8, off: 5);
            }
            else
            {
                for (int i = 0; i + 1 < points.Count; i++)
                {
                    Line(image, points[i].X, points[i].Y, points[i + 1].X, points[i + 1].Y, 2.5f, series.Colour);
                }
            }
        }

        // 3. Frame, ticks and tick labels.
        double l = ChartLayout.PlotLeft, r = ChartLayout.PlotRight, t = ChartLayout.PlotTop, b = ChartLayout.PlotBottom;
        Line(image, l, b, r, b, 1.5f, Rgba.Black);
        Line(image, l, t, r, t, 1.5f, Rgba.Black);
        Line(image, l, t, l, b, 1.5f, Rgba.Black);
        Line(image, r, t, r, b, 1.5f, Rgba.Black);
        int xDecimals = layout.XStep >= 1 ? 0 : 1;
        foreach (double x in layout.XTicks())
        {
            Line(image, layout.X(x), b, layout.X(x), b + 6, 1.5f, Rgba.Black);
            string label = ChartLayout.Label(x, xDecimals);
            BitmapFont.Draw(image, label, (int)Math.Round(layout.X(x)) - BitmapFont.Measure(label, TextScale) / 2, (int)b + 12, TextScale, Rgba.Black);
        }

        foreach (double y in ChartLayout.YTicks())
        {
            Line(image, l - 6, layout.Y(y), l, layout.Y(y), 1.5f, Rgba.Black);
            string label = ChartLayout.Label(y, 1);
            BitmapFont.Draw(image, label, (int)l - 12 - BitmapFont.Measure(label, TextScale), (int)Math.Round(layout.Y(y)) - 7, TextScale, Rgba.Black);
        }

        // 4. Axis labels and title.
        int midX = (ChartLayout.PlotLeft + ChartLayout.PlotRight) / 2, midY = (ChartLayout.PlotTop + ChartLayout.PlotBottom) / 2;
        BitmapFont.Draw(image, chart.XLabel, midX - BitmapFont.Measure(chart.XLabel, TextScale) / 2, (int)b + 38, TextScale, Rgba.Black);
        BitmapFont.Draw(image, chart.YLabel, 12, midY + BitmapFont.Measure(chart.YLabel, TextScale) / 2, TextScale, Rgba.Black, vertical: true);
        int titleScale = FitScale(chart.Title, ChartLayout.Width - 20);
        BitmapFont.Draw(image, chart.Title, ChartLayout.Width / 2 - BitmapFont.Measure(chart.Title, titleScale) / 2, 16, titleScale, Rgba.Black);

        // 5. Legend beside the plot, names wrapped to the room there.
        int textLeft = ChartLayout.LegendLeft + ChartLayout.LegendSwatch + 8;
        int maxChars = (ChartLayout.Width - 4 - textLeft + TextScale) / (BitmapFont.Advance * TextScale);
        foreach (var (series, lines, y) in layout.Legend(maxChars, LegendLineHeight))
        {
            (double X, double Y)[] swatch = [(ChartLayout.LegendLeft, y), (ChartLayout.LegendLeft + ChartLayout.LegendSwatch, y)];
            if (series.Dashed)
            {
                DashedPolyline(image, swatch, 2.5f, series.Colour, on: 8, off: 5);
            }
            else
            {
                Line(image, swatch[0].X, y, swatch[1].X, y, 2.5f, series.Colour);
            }

            for (int i = 0; i < lines.Count; i++)
            {
                BitmapFont.Draw(image, lines[i], textLeft, y - BitmapFont.GlyphHeight * TextScale / 2 + i * LegendLineHeight, TextScale, Rgba.Black);
            }
        }

        return image;
    }

    /// <summary>Renders <paramref name="chart"/> and writes it as a PNG file.</summary>
    public static void Save(PckChart chart, string path) => Png.Save(Render(chart), path);

    /// <summary>2 when <paramref name="text"/> fits in <paramref name="width"/> pixels at scale 2, else 1 (longer text is cut at the image edge).</summary>
    private static int FitScale(string text, int width) => BitmapFont.Measure(text, 2) <= width ? 2 : 1;

    private static void Line(Image image, double x0, double y0, double x1, double y1, float thickness, Rgba colour) =>
        Canvas.DrawLine(image, new Vector2((float)x0, (float)y0), new Vector2((float)x1, (float)y1), thickness, colour);

    /// <summary>A polyline drawn as dashes of <paramref name="on"/> pixels with gaps of <paramref name="off"/>, the pattern running on across vertices.</summary>
    private static void DashedPolyline(Image image, IReadOnlyList<(double X, double Y)> points, float thickness, Rgba colour, double on, double off)
    {
        double phase = 0; // distance into the current on+off period
        for (int i = 0; i + 1 < points.Count; i++)
        {
            var (x0, y0) = points[i];
            var (x1, y1) = points[i + 1];
            double length = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
            double s = 0;
            while (s < length)
            {
                bool drawing = phase < on;
                // At least a micro-pixel per pass, so rounding in the phase can never stall the loop.
                double step = Math.Max(1e-6, Math.Min(length - s, drawing ? on - phase : on + off - phase));
                if (drawing && length > 0)
                {
                    double a = s / length, c = (s + step) / length;
                    Line(image, x0 + a * (x1 - x0), y0 + a * (y1 - y0), x0 + c * (x1 - x0), y0 + c * (y1 - y0), thickness, colour);
                }

                s += step;
                phase = (phase + step) % (on + off);
            }
        }
    }
}
