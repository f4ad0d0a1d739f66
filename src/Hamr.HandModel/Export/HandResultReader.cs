using System.Text.Json;
using Hamr.Geometry;

namespace Hamr.HandModel.Export;

/// <summary>Reads the fields of a hand-result JSON document (see <see cref="HandResultJson"/>), naming the field in each error.</summary>
internal readonly struct HandResultReader(JsonElement root, string sourceName)
{
    public HandResult Read()
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"the document is a JSON {root.ValueKind}, not an object");
        }

        var format = String("format");
        if (format != HandResultJson.Format)
        {
            throw Fail($"format is '{format}', not '{HandResultJson.Format}'");
        }

        int version = Integer("version");
        if (version != HandResultJson.Version)
        {
            throw Fail($"version {version} is not supported (only {HandResultJson.Version})");
        }

        var side = String("side") switch
        {
            "right" => Handedness.Right,
            "left" => Handedness.Left,
            var other => throw Fail($"side is '{other}', not \"right\" or \"left\""),
        };
        if (root.TryGetProperty("units", out var units) && (units.ValueKind != JsonValueKind.String || units.GetString() != "metres"))
        {
            throw Fail($"units is {units}, only \"metres\" is written");
        }

        Names("jointNames", HandJoints.JointNames);
        Names("keypointNames", HandJoints.KeypointNames);
        WeakPerspectiveCamera? camera = null;
        if (root.TryGetProperty("camera", out var cam))
        {
            if (cam.ValueKind != JsonValueKind.Object)
            {
                throw Fail("camera is not an object");
            }

            camera = Camera(cam, "camera");
        }

        WeakPerspectiveCamera? cameraPx = root.TryGetProperty("cameraPx", out var camPx) ? Camera(camPx, "cameraPx") : null;

        var result = new HandResult
        {
            Side = side,
            Model = root.TryGetProperty("model", out _) ? String("model") : null,
            Beta = Floats("beta", 1)!,
            Theta = Floats("theta", 3)!,
            Translation = Floats("translation", 1, optional: true),
            Camera = camera,
            Keypoints3D = Floats("keypoints3d", 3)!,
            Keypoints2D = Floats("keypoints2d", 2, optional: true),
            Joints3D = Floats("joints3d", 3)!,
            VertexCount = Integer("vertexCount"),
            Source = root.TryGetProperty("source", out var sourceElement) ? Source(sourceElement) : null,
            Image = root.TryGetProperty("image", out var imageElement) ? Image(imageElement) : null,
            BoxPx = Floats("box", 1, optional: true),
            CropPx = Floats("crop", 1, optional: true),
            CameraPx = cameraPx,
            HeatmapKeypoints2D = Floats("heatmapKeypoints2d", 2, optional: true),
        };
        string source = sourceName;
        HandResultJson.Check(result, sourceName, (_, problem) => new HandResultFormatException(source, problem));
        return result;
    }

    private HandResultFormatException Fail(string problem) => new(sourceName, problem);

    private WeakPerspectiveCamera Camera(JsonElement cam, string name)
    {
        if (cam.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"{name} is not an object");
        }

        return new WeakPerspectiveCamera(Float(cam, "scale", $"{name}.scale"), Float(cam, "tx", $"{name}.tx"), Float(cam, "ty", $"{name}.ty"));
    }

    private HandResultSource Source(JsonElement source)
    {
        string name = sourceName;
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw Fail("source is not an object");
        }

        string? Text(string field, bool required)
        {
            if (!source.TryGetProperty(field, out var value))
            {
                return required ? throw new HandResultFormatException(name, $"source.{field} is missing") : null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new HandResultFormatException(name, $"source.{field} is a JSON {value.ValueKind}, not a string");
        }

        long? step = null;
        if (source.TryGetProperty("step", out var s))
        {
            step = s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long n) ? n : throw Fail($"source.step is {s}, not an integer");
        }

        return new HandResultSource(Text("method", required: true)!, Text("config", false), Text("weights", false), step);
    }

    private HandResultImage Image(JsonElement image)
    {
        if (image.ValueKind != JsonValueKind.Object)
        {
            throw Fail("image is not an object");
        }

        string source = sourceName;
        int Size(string field) =>
            image.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n)
                ? n
                : throw new HandResultFormatException(source, $"image.{field} is missing or not an integer");

        string? name = null;
        if (image.TryGetProperty("name", out var value))
        {
            name = value.ValueKind == JsonValueKind.String ? value.GetString() : throw Fail($"image.name is a JSON {value.ValueKind}, not a string");
        }

        return new HandResultImage(name, Size("width"), Size("height"));
    }

    private JsonElement Property(string name) =>
        root.TryGetProperty(name, out var value) ? value : throw Fail($"{name} is missing");

    private string String(string name)
    {
        var value = Property(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Fail($"{name} is a JSON {value.ValueKind}, not a string");
    }

    private int Integer(string name)
    {
        var value = Property(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i) ? i : throw Fail($"{name} is {value}, not an integer");
    }

    private float Float(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw Fail($"{path} is missing");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && float.IsFinite((float)d)
            ? (float)d
            : throw Fail($"{path} is {value}, not a finite number");
    }

    private void Names(string name, string[] expected)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != expected.Length
            || value.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.String && e.GetString() == expected[i]).Any(ok => !ok))
        {
            throw Fail($"{name} differs from this version's order ({string.Join(", ", expected)})");
        }
    }

    /// <summary>A flat array (width 1) or an array of rows of <paramref name="width"/> numbers, flattened.</summary>
    private float[]? Floats(string name, int width, bool optional = false)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return optional ? null : throw Fail($"{name} is missing");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"{name} is a JSON {value.ValueKind}, not an array");
        }

        var result = new List<float>();
        int row = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (width == 1)
            {
                result.Add(Number(item, $"{name}[{row}]"));
            }
            else
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != width)
                {
                    throw Fail($"{name}[{row}] is not an array of {width} numbers");
                }

                int k = 0;
                foreach (var x in item.EnumerateArray())
                {
                    result.Add(Number(x, $"{name}[{row}][{k++}]"));
                }
            }

            row++;
        }

        return [.. result];
    }

    private float Number(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double d) && float.IsFinite((float)d)
            ? (float)d
            : throw Fail($"{path} is {e}, not a finite number");
}
