using System.Text.Json;
using Hamr.HandModel;

namespace Hamr.Model.Evaluation.Readers;

/// <summary>The samples of one annotation file, with the file's path and its "source" note when it has one.</summary>
public sealed record AnnotationSet(string Path, string? Source, IReadOnlyList<EvalSample> Samples);

/// <summary>
/// Reads the generic annotation file <c>annotations_mp21.json</c>: an object whose "samples" array (or a bare array)
/// holds one object per hand crop with
/// <list type="bullet">
/// <item>"image": path of the crop, relative to the file's folder (required);</item>
/// <item>"kp2d": 21 × [x, y] in that image's pixels (required);</item>
/// <item>"vis": 21 flags (0/1 or true/false); optional, all visible when absent;</item>
/// <item>"joints3d_cam": 21 × [x, y, z] camera-space joints, with "joints3d_unit" "cm", "mm" or "m" (converted to metres);
/// optional — 2D-only sets omit both;</item>
/// <item>"K": 3 × 3 intrinsics of the image; optional.</item>
/// </list>
/// Keypoints are in the project's 21 order. Other fields are ignored; null counts as absent. Any malformed entry
/// throws <see cref="EvalFormatException"/> naming the file and the sample index.
/// </summary>
public static class AnnotationFile
{
    /// <summary>Files larger than this are refused (the real sets are well under 1 MiB per 100 samples).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Reads and validates <paramref name="path"/>; images are resolved relative to its folder (not opened).</summary>
    public static AnnotationSet Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new EvalFormatException(path, "annotation file not found");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new EvalFormatException(path, $"annotation file is {info.Length} bytes, more than the {MaxFileBytes} allowed");
        }

        JsonDocument document;
        try
        {
            using var stream = info.OpenRead();
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new EvalFormatException(path, $"not valid JSON ({e.Message})", inner: e);
        }

        using (document)
        {
            var root = document.RootElement;
            string? source = null;
            JsonElement samples;
            if (root.ValueKind == JsonValueKind.Array)
            {
                samples = root;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("samples", out samples) && samples.ValueKind == JsonValueKind.Array)
            {
                source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            }
            else
            {
                throw new EvalFormatException(path, "expected an object with a \"samples\" array (or a bare array of samples)");
            }

            string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
            var list = new List<EvalSample>();
            int index = 0;
            foreach (var element in samples.EnumerateArray())
            {
                list.Add(ReadSample(path, folder, index, element));
                index++;
            }

            return new AnnotationSet(path, source, list);
        }
    }

    private static EvalSample ReadSample(string path, string folder, int index, JsonElement e)
    {
        EvalFormatException Bad(string problem) => new(path, problem, index);
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"expected an object, got {e.ValueKind}");
        }

        // 1. The image, relative to the annotation file.
        if (!e.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(image.GetString()))
        {
            throw Bad("\"image\" must be a non-empty string (the crop's path relative to the file)");
        }

        string imagePath = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, image.GetString()!));

        // 2. 2D keypoints (px) and the optional visibility flags.
        var kp2d = Matrix(e, "kp2d", 2, Bad) ?? throw Bad("\"kp2d\" (21 × [x, y] pixels) is missing");
        bool[]? visible = null;
        if (Present(e, "vis", out var vis))
        {
            if (vis.ValueKind != JsonValueKind.Array || vis.GetArrayLength() != HandJoints.KeypointCount)
            {
                throw Bad($"\"vis\" must be an array of {HandJoints.KeypointCount} flags");
            }

            visible = vis.EnumerateArray().Select(v => v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when v.TryGetDouble(out double d) && double.IsFinite(d) => d != 0,
                _ => throw Bad("\"vis\" entries must be 0/1 numbers or booleans"),
            }).ToArray();
        }

        // 3. 3D joints in the stated unit, converted to metres.
        float[]? joints = null;
        var raw3d = Matrix(e, "joints3d_cam", 3, Bad);
        if (raw3d is not null)
        {
            double toMetres = Present(e, "joints3d_unit", out var unit) && unit.ValueKind == JsonValueKind.String
                ? unit.GetString() switch
                {
                    "m" => 1,
                    "cm" => 0.01,
                    "mm" => 0.001,
                    var other => throw Bad($"\"joints3d_unit\" must be \"cm\", \"mm\" or \"m\", got \"{other}\""),
                }
                : throw Bad("\"joints3d_cam\" needs \"joints3d_unit\" (\"cm\", \"mm\" or \"m\")");
            joints = raw3d.Select(v => (float)(v * toMetres)).ToArray();
        }

        // 4. Intrinsics.
        double[]? k = null;
        if (Present(e, "K", out var kElement))
        {
            k = Rows(kElement, 3, 3, "K", Bad);
        }

        return new EvalSample
        {
            Index = index,
            ImagePath = imagePath,
            Keypoints2DPx = kp2d.Select(v => (float)v).ToArray(),
            Joints3DMeters = joints,
            IntrinsicsK = k,
            Visible = visible,
        };
    }

    private static bool Present(JsonElement e, string name, out JsonElement value) =>
        e.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A 21 × <paramref name="columns"/> matrix, flattened; null when the field is absent.</summary>
    private static double[]? Matrix(JsonElement e, string name, int columns, Func<string, EvalFormatException> bad) =>
        Present(e, name, out var value) ? Rows(value, HandJoints.KeypointCount, columns, name, bad) : null;

    private static double[] Rows(JsonElement value, int rows, int columns, string name, Func<string, EvalFormatException> bad)
    {
        string shape = $"\"{name}\" must be {rows} rows of {columns} finite numbers";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != rows)
        {
            throw bad($"{shape}, got {Describe(value)}");
        }

        var result = new double[rows * columns];
        int r = 0;
        foreach (var row in value.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != columns)
            {
                throw bad($"{shape}; row {r} is {Describe(row)}");
            }

            int c = 0;
            foreach (var number in row.EnumerateArray())
            {
                if (number.ValueKind != JsonValueKind.Number || !number.TryGetDouble(out double d) || !double.IsFinite(d))
                {
                    throw bad($"{shape}; row {r} holds {number.GetRawText()}");
                }

                result[r * columns + c++] = d;
            }

            r++;
        }

        return result;
    }

    private static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? $"an array of {value.GetArrayLength()}" : value.ValueKind.ToString();
}
