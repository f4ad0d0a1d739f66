using System.Text.Json;
using Hamr.Data.Synthetic;
using Hamr.Geometry;
using Hamr.HandModel;

namespace Hamr.Data.Datasets;

/// <summary>
/// The annotations.json of a hand dataset folder: a header (format, generator, seed, size, count, conventions) and
/// one object per sample. Floats are written in their shortest round-trip form, so reading gives back the very
/// values written.
/// </summary>
internal static class HandDatasetJson
{
    public const string FileName = "annotations.json";
    public const string Format = "hamr-hand-dataset";
    public const int FormatVersion = 1;

    /// <summary>Largest annotations file read (bytes): about 400,000 samples of 128 px.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>The conventions written into every header (also the documentation of the fields).</summary>
    public static IReadOnlyDictionary<string, string> Conventions { get; } = new Dictionary<string, string>
    {
        ["keypoint_order"] = string.Join(",", HandJoints.KeypointNames),
        ["keypoints_2d"] = "crop pixels, continuous: pixel (i, j) covers [i, i+1) x [j, j+1), its centre is (i + 0.5, j + 0.5)",
        ["keypoints_3d"] = "camera space, metres, OpenCV axes (x right, y down, z forward)",
        ["K"] = "crop intrinsics [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] in the same pixel convention: uv = (fx X/Z + cx, fy Y/Z + cy)",
        ["camera"] = "weak perspective [s, tx, ty] fitted by least squares: s * ((X - X_wrist) + t)_xy = 2 uv / size - 1 (root-relative 3D, 2D in [-1, 1] across the crop)",
        ["theta"] = "[16, 3] MANO-order axis-angle of the sample's own model (open hand, right or its mirror for left); theta[0] is the global rotation in camera space; a left hand's theta is a right-hand pose with the y and z of every axis-angle negated",
        ["translation"] = "hand layer translation (metres): HandLayer(side).Forward(beta, theta, translation) gives keypoints_3d",
        ["visible"] = "inside the crop, not behind another part of the hand (z-buffer test with a per-joint depth tolerance), not under an occluder",
        ["mask"] = "8-bit gray PNG: visible hand coverage 0..255 (anti-aliased edges; occluders removed)",
    };

