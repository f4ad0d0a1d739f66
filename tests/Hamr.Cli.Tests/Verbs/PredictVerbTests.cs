using System.Text.Json;
using Hamr.Cli.Verbs;
using Hamr.HandModel;
using Hamr.HandModel.Export;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Tests.Export;
using Hamr.Imaging.Codecs;
using Hamr.Model.Inference;
using Hamr.Model.Network;
using Xunit.Abstractions;

namespace Hamr.Cli.Tests.Verbs;

/// <summary>`hamr predict` through its Run method with a tiny random network, on the example crops from docs/images.</summary>
public sealed class PredictVerbTests(ITestOutputHelper log) : IDisposable
{
    private static readonly string s_right = Path.Combine(AppContext.BaseDirectory, "fixtures", "examples", "example-hand.png");
    private static readonly string s_left = Path.Combine(AppContext.BaseDirectory, "fixtures", "examples", "example-hand-left.png");
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-cli-predict-").FullName;
    private readonly StringWriter _out = new(), _error = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>A 32-px network (random, seed 4) saved as tiny.safetensors.</summary>
    private string TinyWeights()
    {
        var config = new HamrConfig
        {
            Name = "tiny",
            InputSize = 32,
            StemChannels = 8,
            Channels = 8,
            Stacks = 1,
            HourglassDepth = 2,
            EncoderChannels = [8, 16],
            RegressorHidden = [32],
            Seed = 4,
        };
        string path = PathOf("tiny.safetensors");
        HamrWeights.Save(new HamrNetwork(config, OpenHandModel.LoadRight()), path, new Dictionary<string, string> { [HamrWeights.StepKey] = "7" });
        return path;
    }

    private int Run(params string[] args)
    {
        int code = PredictVerb.Run(args, _out, _error);
        log.WriteLine(_out.ToString());
        log.WriteLine(_error.ToString());
        return code;
    }

