using System.Globalization;
using System.Text;
using System.Text.Json;
using Hamr.Geometry;
using Hamr.Tensors.Io;

namespace Hamr.HandModel.Export;

/// <summary>
/// Writes and reads <see cref="HandResult"/> as JSON (UTF-8, one point per line). Fields, in the order written:
/// <list type="table">
/// <item><term>format</term><description>"hamr-hand-result" (required on reading)</description></item>
/// <item><term>version</term><description>1</description></item>
/// <item><term>side</term><description>"right" or "left"</description></item>
/// <item><term>model</term><description>the hand model's name (optional)</description></item>
/// <item><term>source</term><description>{"method", "config", "weights", "step"}: what made the result; only method is required (optional)</description></item>
/// <item><term>image</term><description>{"name", "width", "height"}: the image it was estimated from; name may be absent (optional)</description></item>
/// <item><term>box</term><description>[x, y, width, height] the hand box in the image, pixels (optional)</description></item>
/// <item><term>crop</term><description>[x, y, width, height] the square crop the estimate was made from, pixels (optional)</description></item>
/// <item><term>units</term><description>"metres": every 3D value is in metres</description></item>
/// <item><term>beta</term><description>shape coefficients [S]</description></item>
/// <item><term>jointNames</term><description>the 16 joint names of theta and joints3d (MANO order; checked when read)</description></item>
/// <item><term>theta</term><description>[16][3] axis-angle in radians, each joint relative to its parent, world-aligned rest frames</description></item>
/// <item><term>translation</term><description>[3] global translation (optional)</description></item>
/// <item><term>camera</term><description>{"scale", "tx", "ty"}: weak perspective (u, v) = scale·(X + tx, Y + ty) (optional)</description></item>
/// <item><term>cameraPx</term><description>{"scale", "tx", "ty"}: the same form in the image's pixels (optional)</description></item>
/// <item><term>keypointNames</term><description>the 21 keypoint names (project order: wrist, thumb CMC…tip, index…, middle…, ring…, pinky…; checked when read)</description></item>
/// <item><term>keypoints3d</term><description>[21][3] in the space of the layer's output (camera space: OpenCV x right, y down, z forward)</description></item>
/// <item><term>keypoints2d</term><description>[21][2] image positions (optional)</description></item>
/// <item><term>heatmapKeypoints2d</term><description>[21][2] image positions of a 2D (heatmap) stage (optional)</description></item>
/// <item><term>joints3d</term><description>[16][3] the articulated joints</description></item>
/// <item><term>vertexCount</term><description>vertices of the mesh</description></item>
/// </list>
/// Reading checks every field's shape and finiteness and throws <see cref="HandResultFormatException"/> naming the
/// source and the field.
/// </summary>
public static class HandResultJson
{
    public const string Format = "hamr-hand-result";
    public const int Version = 1;

    /// <summary>Largest file <see cref="Read(string)"/> accepts (a result is a few KB).</summary>
    public const long MaxFileBytes = 16L << 20;

