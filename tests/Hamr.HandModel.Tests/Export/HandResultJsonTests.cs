using System.Text.Json;
using Hamr.Geometry;
using Hamr.HandModel.Export;
using Hamr.HandModel.Priors;

namespace Hamr.HandModel.Tests.Export;

public sealed class HandResultJsonTests
{
    private static HandResult Result(Handedness side, bool optional)
    {
        var model = ExportHands.Model(side);
        var keypoints2D = optional ? Enumerable.Range(0, 42).Select(i => (i * 7.25f) - 100f).ToArray() : null;
        return HandResult.FromLayer(
            new HandLayer(model),
            ExportHands.RandomBeta(61),
            ExportHands.RandomPose(side, 62),
            optional ? [0.01f, 0.02f, 0.5f] : [],
            optional ? new WeakPerspectiveCamera(2.5f, -0.01f, 0.03f) : null,
            keypoints2D);
    }

    [Theory]
    [InlineData(Handedness.Right, true)]
    [InlineData(Handedness.Left, false)]
    public void A_result_round_trips_exactly(Handedness side, bool optional)
    {
        var result = Result(side, optional);
        var read = HandResultJson.Parse(HandResultJson.ToJson(result));
        Assert.Equal(result.Side, read.Side);
        Assert.Equal(result.Model, read.Model);
        Assert.Equal(result.Beta, read.Beta);
        Assert.Equal(result.Theta, read.Theta);
        Assert.Equal(result.Translation, read.Translation);
        Assert.Equal(result.Camera, read.Camera);
        Assert.Equal(result.Keypoints3D, read.Keypoints3D);
        Assert.Equal(result.Keypoints2D, read.Keypoints2D);
        Assert.Equal(result.Joints3D, read.Joints3D);
        Assert.Equal(result.VertexCount, read.VertexCount);
    }

