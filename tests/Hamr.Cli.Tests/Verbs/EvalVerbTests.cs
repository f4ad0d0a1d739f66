using System.Text.Json;
using Hamr.Cli.Verbs;
using Hamr.HandModel.OpenHand;
using Hamr.Model.Network;

namespace Hamr.Cli.Tests.Verbs;

/// <summary>`hamr eval` through its Run method on the committed synthetic annotation file.</summary>
public sealed class EvalVerbTests : IDisposable
{
    private static readonly string s_annotations = Path.Combine(AppContext.BaseDirectory, "fixtures", "eval", "synthetic", "annotations_mp21.json");
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-cli-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Ground_truth_with_noise_writes_a_report_with_the_reference_curve()
    {
        string csv = Path.Combine(_folder, "ref.csv");
        File.WriteAllText(csv, "threshold_mm,pck\n0,0\n25,0.6\n50,0.9\n");
        string output = Path.Combine(_folder, "out");
        Assert.Equal(0, EvalVerb.Run(["--annotations", s_annotations, "--out", output, "--predictor", "ground-truth-noise:10", "--seed", "3", "--reference", "made up=" + csv]));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal("ground-truth-noise:10", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("count").GetInt32());
        Assert.True(json.RootElement.GetProperty("root_relative").GetProperty("mpjpe_mm").GetDouble() > 5);
        Assert.Contains("| made up |", File.ReadAllText(Path.Combine(output, "report.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "pck3d.png")));
    }

    /// <summary>A 32-px random network saved as tinyweights.safetensors.</summary>
    private string TinyWeights()
    {
        var config = new HamrConfig { Name = "tiny", InputSize = 32, StemChannels = 8, Channels = 8, Stacks = 1, HourglassDepth = 2, EncoderChannels = [8, 16], RegressorHidden = [32] };
        string path = Path.Combine(_folder, "tinyweights.safetensors");
        HamrWeights.Save(new HamrNetwork(config, OpenHandModel.LoadRight()), path);
        return path;
    }

    [Theory]
    [InlineData("right")]
    [InlineData("left")]
    public void The_hamr_network_with_a_weights_file_writes_a_report(string hand)
    {
        string output = Path.Combine(_folder, "hamr-" + hand);
        Assert.Equal(0, EvalVerb.Run(["--annotations", s_annotations, "--out", output, "--predictor", "hamr:" + TinyWeights(), "--hand", hand]));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal("hamr:tinyweights", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("count").GetInt32());
        Assert.True(double.IsFinite(json.RootElement.GetProperty("procrustes").GetProperty("mpjpe_mm").GetDouble()));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void Synthetic_sets_by_seed_and_by_dataset_folder_report_mesh_metrics_too()
    {
        string weights = TinyWeights();
        string output = Path.Combine(_folder, "synthetic");
        Assert.Equal(0, EvalVerb.Run(["--synthetic", "424243:3:64", "--out", output, "--predictor", "hamr:" + weights]));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))))
        {
            Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
            Assert.Contains("seed 424243", json.RootElement.GetProperty("annotations").GetString(), StringComparison.Ordinal);
            Assert.True(json.RootElement.TryGetProperty("mesh", out var mesh) && mesh.ValueKind == JsonValueKind.Object, "synthetic sets carry ground-truth meshes");
        }

        string dataset = Path.Combine(_folder, "set");
        Assert.Equal(0, SynthVerb.Run(["--count", "3", "--seed", "5", "--size", "64", "--out", dataset]));
        string fromFolder = Path.Combine(_folder, "folder");
        Assert.Equal(0, EvalVerb.Run(["--dataset", dataset, "--out", fromFolder, "--predictor", "ground-truth-noise:0"]));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(fromFolder, "report.json")));
        Assert.Equal(3, report.RootElement.GetProperty("count").GetInt32());
        // The ground truth itself (left hands mirrored consistently): zero error.
        Assert.Equal(0, report.RootElement.GetProperty("root_relative").GetProperty("mpjpe_mm").GetDouble(), 1e-3);

        Assert.Equal(2, EvalVerb.Run(["--synthetic", "1:2", "--dataset", dataset, "--out", output, "--predictor", "ground-truth-noise:0"]));
        Assert.Equal(1, EvalVerb.Run(["--synthetic", "1", "--out", Path.Combine(_folder, "bad"), "--predictor", "ground-truth-noise:0"]));
        Assert.Equal(1, EvalVerb.Run(["--dataset", Path.Combine(_folder, "none"), "--out", Path.Combine(_folder, "bad"), "--predictor", "ground-truth-noise:0"]));
    }

    [Fact]
    public void Missing_or_broken_hamr_weights_fail_with_a_message_and_no_report()
    {
        string output = Path.Combine(_folder, "o");
        string broken = Path.Combine(_folder, "broken.safetensors");
        File.WriteAllText(broken, "not weights");
        Assert.Equal(1, EvalVerb.Run(["--annotations", s_annotations, "--out", output, "--predictor", "hamr:" + Path.Combine(_folder, "missing.safetensors")]));
        Assert.Equal(1, EvalVerb.Run(["--annotations", s_annotations, "--out", output, "--predictor", "hamr:" + broken]));
        Assert.Equal(HamrWeights.HasDefault ? 0 : 1, EvalVerb.Run(["--annotations", s_annotations, "--out", output, "--predictor", "hamr", "--left"]));
        Assert.Equal(HamrWeights.HasDefault, Directory.Exists(output));
    }

    [Theory]
    [InlineData(2, "--annotations", "A", "--out", "O", "--predictor", "hamr:")]
    [InlineData(2, "--annotations", "A", "--out", "O", "--predictor", "ground-truth-noise:1", "--hand", "both")]
    [InlineData(2, "--annotations", "A", "--out", "O")]
    [InlineData(2, "--annotations", "A", "--out", "O", "--predictor", "hamr-s")]
    [InlineData(2, "--annotations", "A", "--out", "O", "--predictor", "ground-truth-noise:-1")]
    [InlineData(2, "--annotations", "A", "--out", "O", "--predictor", "ground-truth-noise:1", "--reference", "nocsv")]
    [InlineData(1, "--annotations", "missing.json", "--out", "O", "--predictor", "ground-truth-noise:1")]
    public void Bad_arguments_and_inputs_give_exit_codes_not_crashes(int code, params string[] args)
    {
        var resolved = args.Select(a => a switch { "A" => s_annotations, "O" => Path.Combine(_folder, "o"), "missing.json" => Path.Combine(_folder, a), _ => a }).ToArray();
        Assert.Equal(code, EvalVerb.Run(resolved));
        Assert.False(Directory.Exists(Path.Combine(_folder, "o")));
    }
}