    [Fact]
    public void Predict_writes_the_overlay_meshes_and_a_json_equal_to_the_library_result()
    {
        string weights = TinyWeights(), output = PathOf("out");
        Assert.Equal(0, Run(s_right, "--weights", weights, "--out", output));
        var overlay = ImageFile.Load(Path.Combine(output, "overlay.png"));
        Assert.Equal((256, 256, 3), (overlay.Width, overlay.Height, overlay.Channels));

        var expected = HamrPredictor.Load(weights).Predict(ImageFile.Load(s_right));
        var json = HandResultJson.Read(Path.Combine(output, "hand.json"));
        Assert.Equal(Handedness.Right, json.Side);
        Assert.Equal(expected.Keypoints2DPx, json.Keypoints2D);
        Assert.Equal(expected.Keypoints3D, json.Keypoints3D);
        Assert.Equal(expected.Theta, json.Theta);
        Assert.Equal(expected.Beta, json.Beta);
        Assert.Equal(expected.CameraPx, json.CameraPx);
        Assert.Equal(new HandResultSource("hamr", "tiny", "tiny.safetensors", 7), json.Source);
        Assert.Equal(new HandResultImage("example-hand.png", 256, 256), json.Image);
        Assert.Equal([0f, 0f, 256f, 256f], json.BoxPx!);

        // The JSON's file round-trips exactly, and the OBJ holds the model's mesh.
        Assert.Equal(File.ReadAllText(Path.Combine(output, "hand.json")), HandResultJson.ToJson(json));
        var obj = File.ReadAllLines(Path.Combine(output, "hand.obj"));
        var model = OpenHandModel.LoadRight();
        Assert.Equal(model.VertexCount, obj.Count(l => l.StartsWith("v ", StringComparison.Ordinal)));
        Assert.Equal(model.FaceCount, obj.Count(l => l.StartsWith("f ", StringComparison.Ordinal)));
        Assert.Contains("network + hand layer", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_left_hand_in_a_box_gives_a_left_result_and_left_meshes()
    {
        string output = PathOf("left");
        Assert.Equal(0, Run(s_left, "--left", "--box", "60,40,150,170", "--weights", TinyWeights(), "--out", output, "--repeat", "2"));
        var json = HandResultJson.Read(Path.Combine(output, "hand.json"));
        Assert.Equal(Handedness.Left, json.Side);
        Assert.Equal("open-hand-left", json.Model);
        Assert.Equal([60f, 40f, 150f, 170f], json.BoxPx!);
        Assert.Equal([50f, 40f, 170f, 170f], json.CropPx!); // the square around the box's centre (135, 125)
        var rig = GltfSkinnedMesh.Read(Path.Combine(output, "hand-rigged.glb"));
        Assert.Equal(WebXrJoints.Names, rig.JointNames);
        var glb = GlbReader.Read(Path.Combine(output, "hand.glb"));
        Assert.Empty(glb.Document.Skins);
        Assert.Equal((256, 256), (ImageFile.Load(Path.Combine(output, "overlay.png")).Width, ImageFile.Load(Path.Combine(output, "overlay.png")).Height));
        Assert.Contains("median of 2 runs", _out.ToString(), StringComparison.Ordinal);
    }

    [GltfValidatorFact]
    public void The_glbs_pass_the_khronos_validator()
    {
        string weights = TinyWeights();
        Assert.Equal(0, Run(s_right, "--weights", weights, "--out", PathOf("r")));
        Assert.Equal(0, Run(s_left, "--left", "--weights", weights, "--out", PathOf("l")));
        string[] files = [PathOf("r/hand.glb"), PathOf("r/hand-rigged.glb"), PathOf("l/hand.glb"), PathOf("l/hand-rigged.glb")];
        var report = GltfValidator.Validate(files);
        Assert.Equal(4, report.GetProperty("files").GetArrayLength());
        foreach (var file in report.GetProperty("files").EnumerateArray())
        {
            log.WriteLine($"{file.GetProperty("path").GetString()}: {file.GetProperty("errors").GetInt32()} errors, {file.GetProperty("warnings").GetInt32()} warnings");
            Assert.Equal(0, file.GetProperty("errors").GetInt32());
            Assert.Equal(0, file.GetProperty("warnings").GetInt32());
        }
    }

    [Theory]
    [InlineData(2, "--out", "O")]                                   // no image
    [InlineData(2, "R", "R", "--out", "O")]                          // two images
    [InlineData(2, "R", "--box", "1,2,3", "--out", "O")]
    [InlineData(2, "R", "--box", "1,2,0,5", "--out", "O")]
    [InlineData(2, "R", "--repeat", "0", "--out", "O")]
    [InlineData(2, "R", "--frobnicate", "--out", "O")]
    [InlineData(2, "R", "--weights")]
    [InlineData(1, "MISSING", "--weights", "W", "--out", "O")]
    [InlineData(1, "CORRUPT", "--weights", "W", "--out", "O")]
    [InlineData(1, "R", "--box", "300,10,20,20", "--weights", "W", "--out", "O")]
    [InlineData(1, "R", "--weights", "MISSING", "--out", "O")]
    [InlineData(1, "R", "--weights", "CORRUPT", "--out", "O")]
    [InlineData(1, "R", "--weights", "NOTHAMR", "--out", "O")]
    public void Bad_inputs_give_an_exit_code_and_a_message_naming_the_file_and_write_nothing(int code, params string[] args)
    {
        File.WriteAllBytes(PathOf("corrupt.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13, 1, 2]);
        File.WriteAllBytes(PathOf("corrupt.safetensors"), [1, 2, 3]);
        Hamr.Tensors.Io.SafetensorsFile.Write(PathOf("nothamr.safetensors"), new Dictionary<string, Hamr.Tensors.Tensor> { ["x"] = Hamr.Tensors.Tensor.Zeros(2) });
        bool weightsArgument = false;
        var resolved = new List<string>();
        foreach (var a in args)
        {
            resolved.Add(a switch
            {
                "R" => s_right,
                "O" => PathOf("o"),
                "W" => TinyWeights(),
                "MISSING" => PathOf(weightsArgument ? "missing.safetensors" : "missing.png"),
                "CORRUPT" => PathOf(weightsArgument ? "corrupt.safetensors" : "corrupt.png"),
                "NOTHAMR" => PathOf("nothamr.safetensors"),
                _ => a,
            });
            weightsArgument = a == "--weights";
        }

        Assert.Equal(code, Run([.. resolved]));
        Assert.False(Directory.Exists(PathOf("o")));
        string message = _error.ToString();
        Assert.StartsWith("hamr predict: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal); // no stack trace
        var named = resolved.FirstOrDefault(r => r.Contains("missing", StringComparison.Ordinal) || r.Contains("corrupt", StringComparison.Ordinal)
            || r.Contains("nothamr", StringComparison.Ordinal));
        if (code == 1)
        {
            Assert.Contains(named ?? s_right, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_weights_the_embedded_ones_are_used_or_a_clear_error_is_given()
    {
        int code = Run(s_right, "--out", PathOf("default"));
        if (HamrWeights.HasDefault)
        {
            Assert.Equal(0, code);
            Assert.Contains("hamr-s.safetensors (embedded)", File.ReadAllText(PathOf("default/hand.json")), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, code);
            Assert.Contains("no embedded weights: pass --weights FILE", _error.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(PathOf("default")));
        }
    }

    [Fact]
    public void Help_prints_the_usage() =>
        Assert.Equal(0, Run("--help"));
}