    public static void Write(string path, HandResult result)
    {
        var text = ToJson(result);
        AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));
    }

    public static void Write(Stream stream, HandResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(new UTF8Encoding(false).GetBytes(ToJson(result)));
    }

    /// <summary>The JSON text of <paramref name="result"/>.</summary>
    public static string ToJson(HandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Check(result, "result", (name, problem) => new ArgumentException($"{name}: {problem}", nameof(result)));
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.Append("{\n");
        s.Append(c, $"  \"format\": \"{Format}\",\n");
        s.Append(c, $"  \"version\": {Version},\n");
        s.Append(c, $"  \"side\": \"{(result.Side == Handedness.Left ? "left" : "right")}\",\n");
        if (result.Model is { } model)
        {
            s.Append("  \"model\": ").Append(JsonSerializer.Serialize(model)).Append(",\n");
        }

        if (result.Source is { } source)
        {
            s.Append("  \"source\": { \"method\": ").Append(JsonSerializer.Serialize(source.Method));
            if (source.Config is { } config)
            {
                s.Append(", \"config\": ").Append(JsonSerializer.Serialize(config));
            }

            if (source.Weights is { } weights)
            {
                s.Append(", \"weights\": ").Append(JsonSerializer.Serialize(weights));
            }

            if (source.Step is { } step)
            {
                s.Append(c, $", \"step\": {step}");
            }

            s.Append(" },\n");
        }

        if (result.Image is { } image)
        {
            s.Append("  \"image\": { ");
            if (image.Name is { } name)
            {
                s.Append("\"name\": ").Append(JsonSerializer.Serialize(name)).Append(", ");
            }

            s.Append(c, $"\"width\": {image.Width}, \"height\": {image.Height} }},\n");
        }

        if (result.BoxPx is { } box)
        {
            s.Append("  \"box\": ").Append(Row(box)).Append(",\n");
        }

        if (result.CropPx is { } crop)
        {
            s.Append("  \"crop\": ").Append(Row(crop)).Append(",\n");
        }

        s.Append("  \"units\": \"metres\",\n");
        s.Append("  \"beta\": ").Append(Row(result.Beta)).Append(",\n");
        s.Append("  \"jointNames\": ").Append(Names(HandJoints.JointNames)).Append(",\n");
        s.Append("  \"theta\": ").Append(Rows(result.Theta, 3)).Append(",\n");
        if (result.Translation is { } t)
        {
            s.Append("  \"translation\": ").Append(Row(t)).Append(",\n");
        }

        if (result.Camera is { } camera)
        {
            s.Append(c, $"  \"camera\": {{ \"scale\": {Number(camera.Scale)}, \"tx\": {Number(camera.Tx)}, \"ty\": {Number(camera.Ty)} }},\n");
        }

        if (result.CameraPx is { } cameraPx)
        {
            s.Append(c, $"  \"cameraPx\": {{ \"scale\": {Number(cameraPx.Scale)}, \"tx\": {Number(cameraPx.Tx)}, \"ty\": {Number(cameraPx.Ty)} }},\n");
        }

        s.Append("  \"keypointNames\": ").Append(Names(HandJoints.KeypointNames)).Append(",\n");
        s.Append("  \"keypoints3d\": ").Append(Rows(result.Keypoints3D, 3)).Append(",\n");
        if (result.Keypoints2D is { } k2)
        {
            s.Append("  \"keypoints2d\": ").Append(Rows(k2, 2)).Append(",\n");
        }

        if (result.HeatmapKeypoints2D is { } h2)
        {
            s.Append("  \"heatmapKeypoints2d\": ").Append(Rows(h2, 2)).Append(",\n");
        }

        s.Append("  \"joints3d\": ").Append(Rows(result.Joints3D, 3)).Append(",\n");
        s.Append(c, $"  \"vertexCount\": {result.VertexCount}\n");
        s.Append("}\n");
        return s.ToString();
    }

    public static HandResult Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                throw new HandResultFormatException(path, $"file is {info.Length} bytes, more than the {MaxFileBytes} a hand result may be");
            }

            return Parse(File.ReadAllBytes(path), path);
        }
        catch (IOException e)
        {
            throw new HandResultFormatException(path, $"cannot read the file ({e.Message})", e);
        }
    }

    public static HandResult Read(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            if (copy.Length + n > MaxFileBytes)
            {
                throw new HandResultFormatException(sourceName, $"more than the {MaxFileBytes} bytes a hand result may be");
            }

            copy.Write(buffer, 0, n);
        }

        return Parse(copy.ToArray(), sourceName);
    }

    /// <summary>Parses JSON text or UTF-8 bytes; <paramref name="sourceName"/> names them in errors.</summary>
    public static HandResult Parse(ReadOnlySpan<byte> utf8, string sourceName = "<json>")
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new HandResultFormatException(sourceName, $"not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            return new HandResultReader(document.RootElement, sourceName).Read();
        }
    }

    public static HandResult Parse(string json, string sourceName = "<json>")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), sourceName);
    }

    /// <summary>Checks shapes and finiteness; shared by the writer (bad arguments) and the reader (bad files).</summary>
    internal static void Check(HandResult r, string name, Func<string, string, Exception> fail)
    {
        void Shape(float[]? values, int length, string field, bool optional = false)
        {
            if (values is null)
            {
                if (!optional)
                {
                    throw fail(name, $"{field} is missing");
                }

                return;
            }

            if (length >= 0 && values.Length != length)
            {
                throw fail(name, $"{field} holds {values.Length} values, expected {length}");
            }

            foreach (float v in values)
            {
                if (!float.IsFinite(v))
                {
                    throw fail(name, $"{field} holds a non-finite value");
                }
            }
        }

        Shape(r.Beta, -1, "beta");
        Shape(r.Theta, HandModel.JointCount * 3, "theta");
        Shape(r.Translation, 3, "translation", optional: true);
        Shape(r.Keypoints3D, HandJoints.KeypointCount * 3, "keypoints3d");
        Shape(r.Keypoints2D, HandJoints.KeypointCount * 2, "keypoints2d", optional: true);
        Shape(r.Joints3D, HandModel.JointCount * 3, "joints3d");
        if (r.Camera is { } cam && !(float.IsFinite(cam.Scale) && float.IsFinite(cam.Tx) && float.IsFinite(cam.Ty)))
        {
            throw fail(name, "camera holds a non-finite value");
        }

        if (r.CameraPx is { } camPx && !(float.IsFinite(camPx.Scale) && float.IsFinite(camPx.Tx) && float.IsFinite(camPx.Ty)))
        {
            throw fail(name, "cameraPx holds a non-finite value");
        }

        Shape(r.HeatmapKeypoints2D, HandJoints.KeypointCount * 2, "heatmapKeypoints2d", optional: true);
        Shape(r.BoxPx, 4, "box", optional: true);
        Shape(r.CropPx, 4, "crop", optional: true);
        foreach (var (rect, field) in new[] { (r.BoxPx, "box"), (r.CropPx, "crop") })
        {
            if (rect is not null && !(rect[2] > 0 && rect[3] > 0))
            {
                throw fail(name, $"{field} has a width or height that is not positive");
            }
        }

        if (r.Image is { } image && (image.Width <= 0 || image.Height <= 0))
        {
            throw fail(name, $"image size {image.Width}×{image.Height} is not positive");
        }

        if (r.Source is { } source && string.IsNullOrEmpty(source.Method))
        {
            throw fail(name, "source.method is empty");
        }

        if (r.VertexCount < 0)
        {
            throw fail(name, $"vertexCount is {r.VertexCount}");
        }

        if (r.Side is not (Handedness.Right or Handedness.Left))
        {
            throw fail(name, $"side is {r.Side}");
        }
    }

    private static string Names(string[] names) => $"[{string.Join(", ", names.Select(n => JsonSerializer.Serialize(n)))}]";

    private static string Number(float x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Row(ReadOnlySpan<float> values)
    {
        var s = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            s.Append(i == 0 ? "" : ", ").Append(Number(values[i]));
        }

        return s.Append(']').ToString();
    }

    private static string Rows(float[] values, int width)
    {
        var s = new StringBuilder("[\n");
        for (int i = 0; i < values.Length; i += width)
        {
            s.Append("    ").Append(Row(values.AsSpan(i, width))).Append(i + width < values.Length ? ",\n" : "\n");
        }

        return s.Append("  ]").ToString();
    }
}
