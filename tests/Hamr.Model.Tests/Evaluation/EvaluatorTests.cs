using System.Text.Json;
using System.Xml.Linq;
using Hamr.Imaging.Codecs;
using Hamr.Model.Evaluation;
using Hamr.Model.Evaluation.Readers;
using Hamr.Model.Evaluation.Reports;
using Hamr.Model.Tests.Support;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>The evaluator end to end with fake predictors, and the report folder it writes.</summary>
public sealed class EvaluatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Ground_truth_scores_zero_everywhere_and_progress_reaches_the_total()
    {
        var reports = new List<EvalProgress>();
        var report = new Evaluator(new GroundTruthNoisePredictor(0)).EvaluateFile(EvalPaths.SyntheticAnnotations, new SyncProgress(reports.Add));
        Assert.Equal(4, report.Count);
        Assert.Equal(5, reports.Count);
        Assert.Equal(4, reports[^1].Done);
        Assert.Equal(4, reports[^1].Total);
        foreach (var p in report.Protocols)
        {
            Assert.Equal(3, p.SampleCount);
            Assert.Equal(21 + 18 + 18, p.JointCount); // three keypoints hidden in samples 1 and 2
            Assert.Equal(0, p.MpjpeMm, 3);
            Assert.Equal(1, p.Auc0To50, 9);
        }

        // 2D: the fixture's kp2d are projections with K, as this predictor's are; sample 3 has no K, so its truth is used.
        Assert.Equal(0, report.Keypoints2D.EpeMeanPx, 3);
        Assert.Equal(21 + 18 + 18 + 21, report.Keypoints2D.KeypointCount);
    }

    [Fact]
    public void Noise_of_ten_mm_gives_the_expected_root_relative_error()
    {
        // Root-relative error of a non-wrist joint is |n_j − n_wrist| with both N(0, σ²) per axis: a chi(3) of scale
        // σ√2, mean σ√2·2√(2/π) = 4σ/√π ≈ 22.57 mm; the wrist's own error is 0, so the 21-joint mean is 20/21 of it.
        // The 20 errors of a sample share the wrist's noise, so the sample mean varies by ~4.6 mm: over 1000 samples
        // the standard error is ~0.15 mm.
        var samples = Enumerable.Range(0, 1000).Select(i => Hands.Sample(i)).ToList();
        var report = new Evaluator(new GroundTruthNoisePredictor(10, seed: 7)).Evaluate(samples);
        Assert.Equal(20.0 / 21 * 40 / Math.Sqrt(Math.PI), report[EvalProtocol.RootRelative].MpjpeMm, 0.5);
        Assert.True(report[EvalProtocol.Procrustes].MpjpeMm < report[EvalProtocol.RootRelative].MpjpeMm);

        // Same seed, same numbers; each sample's noise depends on its index only, not on the order.
        var again = new Evaluator(new GroundTruthNoisePredictor(10, seed: 7)).Evaluate(samples.AsEnumerable().Reverse().ToList());
        Assert.Equal(report[EvalProtocol.RootRelative].MpjpeMm, again[EvalProtocol.RootRelative].MpjpeMm, 9);
        var other = new Evaluator(new GroundTruthNoisePredictor(10, seed: 8)).Evaluate(samples);
        Assert.NotEqual(report[EvalProtocol.RootRelative].MpjpeMm, other[EvalProtocol.RootRelative].MpjpeMm);
    }

    [Fact]
    public void A_delegate_predictor_sees_each_decoded_image()
    {
        var sizes = new List<(int, int)>();
        var predictor = new DelegateHandPredictor("spy", (image, sample) =>
        {
            sizes.Add((image.Width, image.Height));
            return new HandPrediction(sample.Keypoints2DPx, sample.Joints3DMeters ?? new float[63]);
        });
        var report = new Evaluator(predictor).EvaluateFile(EvalPaths.SyntheticAnnotations);
        Assert.Equal("spy", report.Method);
        Assert.Equal(Enumerable.Repeat((16, 16), 4), sizes);
    }

    [Fact]
    public void A_missing_image_fails_before_any_prediction()
    {
        var samples = new[] { Hands.Sample(0), Hands.Sample(1) with { Image = null, ImagePath = Path.Combine(_folder, "gone.png") } };
        int calls = 0;
        var predictor = new DelegateHandPredictor("count", (_, s) => { calls++; return new HandPrediction(s.Keypoints2DPx, s.Joints3DMeters!); });
        var e = Assert.Throws<EvalFormatException>(() => new Evaluator(predictor).Evaluate(samples, "mine.json"));
        Assert.Equal(1, e.SampleIndex);
        Assert.Equal("mine.json", e.SourceName);
        Assert.Contains("gone.png", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void An_undecodable_image_is_a_typed_error_naming_the_sample()
    {
        string path = Path.Combine(_folder, "broken.png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var samples = new[] { Hands.Sample(5) with { Image = null, ImagePath = path } };
        var e = Assert.Throws<EvalFormatException>(() => new Evaluator(new GroundTruthNoisePredictor(0)).Evaluate(samples));
        Assert.Equal(5, e.SampleIndex);
        Assert.Contains("broken.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_folder_holds_exactly_the_issue_fields_and_valid_plots()
    {
        var report = new Evaluator(new GroundTruthNoisePredictor(5, 1, seed: 3)).EvaluateFile(EvalPaths.SyntheticAnnotations);
        var reference = ReferenceCurve.Parse("other method", new StringReader("0,0\n50,1\n"), "other.csv");
        string output = Path.Combine(_folder, "out");
        Evaluator.Write(report, output, [reference]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("count").GetInt32());
        Assert.True(root.GetProperty("epe2d_px").GetDouble() > 0);
        Assert.InRange(root.GetProperty("pck2d_10px").GetDouble(), 0, 1);
        foreach (string key in new[] { "root_relative", "root_relative_scaled", "procrustes" })
        {
            var p = root.GetProperty(key);
            foreach (string field in new[] { "mpjpe_mm", "median_mm", "auc_20_50", "auc_0_50" })
            {
                Assert.Equal(JsonValueKind.Number, p.GetProperty(field).ValueKind);
            }

            var curve = p.GetProperty("pck_curve_mm");
            Assert.Equal(101, curve.GetProperty("thresholds").GetArrayLength());
            Assert.Equal(101, curve.GetProperty("values").GetArrayLength());
            Assert.Contains(EvalProtocols.FromKey(key)!.Value.Description(), p.GetProperty("protocol").GetString(), StringComparison.Ordinal);
            Assert.Equal(p.GetProperty("protocol").GetString(), root.GetProperty("protocols").GetProperty(key).GetString());
        }

        Assert.False(root.TryGetProperty("mesh", out _));
        Assert.Equal(report[EvalProtocol.Procrustes].MpjpeMm, root.GetProperty("procrustes").GetProperty("mpjpe_mm").GetDouble(), 3);

        // report.md names the protocol of every 3D row.
        var md = File.ReadAllLines(Path.Combine(output, "report.md"));
        var rows = md.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("(`", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.All(EvalProtocols.All, p => Assert.Contains(rows, r => r.Contains($"`{p.Key()}`", StringComparison.Ordinal)));
        Assert.Contains(md, l => l.StartsWith("| other method |", StringComparison.Ordinal));

        // The SVG is well-formed XML with a polyline per curve; the PNG decodes at the chart's size.
        var svg = XDocument.Load(Path.Combine(output, "pck3d.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal(4, svg.Descendants(ns + "polyline").Count());
        var png = Png.Load(Path.Combine(output, "pck3d.png"));
        Assert.Equal((960, 540), (png.Width, png.Height));

        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "per_sample.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "pck3d_procrustes.csv")));
    }

    [Fact]
    public void Writing_over_an_existing_folder_replaces_the_report_and_leaves_no_temporary_folder()
    {
        string output = Path.Combine(_folder, "again");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "report.json"), "stale");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        var report = new Evaluator(new GroundTruthNoisePredictor(0)).EvaluateFile(EvalPaths.SyntheticAnnotations);
        Evaluator.Write(report, output);
        Assert.StartsWith("{", File.ReadAllText(Path.Combine(output, "report.json")), StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));
        Assert.Equal(["again"], Directory.GetDirectories(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Mesh_numbers_reach_report_json_when_meshes_exist()
    {
        var vertices = Hands.Similarity(Hands.Star(), 1, [0, 0, 1], 5, [0, 0, 0]);
        var samples = Enumerable.Range(0, 3).Select(i => Hands.Sample(i, vertices: vertices)).ToList();
        var report = new Evaluator(new GroundTruthNoisePredictor(0)).Evaluate(samples);
        string output = Path.Combine(_folder, "mesh");
        Evaluator.Write(report, output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var mesh = json.RootElement.GetProperty("mesh");
        Assert.Equal(3, mesh.GetProperty("count").GetInt32());
        Assert.Equal(0, mesh.GetProperty("pa_mpvpe_mm").GetDouble(), 3);
        Assert.Equal(1, mesh.GetProperty("f_score_5mm").GetDouble());
        Assert.Equal(1, mesh.GetProperty("f_score_15mm").GetDouble());
        Assert.Equal(0, mesh.GetProperty("mpvpe_mm").GetDouble(), 3);
    }

    [SharedEvalFact]
    public void The_real_dev_set_evaluates_with_ground_truth_at_zero_error()
    {
        Assert.True(EvalPaths.SharedEval is not null, "../shared/eval is required under CI=true");
        var report = new Evaluator(new GroundTruthNoisePredictor(0)).EvaluateFile(Path.Combine(EvalPaths.SharedEval!, "ge2019-realworld-dev", "annotations_mp21.json"));
        Assert.Equal(146, report.Count);
        Assert.All(report.Protocols, p => Assert.Equal(0, p.MpjpeMm, 3));
        Assert.Equal(0, report.Keypoints2D.EpeMeanPx, 2); // kp2d = projection of joints3d_cam with K
    }

    /// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<EvalProgress> report) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => report(value);
    }
}
