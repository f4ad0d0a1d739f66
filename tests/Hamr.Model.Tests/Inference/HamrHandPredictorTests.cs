using Hamr.HandModel;
using Hamr.Model.Evaluation;
using Hamr.Model.Inference;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors.Io;

namespace Hamr.Model.Tests.Inference;

/// <summary>HAMR as an evaluation method: specifications, and a run over the committed synthetic annotation file.</summary>
public sealed class HamrHandPredictorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-eval-predictor-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string TinyWeights()
    {
        string path = Path.Combine(_folder, "tiny.safetensors");
        HamrWeights.Save(Tiny.Network(seed: 3), path);
        return path;
    }

    [Fact]
    public void A_weights_file_evaluates_the_synthetic_set_with_its_name_as_the_method()
    {
        var predictor = HamrHandPredictor.Parse("hamr:" + TinyWeights());
        Assert.Equal("hamr:tiny", predictor.Name);
        var report = new Evaluator(predictor).EvaluateFile(Path.Combine(AppContext.BaseDirectory, "fixtures", "eval", "synthetic", "annotations_mp21.json"));
        Assert.Equal("hamr:tiny", report.Method);
        Assert.Equal(4, report.Count);
        Assert.All(report.Protocols, p => Assert.True(double.IsFinite(p.MpjpeMm)));
    }

    [Fact]
    public void A_left_hand_set_predicts_left_hands_on_the_whole_image()
    {
        var predictor = new HamrHandPredictor(new HamrPredictor(Tiny.Network(seed: 3)), Handedness.Left);
        var image = Examples.Left();
        var prediction = predictor.Predict(image, new EvalSample { Index = 0, Image = image, Keypoints2DPx = new float[42] });
        var direct = predictor.Predictor.Predict(image, null, left: true);
        Assert.Equal(direct.Keypoints2DPx, prediction.Keypoints2DPx);
        Assert.Equal(direct.Keypoints3D, prediction.Joints3DMeters);
        Assert.Equal(direct.Vertices, prediction.VerticesMeters);
        Assert.Equal("hamr:tiny", predictor.Name);
    }

    [Theory]
    [InlineData("hamrx")]
    [InlineData("hamr:")]
    [InlineData("ground-truth-noise:1")]
    public void Other_specifications_are_format_errors(string spec) =>
        Assert.Throws<FormatException>(() => HamrHandPredictor.Parse(spec));

    [Fact]
    public void Missing_and_broken_weights_files_fail_naming_the_file()
    {
        string missing = Path.Combine(_folder, "missing.safetensors");
        Assert.Contains(missing, Assert.ThrowsAny<IOException>(() => HamrHandPredictor.Parse("hamr:" + missing)).Message, StringComparison.Ordinal);
        string broken = Path.Combine(_folder, "broken.safetensors");
        File.WriteAllBytes(broken, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Contains(broken, Assert.Throws<SafetensorsFormatException>(() => HamrHandPredictor.Parse("hamr:" + broken)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_weights_load_when_the_build_has_them_and_fail_clearly_when_not()
    {
        if (HamrWeights.HasDefault)
        {
            Assert.Equal("hamr", HamrHandPredictor.Parse("hamr").Name);
        }
        else
        {
            Assert.Contains("no embedded weights", Assert.Throws<InvalidOperationException>(() => HamrHandPredictor.Parse("hamr")).Message, StringComparison.Ordinal);
        }
    }
}
