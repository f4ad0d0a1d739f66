using System.Globalization;
using System.Text;
using Hamr.Imaging;

namespace Hamr.Model.Evaluation.Plots;

/// <summary>Writes a <see cref="PckChart"/> as a self-contained SVG 1.1 document: grid, axes, ticks, labels, curves and a legend.</summary>
public static class SvgChart
{
    // Legend lines: about 7.5 px per character at 14 px leaves room for 36 in the 280 px beside the plot.
    private const int LegendChars = 36, LegendLineHeight = 17;

    /// <summary>The SVG text of <paramref name="chart"/>.</summary>
    public static string Render(PckChart chart)
    {
        var layout = new ChartLayout(chart);
        var svg = new StringBuilder();
        svg.Append(Inv($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{ChartLayout.Width}\" height=\"{ChartLayout.Height}\" viewBox=\"0 0 {ChartLayout.Width} {ChartLayout.Height}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"));
        svg.Append(Inv($"<title>{Escape(chart.Title)}</title>\n<rect width=\"{ChartLayout.Width}\" height=\"{ChartLayout.Height}\" fill=\"#ffffff\"/>\n"));

        // 1. Grid.
        svg.Append("<g stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
        foreach (double x in layout.XGrid())
        {
            svg.Append(Inv($"<line x1=\"{layout.X(x):0.##}\" y1=\"{ChartLayout.PlotTop}\" x2=\"{layout.X(x):0.##}\" y2=\"{ChartLayout.PlotBottom}\"/>\n"));
        }

        foreach (double y in ChartLayout.YGrid())
        {
            svg.Append(Inv($"<line x1=\"{ChartLayout.PlotLeft}\" y1=\"{layout.Y(y):0.##}\" x2=\"{ChartLayout.PlotRight}\" y2=\"{layout.Y(y):0.##}\"/>\n"));
        }

        svg.Append("</g>\n");

        // 2. Axes, ticks and tick labels.
        svg.Append(Inv($"<rect x=\"{ChartLayout.PlotLeft}\" y=\"{ChartLayout.PlotTop}\" width=\"{ChartLayout.PlotRight - ChartLayout.PlotLeft}\" height=\"{ChartLayout.PlotBottom - ChartLayout.PlotTop}\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n"));
        svg.Append("<g stroke=\"#000000\" stroke-width=\"1.5\">\n");
        foreach (double x in layout.XTicks())
        {
            svg.Append(Inv($"<line x1=\"{layout.X(x):0.##}\" y1=\"{ChartLayout.PlotBottom}\" x2=\"{layout.X(x):0.##}\" y2=\"{ChartLayout.PlotBottom + 6}\"/>\n"));
        }

        foreach (double y in ChartLayout.YTicks())
        {
            svg.Append(Inv($"<line x1=\"{ChartLayout.PlotLeft - 6}\" y1=\"{layout.Y(y):0.##}\" x2=\"{ChartLayout.PlotLeft}\" y2=\"{layout.Y(y):0.##}\"/>\n"));
        }

        svg.Append("</g>\n<g font-size=\"14\" fill=\"#000000\">\n");
        int xDecimals = layout.XStep >= 1 ? 0 : 1;
        foreach (double x in layout.XTicks())
        {
            svg.Append(Inv($"<text x=\"{layout.X(x):0.##}\" y=\"{ChartLayout.PlotBottom + 22}\" text-anchor=\"middle\">{ChartLayout.Label(x, xDecimals)}</text>\n"));
        }

        foreach (double y in ChartLayout.YTicks())
        {
            svg.Append(Inv($"<text x=\"{ChartLayout.PlotLeft - 10}\" y=\"{layout.Y(y) + 5:0.##}\" text-anchor=\"end\">{ChartLayout.Label(y, 1)}</text>\n"));
        }

        // 3. Axis labels and title.
        double midX = (ChartLayout.PlotLeft + ChartLayout.PlotRight) / 2.0, midY = (ChartLayout.PlotTop + ChartLayout.PlotBottom) / 2.0;
        svg.Append(Inv($"<text x=\"{midX:0.##}\" y=\"{ChartLayout.PlotBottom + 50}\" text-anchor=\"middle\" font-size=\"16\">{Escape(chart.XLabel)}</text>\n"));
        svg.Append(Inv($"<text transform=\"translate(24 {midY:0.##}) rotate(-90)\" text-anchor=\"middle\" font-size=\"16\">{Escape(chart.YLabel)}</text>\n"));
        svg.Append(Inv($"<text x=\"{midX:0.##}\" y=\"32\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\">{Escape(chart.Title)}</text>\n"));
        svg.Append("</g>\n");

        // 4. Curves (their points already lie inside the plot: x clipped at XMax, PCK in [0, 1]; no clipPath, which
        //    simple SVG renderers such as ImageMagick's skip along with the curves).
        svg.Append("<g fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\">\n");
        foreach (var series in chart.Series)
        {
            var points = layout.Points(series);
            if (points.Count == 0)
            {
                continue;
            }

            string dash = series.Dashed ? " stroke-dasharray=\"8 5\"" : "";
            string coordinates = string.Join(" ", points.Select(p => Inv($"{p.X:0.##},{p.Y:0.##}")));
            svg.Append(Inv($"<polyline stroke=\"{Hex(series.Colour)}\"{dash} points=\"{coordinates}\"><title>{Escape(series.Name)}</title></polyline>\n"));
        }

        svg.Append("</g>\n");

        // 5. Legend, beside the plot so it never hides a curve.
        svg.Append("<g font-size=\"14\">\n");
        foreach (var (series, lines, y) in layout.Legend(LegendChars, LegendLineHeight))
        {
            string dash = series.Dashed ? " stroke-dasharray=\"8 5\"" : "";
            svg.Append(Inv($"<line x1=\"{ChartLayout.LegendLeft}\" y1=\"{y}\" x2=\"{ChartLayout.LegendLeft + ChartLayout.LegendSwatch}\" y2=\"{y}\" stroke=\"{Hex(series.Colour)}\" stroke-width=\"2.5\"{dash}/>\n"));
            for (int i = 0; i < lines.Count; i++)
            {
                svg.Append(Inv($"<text x=\"{ChartLayout.LegendLeft + ChartLayout.LegendSwatch + 8}\" y=\"{y + 5 + i * LegendLineHeight}\">{Escape(lines[i])}</text>\n"));
            }
        }

        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the SVG of <paramref name="chart"/> to <paramref name="path"/> (UTF-8, no BOM).</summary>
    public static void Save(PckChart chart, string path) => File.WriteAllText(path, Render(chart), new UTF8Encoding(false));

    /// <summary>Text made safe for XML content and attribute values.</summary>
    internal static string Escape(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            s.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                // Control characters are not allowed in XML 1.0; a name from the command line should never hold one.
                < ' ' when c is not '\t' and not '\n' and not '\r' => "?",
                _ => c.ToString(),
            });
        }

        return s.ToString();
    }

    private static string Hex(Rgba c) => $"#{c.R:x2}{c.G:x2}{c.B:x2}";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
