using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hamr.Model.Evaluation.Reports;

/// <summary>
/// Writes report.json. Top level: "method", "annotations" (the set's file or null), "count" (samples evaluated),
/// "protocols" (key → definition), "definitions" (how each number is computed), one object per protocol key
/// ("root_relative", "root_relative_scaled", "procrustes") holding "protocol" (its definition), "count" (samples with
/// 3D truth), "joints" (errors counted), "mpjpe_mm", "median_mm", "auc_20_50", "auc_0_50" and "pck_curve_mm"
/// {"thresholds", "values"}; then "epe2d_px", "epe2d_median_px", "pck2d_10px", "pck2d_curve_px"; and "mesh"
/// {"count", "mpvpe_mm", "pa_mpvpe_mm", "f_score_5mm", "f_score_15mm"} only when meshes were scored.
/// A number that could not be measured (no samples) is null.
/// </summary>
public static class ReportJson
{
    /// <summary>How each number is computed, written into every report.</summary>
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new Dictionary<string, string>
    {
        ["mpjpe_mm"] = "mean Euclidean 3D joint error after the protocol's alignment, pooled over every visible (sample, joint), mm",
        ["median_mm"] = "median of the same pooled errors, mm",
        ["pck_curve_mm"] = "fraction of pooled 3D errors <= threshold, thresholds 0, 0.5, ..., 50 mm",
        ["auc_0_50"] = "area under the PCK curve over 0-50 mm by the trapezoidal rule on the thresholds, divided by 50 (in [0, 1])",
        ["auc_20_50"] = "area under the PCK curve over 20-50 mm by the trapezoidal rule on the thresholds, divided by 30 (in [0, 1])",
        ["epe2d_px"] = "mean Euclidean 2D keypoint error over every visible (sample, keypoint), pixels of the crop",
        ["pck2d_10px"] = "fraction of visible 2D keypoint errors <= 10 px",
        ["mesh"] = "MPVPE: vertices relative to each skeleton's wrist; PA-MPVPE: vertices after Procrustes; F@5/15 mm: F-score of the Procrustes-aligned vertex sets (FreiHAND); means over samples",
    };

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string Render(EvalReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, report);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void Write(Utf8JsonWriter json, EvalReport report)
    {
        json.WriteStartObject();
        json.WriteString("method", report.Method);
        json.WriteString("annotations", report.Source);
        json.WriteNumber("count", report.Count);
        json.WriteStartObject("protocols");
        foreach (var protocol in EvalProtocols.All)
        {
            json.WriteString(protocol.Key(), protocol.Description());
        }

        json.WriteEndObject();
        json.WriteStartObject("definitions");
        foreach (var (key, text) in Definitions)
        {
            json.WriteString(key, text);
        }

        json.WriteEndObject();

        // 3D, one object per protocol.
        foreach (var result in report.Protocols)
        {
            json.WriteStartObject(result.Protocol.Key());
            json.WriteString("protocol", result.Protocol.Description());
            json.WriteNumber("count", result.SampleCount);
            json.WriteNumber("joints", result.JointCount);
            Number(json, "mpjpe_mm", result.MpjpeMm, 4);
            Number(json, "median_mm", result.MedianMm, 4);
            Number(json, "auc_20_50", result.Auc20To50, 6);
            Number(json, "auc_0_50", result.Auc0To50, 6);
            Curve(json, "pck_curve_mm", result.Curve);
            json.WriteEndObject();
        }

        // 2D.
        var k = report.Keypoints2D;
        Number(json, "epe2d_px", k.EpeMeanPx, 4);
        Number(json, "epe2d_median_px", k.EpeMedianPx, 4);
        Number(json, "pck2d_10px", k.Pck10Px, 6);
        Curve(json, "pck2d_curve_px", k.Curve);

        // Mesh, only when there was one to score.
        if (report.Mesh is { } mesh)
        {
            json.WriteStartObject("mesh");
            json.WriteNumber("count", mesh.SampleCount);
            Number(json, "mpvpe_mm", mesh.MpvpeMm, 4);
            Number(json, "pa_mpvpe_mm", mesh.PaMpvpeMm, 4);
            Number(json, "f_score_5mm", mesh.FScore5Mm, 6);
            Number(json, "f_score_15mm", mesh.FScore15Mm, 6);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Curve(Utf8JsonWriter json, string name, PckCurve curve)
    {
        json.WriteStartObject(name);
        json.WriteStartArray("thresholds");
        foreach (double t in curve.Thresholds)
        {
            json.WriteNumberValue(Math.Round(t, 6));
        }

        json.WriteEndArray();
        json.WriteStartArray("values");
        foreach (double v in curve.Values)
        {
            if (double.IsFinite(v))
            {
                json.WriteNumberValue(Math.Round(v, 6));
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value, int decimals)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, decimals));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
