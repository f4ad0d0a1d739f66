using System.Text.Json;
using Hamr.Cli.Verbs;

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

    [Theory]
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
