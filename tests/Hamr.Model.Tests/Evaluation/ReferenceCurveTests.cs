using Hamr.Model.Evaluation;
using Hamr.Model.Evaluation.Readers;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>The reference-curve CSV form: reading, the errors it reports, and a round trip of our own curve.</summary>
public sealed class ReferenceCurveTests
{
    [Fact]
    public void A_csv_with_header_comments_and_blank_lines_reads()
    {
        const string Csv = "# MediaPipe, procrustes\nthreshold_mm,pck\n\n0,0\n20,0.5\n50,1\n";
        var curve = ReferenceCurve.Parse("mp", new StringReader(Csv), "mp.csv");
        Assert.Equal("mp", curve.Name);
        Assert.Equal([0.0, 20, 50], curve.Curve.Thresholds);
        Assert.Equal([0.0, 0.5, 1], curve.Curve.Values);
        // Linear between points: area over 0–50 is 0.25·20 + 0.75·30 = 27.5, /50.
        Assert.Equal(0.55, curve.Curve.Auc(0, 50), 12);
    }

    [Theory]
    [InlineData("0,0\n10,50\n", 2, "fraction")]
    [InlineData("0,0\n10,0.5\n10,0.6\n", 3, "ascending")]
    [InlineData("0,0\nten,0.5\n", 2, "two numbers")]
    [InlineData("0,0,1\n", 1, "two numbers")]
    public void Bad_lines_name_the_file_and_line(string csv, int line, string problem)
    {
        var e = Assert.Throws<EvalFormatException>(() => ReferenceCurve.Parse("x", new StringReader(csv), "x.csv"));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"x.csv:{line}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_point_is_not_a_curve()
    {
        var e = Assert.Throws<EvalFormatException>(() => ReferenceCurve.Parse("x", new StringReader("threshold_mm,pck\n5,0.5\n"), "x.csv"));
        Assert.Contains("at least two points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_curve_written_as_csv_reads_back_unchanged()
    {
        var thresholds = HandMetrics.DefaultThresholdsMm();
        var curve = new PckCurve(thresholds, HandMetrics.Pck([1, 7.3, 12, 44, 51], thresholds));
        var text = new StringWriter();
        ReferenceCurve.Write(text, curve);
        var back = ReferenceCurve.Parse("ours", new StringReader(text.ToString()), "ours.csv");
        Assert.Equal(curve.Thresholds, back.Curve.Thresholds);
        Assert.Equal(curve.Values, back.Curve.Values);
    }
}
