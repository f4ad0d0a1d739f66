using Hamr.Imaging;

namespace Hamr.Model.Evaluation.Plots;

/// <summary>One curve on a PCK chart: its legend name, points, colour and whether it is dashed (reference curves are).</summary>
public sealed record ChartSeries(string Name, PckCurve Curve, Rgba Colour, bool Dashed = false);

/// <summary>
/// A PCK chart (several methods' curves on one pair of axes, y from 0 to 1), drawn by <see cref="SvgChart"/> and
/// <see cref="PngChart"/> from the same layout so the two look alike.
/// </summary>
public sealed record PckChart(string Title, string XLabel, string YLabel, double XMax, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>A colour per series, cycled: ours first, then references (a colour-blind-safe set, Okabe–Ito).</summary>
    public static IReadOnlyList<Rgba> Palette { get; } =
    [
        new(0, 114, 178), new(213, 94, 0), new(0, 158, 115), new(204, 121, 167),
        new(86, 180, 233), new(230, 159, 0), new(0, 0, 0), new(240, 228, 66),
    ];

    /// <summary>
    /// The chart of an evaluation: our curve under each protocol that has data (solid), then each reference curve
    /// (dashed), x from 0 to 50 mm.
    /// </summary>
    public static PckChart FromReport(EvalReport report, IReadOnlyList<Readers.ReferenceCurve> references)
    {
        var series = new List<ChartSeries>();
        foreach (var result in report.Protocols.Where(p => p.JointCount > 0))
        {
            series.Add(new ChartSeries($"{report.Method}: {result.Protocol.Title()}", result.Curve, Palette[series.Count % Palette.Count]));
        }

        foreach (var reference in references)
        {
            series.Add(new ChartSeries(reference.Name, reference.Curve, Palette[series.Count % Palette.Count], Dashed: true));
        }

        string set = report.Source is { } source ? $" on {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(source)))}" : "";
        return new PckChart($"3D PCK{set} ({report.Count} samples)", "error threshold (mm)", "PCK", 50, series);
    }
}

/// <summary>Where things go on a chart, in pixels; shared by the SVG and PNG writers.</summary>
internal sealed class ChartLayout
{
    public const int Width = 960, Height = 540;
    public const int PlotLeft = 80, PlotTop = 50, PlotRight = 620, PlotBottom = 470;
    public const int LegendLeft = 640, LegendTop = 60, LegendGap = 8, LegendSwatch = 30;

    public ChartLayout(PckChart chart)
    {
        Chart = chart;
        XStep = NiceStep(chart.XMax / 5);
    }

    public PckChart Chart { get; }

    /// <summary>Spacing of the labelled x ticks (a 1-2-5 step, about five ticks); grid lines fall at half of it too.</summary>
    public double XStep { get; }

    public double X(double value) => PlotLeft + (PlotRight - PlotLeft) * value / Chart.XMax;

    public double Y(double fraction) => PlotBottom - (PlotBottom - PlotTop) * fraction;

    /// <summary>Labelled x tick values: 0, step, …, up to XMax.</summary>
    public IEnumerable<double> XTicks()
    {
        for (int i = 0; i * XStep <= Chart.XMax + 1e-9; i++)
        {
            yield return i * XStep;
        }
    }

    /// <summary>Labelled y tick values 0, 0.2, …, 1.</summary>
    public static IEnumerable<double> YTicks() => Enumerable.Range(0, 6).Select(i => i * 0.2);

    /// <summary>Vertical grid lines, every half x step.</summary>
    public IEnumerable<double> XGrid()
    {
        for (int i = 0; i * XStep / 2 <= Chart.XMax + 1e-9; i++)
        {
            yield return i * XStep / 2;
        }
    }

    /// <summary>Horizontal grid lines, every 0.1.</summary>
    public static IEnumerable<double> YGrid() => Enumerable.Range(0, 11).Select(i => i * 0.1);

    /// <summary>A series' points in pixels, clipped to x ≤ XMax (interpolating the crossing) and NaN values dropped.</summary>
    public IReadOnlyList<(double X, double Y)> Points(ChartSeries series)
    {
        var t = series.Curve.Thresholds;
        var v = series.Curve.Values;
        var points = new List<(double, double)>();
        for (int i = 0; i < t.Length; i++)
        {
            if (double.IsNaN(v[i]) || t[i] < 0)
            {
                continue;
            }

            if (t[i] > Chart.XMax)
            {
                if (i > 0 && t[i - 1] < Chart.XMax && !double.IsNaN(v[i - 1]))
                {
                    double f = (Chart.XMax - t[i - 1]) / (t[i] - t[i - 1]);
                    points.Add((X(Chart.XMax), Y(v[i - 1] + f * (v[i] - v[i - 1]))));
                }

                break;
            }

            points.Add((X(t[i]), Y(Math.Clamp(v[i], 0, 1))));
        }

        return points;
    }

    /// <summary>
    /// Legend text split into lines of at most <paramref name="maxChars"/> characters, breaking at spaces (a longer word
    /// is cut), at most three lines (the last ends in ".." when text is left over).
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int maxChars)
    {
        var lines = new List<string>();
        string line = "";
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string rest = word;
            while (rest.Length > 0)
            {
                string candidate = line.Length == 0 ? rest : line + " " + rest;
                if (candidate.Length <= maxChars)
                {
                    line = candidate;
                    rest = "";
                }
                else if (line.Length > 0)
                {
                    lines.Add(line);
                    line = "";
                }
                else
                {
                    lines.Add(rest[..maxChars]);
                    rest = rest[maxChars..];
                }
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        if (lines.Count > 3)
        {
            lines = lines.Take(3).ToList();
            lines[2] = lines[2].Length + 2 <= maxChars ? lines[2] + ".." : lines[2][..(maxChars - 2)] + "..";
        }

        return lines;
    }

    /// <summary>The legend: each series' wrapped lines and the y of its first line's centre, rows spaced by <paramref name="lineHeight"/>.</summary>
    public IReadOnlyList<(ChartSeries Series, IReadOnlyList<string> Lines, int Y)> Legend(int maxChars, int lineHeight)
    {
        var rows = new List<(ChartSeries, IReadOnlyList<string>, int)>();
        int y = LegendTop;
        foreach (var series in Chart.Series)
        {
            var lines = Wrap(series.Name, maxChars);
            rows.Add((series, lines, y));
            y += Math.Max(1, lines.Count) * lineHeight + LegendGap;
        }

        return rows;
    }

    /// <summary>Tick label text: integers without decimals, others with one (or two for the y axis).</summary>
    public static string Label(double value, int decimals) =>
        value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 && decimals == 0 ? "0" : "0." + new string('0', decimals), System.Globalization.CultureInfo.InvariantCulture);

    private static double NiceStep(double rough)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double f = rough / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }
}
