using Hamr.Cli.Verbs;
using Hamr.HandModel;
using Hamr.HandModel.Export;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;

namespace Hamr.Cli.Tests.Verbs;

/// <summary>`hamr export-hand` through its Run method, each test in its own temporary folder.</summary>
public sealed class ExportHandVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-cli-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void A_rigged_glb_equals_the_library_export_of_the_same_pose_and_shape()
    {
        var output = PathOf("fist.glb");
        Assert.Equal(0, ExportHandVerb.Run(["--side", "left", "--pose", "fist", "--beta", "1,-0.5,0.25", "--format", "rigged-glb", "--out", output]));
        var model = OpenHandModel.LoadLeft();
        var theta = new PoseSampler(new JointLimits(model), 0).Named(NamedPose.Fist);
        var expected = HandGlb.Rigged(HandRig.Create(model, [1f, -0.5f, 0.25f, 0, 0, 0, 0, 0, 0, 0], theta));
        Assert.Equal(expected, File.ReadAllBytes(output));
        Assert.Equal(WebXrJoints.Names, GltfSkinnedMesh.Read(output).JointNames);
    }

    [Theory]
    [InlineData("hand.glb", null)]
    [InlineData("hand.obj", null)]
    [InlineData("hand.ply", null)]
    [InlineData("hand.json", null)]
    [InlineData("hand.bin", "obj")]
    public void Each_format_is_written_from_the_extension_or_the_format_option(string name, string? format)
    {
        var output = PathOf(name);
        string[] args = format is null ? ["--pose", "thumbs-up", "--out", output] : ["--pose", "pinch", "--format", format, "--out", output];
        Assert.Equal(0, ExportHandVerb.Run(args));
        var bytes = File.ReadAllBytes(output);
        var text = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var model = OpenHandModel.LoadRight();
        switch (Path.GetExtension(name))
        {
            case ".glb":
                var file = GlbReader.Read(output);
                Assert.Empty(file.Document.Skins);
                Assert.Equal(model.Uv!.UvVertexCount, file.Document.Accessors[file.Document.Meshes[0].Primitives[0].Attributes["POSITION"]].Count);
                break;
            case ".ply":
                Assert.StartsWith("ply\nformat binary_little_endian 1.0\n", text, StringComparison.Ordinal);
                Assert.Contains($"element vertex {model.VertexCount}\n", text, StringComparison.Ordinal);
                break;
            case ".json":
                var result = HandResultJson.Read(output);
                Assert.Equal(Handedness.Right, result.Side);
                Assert.Equal(new PoseSampler(new JointLimits(model), 0).Named(NamedPose.ThumbsUp), result.Theta);
                break;
            default:
                var lines = File.ReadAllLines(output);
                Assert.Equal(model.VertexCount, lines.Count(l => l.StartsWith("v ", StringComparison.Ordinal)));
                Assert.Equal(model.FaceCount, lines.Count(l => l.StartsWith("f ", StringComparison.Ordinal)));
                break;
        }
    }

    [Fact]
    public void Theta_files_may_be_flat_rows_of_three_or_a_hand_result_whose_shape_and_side_apply()
    {
        var theta = new float[48];
        theta[4] = 0.7f;   // index1 about y
        theta[45] = -0.3f; // thumb3 about x
        File.WriteAllText(PathOf("flat.json"), $"[{string.Join(", ", theta.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
        File.WriteAllText(PathOf("rows.json"), $"[{string.Join(", ", theta.Chunk(3).Select(r => $"[{string.Join(", ", r.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]"))}]");
        Assert.Equal(0, ExportHandVerb.Run(["--theta", PathOf("flat.json"), "--out", PathOf("flat.obj")]));
        Assert.Equal(0, ExportHandVerb.Run(["--theta", PathOf("rows.json"), "--out", PathOf("rows.obj")]));
        Assert.Equal(File.ReadAllBytes(PathOf("flat.obj")), File.ReadAllBytes(PathOf("rows.obj")));

        // A result JSON (left, with β and a translation) as the pose file reproduces the same hand.
        Assert.Equal(0, ExportHandVerb.Run(["--side", "left", "--theta", PathOf("rows.json"), "--beta", "0.5,0.5", "--translation", "0,0,0.4", "--out", PathOf("result.json")]));
        Assert.Equal(0, ExportHandVerb.Run(["--side", "left", "--theta", PathOf("rows.json"), "--beta", "0.5,0.5", "--translation", "0,0,0.4", "--out", PathOf("direct.ply")]));
        Assert.Equal(0, ExportHandVerb.Run(["--theta", PathOf("result.json"), "--out", PathOf("again.ply")]));
        Assert.Equal(File.ReadAllBytes(PathOf("direct.ply")), File.ReadAllBytes(PathOf("again.ply")));
        var result = HandResultJson.Read(PathOf("result.json"));
        Assert.Equal(Handedness.Left, result.Side);
        Assert.Equal(theta, result.Theta);
        Assert.Equal([0f, 0f, 0.4f], result.Translation!);
    }

    [Theory]
    [InlineData("--pose", "wave")]
    [InlineData("--side", "both")]
    [InlineData("--format", "fbx")]
    [InlineData("--beta", "1,x")]
    [InlineData("--beta", "1,2,3,4,5,6,7,8,9,10,11")]
    [InlineData("--translation", "1,2")]
    [InlineData("--axes", "z-up")]
    [InlineData("--frobnicate", "1")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        int expected = option == "--beta" && value.Contains("11", StringComparison.Ordinal) ? 1 : 2;
        Assert.Equal(expected, ExportHandVerb.Run([option, value, "--out", PathOf("x.glb")]));
        Assert.False(File.Exists(PathOf("x.glb")));
    }

    [Fact]
    public void Missing_out_unknown_extension_and_two_pose_sources_are_usage_errors()
    {
        Assert.Equal(2, ExportHandVerb.Run(["--pose", "fist"]));
        Assert.Equal(2, ExportHandVerb.Run(["--out", PathOf("hand.fbx")]));
        File.WriteAllText(PathOf("t.json"), "[]");
        Assert.Equal(2, ExportHandVerb.Run(["--pose", "fist", "--theta", PathOf("t.json"), "--out", PathOf("x.glb")]));
        Assert.Equal(0, ExportHandVerb.Run(["--help"]));
    }

    [Theory]
    [InlineData("[1, 2, 3]")]
    [InlineData("[[1, 2], [3, 4]]")]
    [InlineData("{\"theta\": []}")]
    [InlineData("\"hello\"")]
    [InlineData("[1, 2")]
    public void Bad_theta_files_fail_with_a_message_and_write_nothing(string json)
    {
        File.WriteAllText(PathOf("bad.json"), json);
        Assert.Equal(1, ExportHandVerb.Run(["--theta", PathOf("bad.json"), "--out", PathOf("x.glb")]));
        Assert.Equal(1, ExportHandVerb.Run(["--theta", PathOf("missing.json"), "--out", PathOf("x.glb")]));
        Assert.False(File.Exists(PathOf("x.glb")));
    }
}
