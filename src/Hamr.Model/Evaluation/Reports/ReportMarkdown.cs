using System.Globalization;
using System.Text;
using Hamr.Model.Evaluation.Readers;

namespace Hamr.Model.Evaluation.Reports;

/// <summary>Writes report.md: the numbers as tables, every 3D number in a row that names its protocol, and the definitions.</summary>
public static class ReportMarkdown
{
    /// <summary>The Markdown text for <paramref name="report"/>, listing <paramref name="references"/> and linking the plot files.</summary>
    public static string Render(EvalReport report, IReadOnlyList<ReferenceCurve> references, string plotName)
    {
        var md = new StringBuilder();
        int with3D = report.Protocols.Max(p => p.SampleCount);
        md.Append(Inv($"# Evaluation: {report.Method}\n\n"));
        md.Append(report.Source is { } source ? Inv($"Set: `{source}` — ") : "Set: in memory — ");
        md.Append(Inv($"{report.Count} samples, {with3D} with 3D ground truth.\n\n"));

        md.Append("## 3D joints\n\n");
        md.Append("| protocol | MPJPE mean (mm) | median (mm) | AUC 20–50 mm | AUC 0–50 mm | joints counted |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var p in report.Protocols)
        {
            md.Append(Inv($"| {p.Protocol.Title()} (`{p.Protocol.Key()}`) | {F(p.MpjpeMm, 2)} | {F(p.MedianMm, 2)} | {F(p.Auc20To50, 3)} | {F(p.Auc0To50, 3)} | {p.JointCount} |\n"));
        }

        md.Append("\nProtocols:\n\n");
        foreach (var protocol in EvalProtocols.All)
        {
            md.Append(Inv($"- `{protocol.Key()}` — {protocol.Description()}.\n"));
        }

        md.Append("\nMPJPE and the median pool every visible (sample, joint) error. PCK(t) is the fraction of those errors ≤ t; ");
        md.Append("AUC over [a, b] is the trapezoidal integral of the PCK curve sampled at 0, 0.5, …, 50 mm, divided by b − a.\n\n");

        var k = report.Keypoints2D;
        md.Append("## 2D keypoints (pixels of the crop, no alignment)\n\n");
        md.Append("| EPE mean (px) | EPE median (px) | PCK@10 px | keypoints counted |\n| ---: | ---: | ---: | ---: |\n");
        md.Append(Inv($"| {F(k.EpeMeanPx, 2)} | {F(k.EpeMedianPx, 2)} | {F(k.Pck10Px, 3)} | {k.KeypointCount} |\n\n"));

        if (report.Mesh is { } mesh)
        {
            md.Append("## Mesh\n\n");
            md.Append("| MPVPE (mm, wrist-relative) | PA-MPVPE (mm, Procrustes) | F@5 mm (Procrustes) | F@15 mm (Procrustes) | samples |\n");
            md.Append("| ---: | ---: | ---: | ---: | ---: |\n");
            md.Append(Inv($"| {F(mesh.MpvpeMm, 2)} | {F(mesh.PaMpvpeMm, 2)} | {F(mesh.FScore5Mm, 3)} | {F(mesh.FScore15Mm, 3)} | {mesh.SampleCount} |\n\n"));
        }

        if (references.Count > 0)
        {
            md.Append("## Reference curves (from CSV; their protocol is whatever their source used)\n\n");
            md.Append("| method | AUC 20–50 mm | AUC 0–50 mm | points |\n| --- | ---: | ---: | ---: |\n");
            foreach (var r in references)
            {
                md.Append(Inv($"| {r.Name.Replace("|", "\\|", StringComparison.Ordinal)} | {F(r.Curve.Auc(20, 50), 3)} | {F(r.Curve.Auc(0, 50), 3)} | {r.Curve.Thresholds.Length} |\n"));
            }

            md.Append('\n');
        }

        md.Append(Inv($"## PCK curves\n\n![3D PCK]({plotName}.png)\n\nVector version: [{plotName}.svg]({plotName}.svg). "));
        md.Append("Our curves are solid, one per protocol; reference curves are dashed.\n");
        return md.ToString();
    }

    private static string F(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