    public static void Write(Stream stream, HandDatasetHeader header, IReadOnlyList<HandAnnotation> samples)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("format", header.Format);
        json.WriteNumber("format_version", header.FormatVersion);
        json.WriteString("generator", header.Generator);
        json.WriteNumber("generator_version", header.GeneratorVersion);
        json.WriteNumber("seed", header.Seed);
        json.WriteNumber("size", header.Size);
        json.WriteNumber("count", header.Count);
        json.WriteStartObject("conventions");
        foreach (var (key, value) in header.Conventions)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteStartArray("samples");
        foreach (var s in samples)
        {
            json.WriteStartObject();
            json.WriteNumber("index", s.Index);
            json.WriteString("image", s.ImageFile);
            json.WriteString("mask", s.MaskFile);
            json.WriteString("side", s.Side == Handedness.Left ? "left" : "right");
            Floats(json, "keypoints_2d", s.Keypoints2D);
            Floats(json, "keypoints_3d", s.Keypoints3D);
            json.WriteStartArray("visible");
            foreach (bool v in s.Visible)
            {
                json.WriteBooleanValue(v);
            }
            json.WriteEndArray();
            json.WriteStartArray("K");
            foreach (double k in s.Intrinsics.ToMatrix())
            {
                json.WriteNumberValue(k);
            }
            json.WriteEndArray();
            Floats(json, "camera", [s.Camera.Scale, s.Camera.Tx, s.Camera.Ty]);
            Floats(json, "beta", s.Beta);
            Floats(json, "theta", s.Theta);
            Floats(json, "global_rotation", s.GlobalRotation);
            Floats(json, "translation", s.Translation);
            json.WriteNumber("skin_tone", s.SkinTone);
            json.WriteNumber("occluders", s.Occluders);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static (HandDatasetHeader Header, HandAnnotation[] Samples) Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new HandDatasetFormatException(path, "missing: a dataset folder needs its annotations.json (it is written last, so a folder without it is incomplete)");
            }
            if (info.Length > MaxFileBytes)
            {
                throw new HandDatasetFormatException(path, $"{info.Length} bytes is more than the {MaxFileBytes} an annotations file may hold");
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new HandDatasetFormatException(path, $"cannot be read: {e.Message}", e);
        }
        try
        {
            // Editors and .NET's Encoding.UTF8 write a byte-order mark, which the JSON parser rejects: skip it.
            var json = bytes.AsMemory();
            if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                json = json[3..];
            }
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return Parse(path, document.RootElement);
        }
        catch (JsonException e)
        {
            throw new HandDatasetFormatException(path, $"not valid JSON: {e.Message}", e);
        }
    }

    private static (HandDatasetHeader, HandAnnotation[]) Parse(string path, JsonElement root)
    {
        var r = new Reader(path);
        r.Require(root.ValueKind == JsonValueKind.Object, "the top level is not an object");
        string format = r.String(root, "format");
        r.Require(format == Format, $"format is '{format}', expected '{Format}'");
        int formatVersion = r.Int(root, "format_version");
        r.Require(formatVersion == FormatVersion, $"format_version {formatVersion} is not supported (this reader knows {FormatVersion})");
        var conventions = new Dictionary<string, string>();
        foreach (var p in r.Property(root, "conventions", JsonValueKind.Object).EnumerateObject())
        {
            conventions[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }
        var header = new HandDatasetHeader(format, formatVersion, r.String(root, "generator"), r.Int(root, "generator_version"),
            r.Property(root, "seed", JsonValueKind.Number).TryGetUInt64(out ulong seed) ? seed : throw r.Fail("seed is not an unsigned 64-bit integer"),
            r.Int(root, "size"), r.Int(root, "count"), conventions);
        r.Require(header.Size is > 0 and <= 1 << 15, $"size {header.Size} is out of range");
        var array = r.Property(root, "samples", JsonValueKind.Array);
        r.Require(array.GetArrayLength() == header.Count, $"count says {header.Count} samples, the samples array holds {array.GetArrayLength()}");
        var samples = new HandAnnotation[header.Count];
        int i = 0;
        foreach (var s in array.EnumerateArray())
        {
            r.Context = $"sample {i}: ";
            r.Require(s.ValueKind == JsonValueKind.Object, "not an object");
            var k = r.Doubles(s, "K", 9);
            var camera = r.Floats(s, "camera", 3);
            string side = r.String(s, "side");
            r.Require(side is "left" or "right", $"side '{side}' is neither 'left' nor 'right'");
            samples[i] = new HandAnnotation(
                r.Property(s, "index", JsonValueKind.Number).TryGetInt64(out long index) && index >= 0 ? index : throw r.Fail("index is not a non-negative integer"),
                r.RelativeFile(s, "image"), r.RelativeFile(s, "mask"),
                side == "left" ? Handedness.Left : Handedness.Right,
                r.Floats(s, "keypoints_2d", SyntheticSample.KeypointCount * 2), r.Floats(s, "keypoints_3d", SyntheticSample.KeypointCount * 3),
                r.Booleans(s, "visible", SyntheticSample.KeypointCount),
                new CameraIntrinsics(k[0], k[4], k[2], k[5]), new WeakPerspectiveCamera(camera[0], camera[1], camera[2]),
                r.Floats(s, "beta", 10), r.Floats(s, "theta", 48), r.Floats(s, "global_rotation", 3), r.Floats(s, "translation", 3),
                r.Int(s, "skin_tone"), r.Int(s, "occluders"));
            i++;
        }
        return (header, samples);
    }

    private static void Floats(Utf8JsonWriter json, string name, ReadOnlySpan<float> values)
    {
        json.WriteStartArray(name);
        foreach (float v in values)
        {
            json.WriteNumberValue(v);
        }
        json.WriteEndArray();
    }

    /// <summary>Typed reads of JSON values that fail with a <see cref="HandDatasetFormatException"/> naming the file and the field.</summary>
    private sealed class Reader(string path)
    {
        public string Context { get; set; } = "";

        public HandDatasetFormatException Fail(string problem) => new(path, Context + problem);

        public void Require(bool ok, string problem)
        {
            if (!ok)
            {
                throw Fail(problem);
            }
        }

        public JsonElement Property(JsonElement o, string name, JsonValueKind kind)
        {
            if (!o.TryGetProperty(name, out var value))
            {
                throw Fail($"field '{name}' is missing");
            }
            if (value.ValueKind != kind)
            {
                throw Fail($"field '{name}' is {value.ValueKind}, expected {kind}");
            }
            return value;
        }

        public string String(JsonElement o, string name) => Property(o, name, JsonValueKind.String).GetString()!;

        public int Int(JsonElement o, string name) =>
            Property(o, name, JsonValueKind.Number).TryGetInt32(out int v) ? v : throw Fail($"field '{name}' is not a 32-bit integer");

        /// <summary>A file name relative to the folder, without any way out of it.</summary>
        public string RelativeFile(JsonElement o, string name)
        {
            string file = String(o, name);
            Require(file.Length > 0 && !System.IO.Path.IsPathRooted(file) && !file.Split('/', '\\').Contains(".."), $"field '{name}' = '{file}' is not a relative path inside the folder");
            return file;
        }

        public float[] Floats(JsonElement o, string name, int count)
        {
            var a = Array(o, name, count);
            var result = new float[count];
            int i = 0;
            foreach (var e in a.EnumerateArray())
            {
                result[i++] = e.ValueKind == JsonValueKind.Number && e.TryGetSingle(out float v) && float.IsFinite(v) ? v : throw Fail($"field '{name}'[{i}] is not a finite number");
            }
            return result;
        }

        public double[] Doubles(JsonElement o, string name, int count)
        {
            var a = Array(o, name, count);
            var result = new double[count];
            int i = 0;
            foreach (var e in a.EnumerateArray())
            {
                result[i++] = e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && double.IsFinite(v) ? v : throw Fail($"field '{name}'[{i}] is not a finite number");
            }
            return result;
        }

        public bool[] Booleans(JsonElement o, string name, int count)
        {
            var a = Array(o, name, count);
            var result = new bool[count];
            int i = 0;
            foreach (var e in a.EnumerateArray())
            {
                result[i++] = e.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Fail($"field '{name}'[{i}] is not true or false"),
                };
            }
            return result;
        }

        private JsonElement Array(JsonElement o, string name, int count)
        {
            var a = Property(o, name, JsonValueKind.Array);
            Require(a.GetArrayLength() == count, $"field '{name}' holds {a.GetArrayLength()} values, expected {count}");
            return a;
        }
    }
}
