using System.Globalization;
using System.Text.Json;
using Hamr.HandModel;
using Hamr.HandModel.Export;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;

namespace Hamr.Cli.Verbs;

/// <summary>`hamr export-hand`: writes the open hand model in a named or given pose and shape as GLB, rigged GLB, OBJ, PLY or JSON.</summary>
internal static class ExportHandVerb
{
    private const string Usage =
        "usage: hamr export-hand --out PATH [--format glb|rigged-glb|obj|ply|json] [--side right|left]\n" +
        "                        [--pose NAME | --theta FILE] [--beta B1,B2,...] [--translation X,Y,Z] [--axes y-up|source]\n" +
        "  Writes the open hand model (metres) posed by a named pose (open, relaxed, fist, point, pinch, grasp,\n" +
        "  thumbs-up; default open) or by θ from a JSON file: 48 numbers, 16 [x, y, z] axis-angles (MANO order), or a\n" +
        "  hand result written by --format json (its β, side and translation apply unless given here).\n" +
        "  --format defaults to the extension of --out (.glb is a static mesh; rigged-glb a skinned hand whose skeleton\n" +
        "  holds the pose, WebXR joint names). --axes y-up (default) turns camera space (x right, y down, z forward) into\n" +
        "  glTF's y-up by a 180° rotation about x; source keeps the layer's coordinates. JSON is always in camera space.";

    private enum Format
    {
        Glb,
        RiggedGlb,
        Obj,
        Ply,
        Json,
    }

    private sealed record Options(
        string Output,
        Format Format,
        Handedness? Side,
        NamedPose? Pose,
        string? ThetaFile,
        float[]? Beta,
        float[]? Translation,
        ExportAxes Axes);

    public static int Run(string[] args)
    {
        Options? options;
        try
        {
            options = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"hamr export-hand: {e.Message}\n{Usage}");
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        try
        {
            Export(options);
            return 0;
        }
        catch (HandResultFormatException e)
        {
            Console.Error.WriteLine($"hamr export-hand: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hamr export-hand: {e.Message}");
            return 1;
        }
    }

    private static void Export(Options o)
    {
        // θ (and perhaps β, side, translation) from the file, then the command line's values over them.
        float[]? theta = null, fileBeta = null, fileTranslation = null;
        Handedness? fileSide = null;
        if (o.ThetaFile is { } thetaFile)
        {
            (theta, fileBeta, fileSide, fileTranslation) = ReadTheta(thetaFile);
        }

        var side = o.Side ?? fileSide ?? Handedness.Right;
        var model = OpenHandModel.Load(side);
        theta ??= new PoseSampler(new JointLimits(model), 0).Named(o.Pose ?? NamedPose.Open);
        var beta = Pad(o.Beta ?? fileBeta ?? [], model.ShapeCount);
        var translation = o.Translation ?? fileTranslation ?? [];
        var layer = new HandLayer(model);
        string summary;
        switch (o.Format)
        {
            case Format.RiggedGlb:
                var rig = HandRig.Create(model, beta, theta, translation, o.Axes);
                HandGlb.WriteRigged(o.Output, rig);
                summary = $"rigged GLB, 25 WebXR joints, {model.VertexCount} vertices";
                break;
            case Format.Json:
                HandResultJson.Write(o.Output, HandResult.FromLayer(layer, beta, theta, translation));
                summary = "hand result JSON";
                break;
            default:
                var output = layer.CreateOutput(1);
                layer.Forward(beta, theta, translation, output);
                var mesh = ExportMesh.FromHand(model, output.Vertices, o.Axes);
                summary = $"{mesh.VertexCount} vertices, {mesh.FaceCount} triangles";
                switch (o.Format)
                {
                    case Format.Glb:
                        HandGlb.WriteStatic(o.Output, mesh);
                        summary = $"GLB, {summary}";
                        break;
                    case Format.Obj:
                        ObjWriter.Write(o.Output, mesh, new ObjOptions { Comment = $"{model.Name}, hamr export-hand" });
                        summary = $"OBJ, {summary}";
                        break;
                    default:
                        PlyWriter.Write(o.Output, mesh, new PlyOptions { Comment = $"{model.Name}, hamr export-hand" });
                        summary = $"PLY, {summary}";
                        break;
                }

                break;
        }

        Console.WriteLine($"wrote {o.Output} ({summary}; {model.Name}, {(o.Format == Format.Json ? "camera space" : o.Axes == ExportAxes.YUp ? "y-up" : "source axes")})");
    }

