using Hamr.Tensors;
using Hamr.Tensors.Io;

namespace Hamr.HandModel;

/// <summary>A hand model read from an asset file, with the file's string metadata (source, licence, conventions).</summary>
public sealed record HandModelAssetContent(HandModel Model, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The project's hand model file: safetensors (float32) with MANO's key names where MANO has one —
/// <c>v_template</c> [V,3], <c>f</c> [F,3], <c>shapedirs</c> [V,3,S], <c>posedirs</c> [V,3,135] (absent when empty),
/// <c>J_regressor</c> [16,V], <c>weights</c> [V,16], <c>kintree_parents</c> [16] — plus <c>tip_regressor</c> [5,V],
/// the UV layout (<c>uv</c> [U,2], <c>uv_faces</c> [F,3], <c>uv_to_vertex</c> [U]) and the pose PCA
/// (<c>hands_components</c> [45,45], <c>hands_mean</c> [45]) when present. Integer arrays are stored as float32
/// (exact below 2²⁴) and checked to be whole numbers in range on reading. Metadata <c>format</c> = "hamr-hand-model",
/// <c>format_version</c>, <c>name</c>, <c>side</c>, and whatever the writer adds.
/// </summary>
public static class HandModelAsset
{
    public const string Format = "hamr-hand-model";
    public const string FormatVersion = "1";

    /// <summary>Writes the model (atomically) with the caller's extra metadata.</summary>
    public static void Save(string path, HandModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (tensors, meta) = Plan(model, metadata);
        SafetensorsFile.Write(path, tensors, meta);
    }

    public static byte[] ToBytes(HandModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (tensors, meta) = Plan(model, metadata);
        return SafetensorsFile.ToBytes(tensors, meta);
    }

    public static HandModel Load(string path) => Read(path).Model;

    public static HandModelAssetContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return FromContent(SafetensorsFile.Read(path), path);
        }
        catch (SafetensorsFormatException e)
        {
            throw new HandModelFormatException(path, e.Problem, e);
        }
    }

    /// <summary>Reads from a stream; <paramref name="sourceName"/> names it in errors.</summary>
    public static HandModelAssetContent Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return FromContent(SafetensorsFile.Read(stream, sourceName), sourceName);
        }
        catch (SafetensorsFormatException e)
        {
            throw new HandModelFormatException(sourceName, e.Problem, e);
        }
    }

    private static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Plan(HandModel model, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        int v = model.VertexCount, f = model.FaceCount;
        var tensors = new Dictionary<string, Tensor>
        {
            ["v_template"] = Tensor.Wrap((float[])model.TemplateVertices.Clone(), v, 3),
            ["f"] = Ints(model.Faces, f, 3),
            ["J_regressor"] = Tensor.Wrap((float[])model.JointRegressor.Clone(), HandModel.JointCount, v),
            ["tip_regressor"] = Tensor.Wrap((float[])model.TipRegressor.Clone(), HandModel.TipCount, v),
            ["weights"] = Tensor.Wrap((float[])model.SkinWeights.Clone(), v, HandModel.JointCount),
            ["kintree_parents"] = Ints(model.Parents, HandModel.JointCount),
        };
        if (model.ShapeCount > 0)
        {
            tensors["shapedirs"] = Tensor.Wrap((float[])model.ShapeDirs.Clone(), v, 3, model.ShapeCount);
        }

        if (model.HasPoseBlendShapes)
        {
            tensors["posedirs"] = Tensor.Wrap((float[])model.PoseDirs.Clone(), v, 3, (HandModel.JointCount - 1) * 9);
        }

        if (model.Uv is { } uv)
        {
            tensors["uv"] = Tensor.Wrap((float[])uv.Uvs.Clone(), uv.UvVertexCount, 2);
            tensors["uv_faces"] = Ints(uv.UvFaces, uv.UvFaces.Length / 3, 3);
            tensors["uv_to_vertex"] = Ints(uv.UvToVertex, uv.UvVertexCount);
        }

        if (model.PosePca is { } pca)
        {
            tensors["hands_components"] = Tensor.Wrap((float[])pca.Components.Clone(), pca.Components.Length / pca.Mean.Length, pca.Mean.Length);
            tensors["hands_mean"] = Tensor.Wrap((float[])pca.Mean.Clone(), pca.Mean.Length);
        }

        var meta = metadata is null ? [] : new Dictionary<string, string>(metadata);
        meta["format"] = Format;
        meta["format_version"] = FormatVersion;
        meta["name"] = model.Name;
        meta["side"] = model.Side == Handedness.Right ? "right" : "left";
        meta["shape_count"] = model.ShapeCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (tensors, meta);
    }

    private static HandModelAssetContent FromContent(SafetensorsContent content, string source)
    {
        var t = content.Tensors;
        var meta = content.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != Format)
        {
            throw new HandModelFormatException(source, $"metadata 'format' is '{format}', expected '{Format}'");
        }

        if (!meta.TryGetValue("format_version", out var version) || version != FormatVersion)
        {
            throw new HandModelFormatException(source, $"format_version '{version}' is not supported (this reader reads {FormatVersion})");
        }

        string name = meta.TryGetValue("name", out var n) && n.Length > 0 ? n : throw new HandModelFormatException(source, "metadata has no 'name'");
        var side = meta.GetValueOrDefault("side") switch
        {
            "right" => Handedness.Right,
            "left" => Handedness.Left,
            var s => throw new HandModelFormatException(source, $"metadata 'side' is '{s}', expected right or left"),
        };

        var template = Get(t, source, "v_template", -1, 3);
        int v = template.Length / 3;
        var faces = Indices(Get(t, source, "f", -1, 3), v, source, "f");
        int faceCount = faces.Length / 3;
        float[] shapeDirs = t.ContainsKey("shapedirs") ? Get(t, source, "shapedirs", v, 3, -1) : [];
        float[] poseDirs = t.ContainsKey("posedirs") ? Get(t, source, "posedirs", v, 3, (HandModel.JointCount - 1) * 9) : [];
        var jointRegressor = Get(t, source, "J_regressor", HandModel.JointCount, v);
        var tipRegressor = Get(t, source, "tip_regressor", HandModel.TipCount, v);
        var weights = Get(t, source, "weights", v, HandModel.JointCount);
        var parents = Indices(Get(t, source, "kintree_parents", HandModel.JointCount), HandModel.JointCount, source, "kintree_parents", allowMinusOne: true);

        UvLayout? uv = null;
        if (t.ContainsKey("uv"))
        {
            var uvs = Get(t, source, "uv", -1, 2);
            int u = uvs.Length / 2;
            var uvFaces = Indices(Get(t, source, "uv_faces", faceCount, 3), u, source, "uv_faces");
            var uvToVertex = Indices(Get(t, source, "uv_to_vertex", u), v, source, "uv_to_vertex");
            uv = new UvLayout(uvs, uvFaces, uvToVertex);
        }

        PosePca? posePca = null;
        if (t.ContainsKey("hands_mean"))
        {
            var mean = Get(t, source, "hands_mean", -1);
            posePca = new PosePca(Get(t, source, "hands_components", -1, mean.Length), mean);
        }

        try
        {
            var model = new HandModel(name, side, template, faces, shapeDirs, poseDirs, jointRegressor, tipRegressor, parents, weights)
            {
                Uv = uv,
                PosePca = posePca,
            };
            return new HandModelAssetContent(model, meta);
        }
        catch (ArgumentException e)
        {
            throw new HandModelFormatException(source, e.Message, e);
        }
    }

    /// <summary>The named tensor's values, checking its shape (−1 = any size).</summary>
    private static float[] Get(IReadOnlyDictionary<string, Tensor> tensors, string source, string key, params int[] shape)
    {
        if (!tensors.TryGetValue(key, out var tensor))
        {
            throw new HandModelFormatException(source, $"tensor '{key}' is missing");
        }

        var actual = tensor.Shape;
        bool ok = actual.Length == shape.Length;
        for (int i = 0; ok && i < shape.Length; i++)
        {
            ok = shape[i] < 0 ? actual[i] > 0 : actual[i] == shape[i];
        }

        if (!ok)
        {
            throw new HandModelFormatException(source, $"tensor '{key}' has shape [{string.Join(", ", actual.ToArray())}], expected [{string.Join(", ", shape.Select(s => s < 0 ? "*" : s.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
        }

        var values = tensor.ToArray();
        foreach (float x in values)
        {
            if (!float.IsFinite(x))
            {
                throw new HandModelFormatException(source, $"tensor '{key}' holds a non-finite value");
            }
        }

        return values;
    }

    private static int[] Indices(float[] values, int count, string source, string key, bool allowMinusOne = false)
    {
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float x = values[i];
            if (x != MathF.Round(x) || x >= count || x < (allowMinusOne ? -1 : 0))
            {
                throw new HandModelFormatException(source, $"tensor '{key}' entry {i} is {x}, not a whole number in {(allowMinusOne ? -1 : 0)}..{count - 1}");
            }

            result[i] = (int)x;
        }

        return result;
    }

    private static Tensor Ints(int[] values, params int[] shape) => Tensor.Wrap(Array.ConvertAll(values, x => (float)x), shape);
}
