using Hamr.HandModel.OpenHand;
using Hamr.Tensors;
using Hamr.Tensors.Io;

namespace Hamr.HandModel.Tests;

public sealed class HandModelAssetTests
{
    [Fact]
    public void Open_hand_round_trips_through_a_file_unchanged()
    {
        var content = OpenHandModel.ReadRight();
        var model = content.Model;
        var path = Path.Combine(Path.GetTempPath(), $"hamr-hand-{Guid.NewGuid():N}.safetensors");
        try
        {
            HandModelAsset.Save(path, model, content.Metadata);
            var back = HandModelAsset.Read(path);
            AssertSame(model, back.Model);
            foreach (var (key, value) in content.Metadata)
            {
                Assert.Equal(value, back.Metadata[key]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pose_blend_shapes_pose_pca_and_a_left_side_round_trip()
    {
        var model = TinyModel(withPose: true);
        var bytes = HandModelAsset.ToBytes(model, new Dictionary<string, string> { ["note"] = "tiny" });
        var back = HandModelAsset.Read(new MemoryStream(bytes), "tiny.safetensors");
        AssertSame(model, back.Model);
        Assert.Equal("tiny", back.Metadata["note"]);
    }

    [Fact]
    public void A_file_without_the_format_tag_is_refused_naming_it()
    {
        var bytes = SafetensorsFile.ToBytes(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(2) });
        var e = Assert.Throws<HandModelFormatException>(() => HandModelAsset.Read(new MemoryStream(bytes), "other.safetensors"));
        Assert.Equal("other.safetensors", e.SourceName);
        Assert.Contains("format", e.Problem);
    }

    [Theory]
    [InlineData("f", "not a whole number")]
    [InlineData("uv_to_vertex", "not a whole number")]
    [InlineData("weights", "has shape")]
    [InlineData("J_regressor", "is missing")]
    [InlineData("kintree_parents", "parents must")]
    public void Corrupt_tensors_are_refused_with_the_problem(string key, string message)
    {
        var content = SafetensorsFile.Read(HandModelAsset.ToBytes(TinyModel(withPose: false)));
        var tensors = content.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        switch (key)
        {
            case "f":
                tensors[key] = Tensor.FromArray([0, 1, 2.5f], 1, 3);
                break;
            case "uv_to_vertex":
                tensors[key] = Tensor.FromArray([0, 1, 7], 3);
                break;
            case "weights":
                tensors[key] = Tensor.Zeros(3, 15);
                break;
            case "J_regressor":
                tensors.Remove(key);
                break;
            default:
                var parents = tensors[key].ToArray();
                parents[3] = 5;
                tensors[key] = Tensor.FromArray(parents, 16);
                break;
        }

        var bytes = SafetensorsFile.ToBytes(tensors, content.Metadata);
        var e = Assert.Throws<HandModelFormatException>(() => HandModelAsset.Read(new MemoryStream(bytes), "bad.safetensors"));
        Assert.Contains(message, e.Message);
        Assert.Contains("bad.safetensors", e.Message);
    }

    [Fact]
    public void A_truncated_file_is_refused_as_a_hand_model_format_error()
    {
        var bytes = HandModelAsset.ToBytes(TinyModel(withPose: false));
        Assert.Throws<HandModelFormatException>(() => HandModelAsset.Read(new MemoryStream(bytes[..(bytes.Length / 2)]), "cut.safetensors"));
    }

    internal static HandModel TinyModel(bool withPose)
    {
        const int v = 3;
        var random = new Random(5);
        float[] R(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble())];
        var weights = new float[v * 16];
        for (int i = 0; i < v; i++)
        {
            weights[(i * 16) + i] = 1;
        }

        return new HandModel(
            withPose ? "tiny-left" : "tiny-right",
            withPose ? Handedness.Left : Handedness.Right,
            R(v * 3),
            [0, 1, 2],
            R(v * 3 * 10),
            withPose ? R(v * 3 * 135) : [],
            R(16 * v),
            R(5 * v),
            [.. HandJoints.Parents],
            weights)
        {
            Uv = new UvLayout(R(6), [0, 1, 2], [0, 1, 2]),
            PosePca = withPose ? new PosePca(R(45 * 45), R(45)) : null,
        };
    }

    internal static void AssertSame(HandModel expected, HandModel actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Side, actual.Side);
        Assert.Equal(expected.TemplateVertices, actual.TemplateVertices);
        Assert.Equal(expected.Faces, actual.Faces);
        Assert.Equal(expected.ShapeDirs, actual.ShapeDirs);
        Assert.Equal(expected.PoseDirs, actual.PoseDirs);
        Assert.Equal(expected.JointRegressor, actual.JointRegressor);
        Assert.Equal(expected.TipRegressor, actual.TipRegressor);
        Assert.Equal(expected.Parents, actual.Parents);
        Assert.Equal(expected.SkinWeights, actual.SkinWeights);
        Assert.Equal(expected.Uv is null, actual.Uv is null);
        if (expected.Uv is { } uv)
        {
            Assert.Equal(uv.Uvs, actual.Uv!.Uvs);
            Assert.Equal(uv.UvFaces, actual.Uv.UvFaces);
            Assert.Equal(uv.UvToVertex, actual.Uv.UvToVertex);
        }

        Assert.Equal(expected.PosePca?.Components, actual.PosePca?.Components);
        Assert.Equal(expected.PosePca?.Mean, actual.PosePca?.Mean);
    }
}