    /// <summary>θ [48] from a JSON file: a flat array, an array of 16 triples, or a hand result (with its β, side and translation).</summary>
    private static (float[] Theta, float[]? Beta, Handedness? Side, float[]? Translation) ReadTheta(string path)
    {
        byte[] bytes;
        try
        {
            if (new FileInfo(path).Length > HandResultJson.MaxFileBytes)
            {
                throw new HandResultFormatException(path, $"more than the {HandResultJson.MaxFileBytes} bytes a pose file may be");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new HandResultFormatException(path, $"cannot read the file ({e.Message})", e);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new HandResultFormatException(path, $"not valid JSON ({e.Message})", e);
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            var result = HandResultJson.Parse(bytes, path);
            return (result.Theta, result.Beta, result.Side, result.Translation);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new HandResultFormatException(path, "θ must be a JSON array (48 numbers or 16 [x, y, z]) or a hand result object");
        }

        var theta = new List<float>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                if (item.GetArrayLength() != 3)
                {
                    throw new HandResultFormatException(path, $"θ row {theta.Count / 3} holds {item.GetArrayLength()} numbers, not 3");
                }

                foreach (var x in item.EnumerateArray())
                {
                    theta.Add(Number(x, path));
                }
            }
            else
            {
                theta.Add(Number(item, path));
            }
        }

        if (theta.Count != HandModel.HandModel.JointCount * 3)
        {
            throw new HandResultFormatException(path, $"θ holds {theta.Count} numbers, not 16 × 3 = 48");
        }

        return ([.. theta], null, null, null);
    }

    private static float Number(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double d) && float.IsFinite((float)d)
            ? (float)d
            : throw new HandResultFormatException(path, $"θ holds {e}, not a finite number");

    private static float[] Pad(float[] beta, int count)
    {
        if (beta.Length > count)
        {
            throw new ArgumentException($"β holds {beta.Length} values; the model has {count}");
        }

        var result = new float[count];
        beta.CopyTo(result, 0);
        return result;
    }

    private static Options? Parse(string[] args)
    {
        string? output = null, thetaFile = null;
        Format? format = null;
        Handedness? side = null;
        NamedPose? pose = null;
        float[]? beta = null, translation = null;
        var axes = ExportAxes.YUp;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--out":
                    output = Value();
                    break;
                case "--format":
                    format = ParseFormat(Value()) ?? throw new ArgumentException($"unknown format '{args[i]}' (glb, rigged-glb, obj, ply, json)");
                    break;
                case "--side":
                    side = Value() switch
                    {
                        "right" => Handedness.Right,
                        "left" => Handedness.Left,
                        var s => throw new ArgumentException($"--side is '{s}', not right or left"),
                    };
                    break;
                case "--pose":
                    var name = Value();
                    pose = Enum.TryParse<NamedPose>(name.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var p) && Enum.IsDefined(p)
                        ? p
                        : throw new ArgumentException($"unknown pose '{name}' (open, relaxed, fist, point, pinch, grasp, thumbs-up)");
                    break;
                case "--theta":
                    thetaFile = Value();
                    break;
                case "--beta":
                    beta = Numbers(Value(), "--beta");
                    break;
                case "--translation":
                    translation = Numbers(Value(), "--translation");
                    if (translation.Length != 3)
                    {
                        throw new ArgumentException($"--translation needs 3 values, got {translation.Length}");
                    }

                    break;
                case "--axes":
                    axes = Value() switch
                    {
                        "y-up" => ExportAxes.YUp,
                        "source" => ExportAxes.Source,
                        var a => throw new ArgumentException($"--axes is '{a}', not y-up or source"),
                    };
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        if (output is null)
        {
            throw new ArgumentException("--out is required");
        }

        if (pose is not null && thetaFile is not null)
        {
            throw new ArgumentException("give --pose or --theta, not both");
        }

        format ??= ParseFormat(Path.GetExtension(output).TrimStart('.').ToLowerInvariant())
            ?? throw new ArgumentException($"cannot tell the format from '{output}': give --format");
        return new Options(output, format.Value, side, pose, thetaFile, beta, translation, axes);
    }

    private static Format? ParseFormat(string name) => name switch
    {
        "glb" => Format.Glb,
        "rigged-glb" => Format.RiggedGlb,
        "obj" => Format.Obj,
        "ply" => Format.Ply,
        "json" => Format.Json,
        _ => null,
    };

    private static float[] Numbers(string list, string option)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!float.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !float.IsFinite(values[k]))
            {
                throw new ArgumentException($"{option}: '{parts[k]}' is not a finite number");
            }
        }

        return values;
    }
}
