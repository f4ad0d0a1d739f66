using System.Globalization;
using Hamr.HandModel;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;

namespace Hamr.Cli.Verbs;

/// <summary>`hamr convert-hand --glb PATH --out PATH`: converts the WebXR generic hand GLB into the open hand model asset.</summary>
internal static class ConvertHandVerb
{
    private const string Usage =
        "usage: hamr convert-hand --glb PATH --out PATH [--samples N] [--seed N]\n" +
        "  Converts a WebXR hand GLB (right hand) into the open MANO-style hand model (safetensors).\n" +
        "  The committed asset src/Hamr.HandModel/Assets/open-hand-right.safetensors was made with\n" +
        "  hamr convert-hand --glb ../shared/assets/webxr-generic-hand/right.glb --out src/Hamr.HandModel/Assets/open-hand-right.safetensors";

    public static int Run(string[] args)
    {
        (bool Help, string? Glb, string? Output, OpenHandOptions Options) parsed;
        try
        {
            parsed = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"hamr convert-hand: {e.Message}\n{Usage}");
            return 2;
        }

        var (help, glb, output, options) = parsed;
        if (help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (glb is null || output is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var build = OpenHandConverter.Convert(GltfSkinnedMesh.Read(glb), options);
            HandModelAsset.Save(output, build.Model, build.Metadata);
            Print(build, output);
            return 0;
        }
        catch (GltfFormatException e)
        {
            Console.Error.WriteLine($"hamr convert-hand: {e.Message}");
            return 1;
        }
    }

    private static (bool Help, string? Glb, string? Output, OpenHandOptions Options) Parse(string[] args)
    {
        string? glb = null, output = null;
        var options = new OpenHandOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--glb":
                    glb = Value();
                    break;
                case "--out":
                    output = Value();
                    break;
                case "--samples":
                    int samples = int.Parse(Value(), CultureInfo.InvariantCulture);
                    options = options with { ShapeSamples = samples >= 32 ? samples : throw new ArgumentException("--samples must be at least 32") };
                    break;
                case "--seed":
                    options = options with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) };
                    break;
                case "-h" or "--help":
                    return (true, null, null, options);
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return (false, glb, output, options);
    }

    private static void Print(OpenHandBuild build, string output)
    {
        var r = build.Report;
        var m = build.Model;
        Console.WriteLine($"source      {r.SourceVertices} vertices (split on UV seams), {r.SourceTriangles} triangles");
        Console.WriteLine($"welded      {r.WeldedVertices} vertices, {r.UvVertices} UV vertices, largest merge {r.MaxMergeDistanceMeters * 1e6:0.###} µm, skin copies differ by ≤ {r.MaxSkinDisagreement:0.#e0}");
        Console.WriteLine($"topology    {r.Topology}; closed oriented manifold: {r.Topology.IsClosedOrientedManifold}, genus {r.Topology.Genus}");
        Console.WriteLine($"origin      wrist joint at GLB [{string.Join(", ", r.WristInSourceMeters.Select(x => x.ToString("0.#####", CultureInfo.InvariantCulture)))}] m");
        Console.WriteLine($"shape       {m.ShapeCount} components hold {r.ExplainedVarianceFraction:P2} of the sampled variance; SD per component (mm RMS over vertices):");
        Console.WriteLine($"            {string.Join(" ", r.ComponentStdMeters.Select(s => (s * 1000 / Math.Sqrt(m.VertexCount)).ToString("0.00", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"keypoints   the rest pose's 16 joints and 5 tips (by the regressors) lie within {r.MaxRestKeypointErrorMeters * 1e6:0.###} µm of the GLB joints");
        Console.WriteLine($"hand length {r.HandLengthMeters * 100:0.00} cm (wrist joint to middle fingertip)");
        Console.WriteLine($"wrote       {output} ({new FileInfo(output).Length} bytes)");
    }
}