    [Fact]
    public void The_json_has_the_documented_fields_shapes_and_values()
    {
        var result = Result(Handedness.Right, optional: true);
        using var document = JsonDocument.Parse(HandResultJson.ToJson(result));
        var root = document.RootElement;
        Assert.Equal(
            ["format", "version", "side", "model", "units", "beta", "jointNames", "theta", "translation", "camera", "keypointNames", "keypoints3d", "keypoints2d", "joints3d", "vertexCount"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("hamr-hand-result", root.GetProperty("format").GetString());
        Assert.Equal("right", root.GetProperty("side").GetString());
        Assert.Equal("metres", root.GetProperty("units").GetString());
        Assert.Equal(16, root.GetProperty("theta").GetArrayLength());
        Assert.All(root.GetProperty("theta").EnumerateArray(), r => Assert.Equal(3, r.GetArrayLength()));
        Assert.Equal(21, root.GetProperty("keypoints3d").GetArrayLength());
        Assert.Equal(2, root.GetProperty("keypoints2d")[0].GetArrayLength());
        Assert.Equal(HandJoints.KeypointNames, root.GetProperty("keypointNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2.5f, root.GetProperty("camera").GetProperty("scale").GetSingle());
        Assert.Equal(ExportHands.Right.VertexCount, root.GetProperty("vertexCount").GetInt32());

        // The keypoints are the layer's: index 4 is the thumb tip, the tip regressor's first row.
        var layer = new HandLayer(ExportHands.Right);
        var output = layer.CreateOutput(1);
        layer.Forward(result.Beta, result.Theta, result.Translation, output);
        Assert.Equal(output.Keypoints[12], root.GetProperty("keypoints3d")[4][0].GetSingle());
        Assert.Equal(output.Joints[47], root.GetProperty("joints3d")[15][2].GetSingle());
    }

    [Fact]
    public void Files_and_streams_round_trip()
    {
        var result = Result(Handedness.Left, optional: true);
        var folder = Directory.CreateTempSubdirectory("hamr-json-").FullName;
        try
        {
            var path = Path.Combine(folder, "hand.json");
            HandResultJson.Write(path, result);
            Assert.Equal(result.Keypoints3D, HandResultJson.Read(path).Keypoints3D);
            using var stream = new MemoryStream();
            HandResultJson.Write(stream, result);
            stream.Position = 0;
            Assert.Equal(result.Theta, HandResultJson.Read(stream, "memory").Theta);
            Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2, 3]", "not an object")]
    [InlineData("{\"format\": \"other\"}", "format is 'other'")]
    [InlineData("{\"format\": \"hamr-hand-result\", \"version\": 2}", "version 2")]
    public void Malformed_documents_are_refused_naming_the_source(string json, string problem)
    {
        var e = Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(json, "bad.json"));
        Assert.Equal("bad.json", e.SourceName);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"side\": \"right\"", "\"side\": \"middle\"", "side is 'middle'")]
    [InlineData("\"vertexCount\": ", "\"vertexCount\": -", "vertexCount")]
    [InlineData("\"keypointNames\": [\"wrist\", \"thumb_cmc\"", "\"keypointNames\": [\"wrist\", \"index_mcp\"", "keypointNames")]
    [InlineData("\"units\": \"metres\"", "\"units\": \"mm\"", "units")]
    public void Edited_fields_are_refused_naming_the_field(string find, string replace, string problem)
    {
        var json = HandResultJson.ToJson(Result(Handedness.Right, optional: true));
        Assert.Contains(find, json, StringComparison.Ordinal);
        var e = Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(json.Replace(find, replace, StringComparison.Ordinal), "edited.json"));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shapes_and_non_numbers_are_refused()
    {
        var json = HandResultJson.ToJson(Result(Handedness.Right, optional: false));
        using var document = JsonDocument.Parse(json);
        string Without(string field, string? replacement = null)
        {
            var o = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            if (replacement is null)
            {
                o.Remove(field);
            }
            else
            {
                o[field] = System.Text.Json.Nodes.JsonNode.Parse(replacement);
            }

            return o.ToJsonString();
        }

        Assert.Contains("theta is missing", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(Without("theta"))).Message, StringComparison.Ordinal);
        Assert.Contains("theta[0]", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(Without("theta", "[[1, 2]]"))).Message, StringComparison.Ordinal);
        Assert.Contains("theta holds 3 values", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(Without("theta", "[[1, 2, 3]]"))).Message, StringComparison.Ordinal);
        Assert.Contains("beta[1]", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(Without("beta", "[1, \"x\"]"))).Message, StringComparison.Ordinal);
        Assert.Contains("beta[0]", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(Without("beta", "[1e300]"))).Message, StringComparison.Ordinal);
        Assert.Contains("camera.tx", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(Without("camera", "{\"scale\": 1}"))).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(new string('[', 100) + new string(']', 100))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_result_with_bad_values_is_refused()
    {
        var result = Result(Handedness.Right, optional: false);
        Assert.Throws<ArgumentException>(() => HandResultJson.ToJson(result with { Theta = new float[45] }));
        Assert.Throws<ArgumentException>(() => HandResultJson.ToJson(result with { Beta = [float.NaN] }));
        Assert.Throws<ArgumentException>(() => HandResultJson.ToJson(result with { Keypoints2D = new float[40] }));
    }

    /// <summary>A result with every optional field of an estimate from an image.</summary>
    private static HandResult Estimate() => Result(Handedness.Left, optional: true) with
    {
        Source = new HandResultSource("hamr", "hamr-s", "hamr-s.safetensors", 60000),
        Image = new HandResultImage("photo \"1\".jpg", 640, 480),
        BoxPx = [100.5f, 80f, 200f, 150.25f],
        CropPx = [100.5f, 55.125f, 200f, 200f],
        CameraPx = new WeakPerspectiveCamera(812.5f, 0.25f, 0.125f),
        HeatmapKeypoints2D = [.. Enumerable.Range(0, 42).Select(i => (i * 3.5f) + 1f)],
    };

    [Fact]
    public void The_fields_of_an_estimate_from_an_image_round_trip_in_the_documented_order()
    {
        var result = Estimate();
        var json = HandResultJson.ToJson(result);
        var read = HandResultJson.Parse(json);
        Assert.Equal(result.Source, read.Source);
        Assert.Equal(result.Image, read.Image);
        Assert.Equal(result.BoxPx, read.BoxPx);
        Assert.Equal(result.CropPx, read.CropPx);
        Assert.Equal(result.CameraPx, read.CameraPx);
        Assert.Equal(result.HeatmapKeypoints2D, read.HeatmapKeypoints2D);
        Assert.Equal(result.Keypoints2D, read.Keypoints2D);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(
            ["format", "version", "side", "model", "source", "image", "box", "crop", "units", "beta", "jointNames", "theta", "translation", "camera", "cameraPx",
                "keypointNames", "keypoints3d", "keypoints2d", "heatmapKeypoints2d", "joints3d", "vertexCount"],
            document.RootElement.EnumerateObject().Select(p => p.Name));

        // Only the method of a source is required; an image may have no name.
        var minimal = HandResultJson.Parse(HandResultJson.ToJson(result with { Source = new HandResultSource("x"), Image = new HandResultImage(null, 1, 2) }));
        Assert.Equal(new HandResultSource("x"), minimal.Source);
        Assert.Equal(new HandResultImage(null, 1, 2), minimal.Image);
    }

    [Theory]
    [InlineData("source", "{\"config\": \"c\"}", "source.method is missing")]
    [InlineData("source", "{\"method\": \"m\", \"step\": 1.5}", "source.step")]
    [InlineData("image", "{\"width\": 10}", "image.height")]
    [InlineData("image", "{\"width\": 0, \"height\": 5}", "image size")]
    [InlineData("image", "{\"name\": 3, \"width\": 1, \"height\": 5}", "image.name")]
    [InlineData("box", "[1, 2, 3]", "box holds 3 values")]
    [InlineData("crop", "[1, 2, 0, 4]", "crop has a width or height")]
    [InlineData("cameraPx", "{\"scale\": 1, \"tx\": 0}", "cameraPx.ty")]
    [InlineData("heatmapKeypoints2d", "[[1, 2]]", "heatmapKeypoints2d holds 2 values")]
    public void Bad_estimate_fields_are_refused_naming_the_field(string field, string replacement, string problem)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(HandResultJson.ToJson(Estimate()))!.AsObject();
        o[field] = System.Text.Json.Nodes.JsonNode.Parse(replacement);
        var e = Assert.Throws<HandResultFormatException>(() => HandResultJson.Parse(o.ToJsonString(), "edited.json"));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }
}
