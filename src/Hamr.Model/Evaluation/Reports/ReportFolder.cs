using System.Globalization;
using System.Text;
using Hamr.Model.Evaluation.Plots;
using Hamr.Model.Evaluation.Readers;

namespace Hamr.Model.Evaluation.Reports;

/// <summary>
/// Writes an evaluation's output folder: report.json, report.md, pck3d.svg and pck3d.png (ours and the references on
/// one chart), pck3d_&lt;protocol&gt;.csv (our curves, in the reference-curve CSV form) and per_sample.csv. Everything is
/// written into a temporary sibling folder first and moved into place at the end, so an interrupted run never leaves
/// a half-written report that looks complete.
/// </summary>
public static class ReportFolder
{
    /// <summary>Base name of the plot files.</summary>
    public const string PlotName = "pck3d";

    /// <summary>Writes the folder (creating it and its parents; files already there with the same names are replaced).</summary>
    public static void Write(EvalReport report, string outputFolder, IReadOnlyList<ReferenceCurve> references)
    {
        string target = Path.GetFullPath(outputFolder);
        string parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"cannot write a report into the root folder {target}");
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            // 1. Every file into the temporary folder.
            var utf8 = new UTF8Encoding(false);
            File.WriteAllText(Path.Combine(temp, "report.json"), ReportJson.Render(report), utf8);
            File.WriteAllText(Path.Combine(temp, "report.md"), ReportMarkdown.Render(report, references, PlotName), utf8);
            var chart = PckChart.FromReport(report, references);
            SvgChart.Save(chart, Path.Combine(temp, PlotName + ".svg"));
            PngChart.Save(chart, Path.Combine(temp, PlotName + ".png"));
            foreach (var result in report.Protocols.Where(p => p.JointCount > 0))
            {
                using var writer = new StreamWriter(Path.Combine(temp, $"{PlotName}_{result.Protocol.Key()}.csv"), false, utf8);
                ReferenceCurve.Write(writer, result.Curve);
            }

            File.WriteAllText(Path.Combine(temp, "per_sample.csv"), PerSampleCsv(report), utf8);

            // 2. Into place: the whole folder by one rename when it is new, else file by file.
            if (!Directory.Exists(target))
            {
                Directory.Move(temp, target);
                return;
            }

            foreach (string file in Directory.GetFiles(temp))
            {
                File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>One line per sample: index, image name, mean 2D error (px) and mean 3D error under each protocol (mm); empty where not measured.</summary>
    public static string PerSampleCsv(EvalReport report)
    {
        var csv = new StringBuilder("index,image,epe2d_px");
        foreach (var protocol in EvalProtocols.All)
        {
            csv.Append(",mpjpe_").Append(protocol.Key()).Append("_mm");
        }

        csv.Append(",mpvpe_mm,pa_mpvpe_mm,f_score_5mm,f_score_15mm\n");
        foreach (var s in report.Samples)
        {
            csv.Append(s.Index.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvText(s.Name)).Append(',').Append(N(s.Epe2DPx));
            foreach (double e in s.MpjpeMm)
            {
                csv.Append(',').Append(N(e));
            }

            var m = s.Mesh;
            csv.Append(',').Append(N(m?.MpvpeMm)).Append(',').Append(N(m?.PaMpvpeMm)).Append(',').Append(N(m?.FScore5Mm)).Append(',').Append(N(m?.FScore15Mm)).Append('\n');
        }

        return csv.ToString();
    }

    private static string N(double? value) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, 4).ToString("R", CultureInfo.InvariantCulture) : "";

    private static string CsvText(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
