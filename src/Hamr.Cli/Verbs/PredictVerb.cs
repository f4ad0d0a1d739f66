using System.Diagnostics;
using System.Globalization;
using Hamr.HandModel.Export;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Model.Inference;
using Hamr.Model.Network;
using Hamr.Tensors.Io;

namespace Hamr.Cli.Verbs;

/// <summary>`hamr predict IMAGE`: HAMR on a hand crop; writes the overlay, the mesh (GLB, OBJ), the rigged GLB and the JSON result.</summary>
internal static class PredictVerb
{
    private const string Usage =
        "usage: hamr predict IMAGE [--box x,y,w,h] [--left] [--weights FILE] [--out DIR] [--repeat N]\n" +
        "  Recovers the hand in IMAGE (PNG or JPEG): the whole image, or the box, is the hand crop. Writes into DIR\n" +
        "  (default ./hamr-out):\n" +
        "    overlay.png       the photo with the predicted mesh (shaded, semi-transparent), the 21-keypoint skeleton\n" +
        "                      and the box\n" +
        "    hand.glb          the mesh (metres, wrist at the origin, glTF y-up)   hand.obj  the same as OBJ\n" +
        "    hand-rigged.glb   a rigged hand (WebXR joint names) holding the predicted pose\n" +
        "    hand.json         keypoints (2D, image pixels), joints (3D, metres, root-relative), β, θ, the cameras\n" +
        "                      (crop-normalised and pixels), side, image size, box, crop, weights and step\n" +
        "  --box x,y,w,h   the hand's box in pixels (default: the whole image); the crop is the square around its\n" +
        "                  centre, padded grey beyond the image\n" +
        "  --left          a left hand (the network knows right hands: the crop is mirrored and the result mirrored back)\n" +
        "  --weights FILE  HAMR weights (.safetensors from hamr train); default: the hamr-s weights built into hamr\n" +
        "  --repeat N      predict N times and report the median time (benchmarking; default 1)";

    private sealed record Options(string Image, HandBox? Box, bool Left, string? Weights, string Output, int Repeat);

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>As <see cref="Run(string[])"/>, writing to the given output and error writers.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        Options? options;
        try
        {
            options = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            error.WriteLine($"hamr predict: {e.Message}\n{Usage}");
            return 2;
        }

        if (options is null)
        {
            output.WriteLine(Usage);
            return 0;
        }

        try
        {
            Predict(options, output);
            return 0;
        }
        catch (Exception e) when (e is ImageFormatException or SafetensorsFormatException or HandResultFormatException or ArgumentException
            or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"hamr predict: {e.Message}");
            return 1;
        }
    }

    private static void Predict(Options o, TextWriter log)
    {
        // 1. Inputs: the image (and the box in it), then the weights.
        var clock = Stopwatch.StartNew();
        var image = ImageFile.Load(o.Image);
        if (o.Box is { } box)
        {
            try
            {
                box.Validate(image.Width, image.Height);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{o.Image}: {e.Message}", e);
            }
        }

        var imageTime = clock.Elapsed;
        HamrPredictor predictor;
        if (o.Weights is { } weights)
        {
            predictor = HamrPredictor.Load(weights);
        }
        else if (HamrWeights.HasDefault)
        {
            predictor = HamrPredictor.LoadDefault();
        }
        else
        {
            throw new InvalidOperationException("this build of hamr has no embedded weights: pass --weights FILE (a .safetensors written by hamr train)");
        }

        var weightsTime = clock.Elapsed - imageTime;

        // 2. The network (repeated for timing; every run gives the same result).
        HamrResult result = predictor.Predict(image, o.Box, o.Left);
        var runs = new List<HamrTimings> { predictor.LastTimings };
        for (int i = 1; i < o.Repeat; i++)
        {
            result = predictor.Predict(image, o.Box, o.Left);
            runs.Add(predictor.LastTimings);
        }

        // 3. Exports.
        var exportClock = Stopwatch.StartNew();
        Directory.CreateDirectory(o.Output);
        var mesh = ExportMesh.FromHand(result.Model, result.Vertices);
        string comment = $"{result.Model.Name}, hamr predict {Path.GetFileName(o.Image)}";
        ImageFile.Save(HandOverlay.Draw(image, result, new HandOverlayOptions { Box = o.Box is not null }), Path.Combine(o.Output, "overlay.png"));
        HandGlb.WriteStatic(Path.Combine(o.Output, "hand.glb"), mesh);
        ObjWriter.Write(Path.Combine(o.Output, "hand.obj"), mesh, new ObjOptions { Comment = comment });
        HandGlb.WriteRigged(Path.Combine(o.Output, "hand-rigged.glb"), HandRig.Create(result.Model, result.Beta, result.Theta, result.Translation));
        HandResultJson.Write(Path.Combine(o.Output, "hand.json"), result.ToHandResult(predictor.Source, Path.GetFileName(o.Image)));
        var exportTime = exportClock.Elapsed;

        // 4. What was done, and how long it took.
        var c = CultureInfo.InvariantCulture;
        var source = predictor.Source;
        var square = result.Crop.Square;
        log.WriteLine(string.Create(c, $"hamr predict: {result.Side.ToString().ToLowerInvariant()} hand in {o.Image} ({image.Width}×{image.Height}), crop {square.SizePx:0.#} px at ({square.CentrePx.X:0.#}, {square.CentrePx.Y:0.#}) → {predictor.InputSize} px"));
        log.WriteLine(string.Create(c, $"  weights: {source.Weights} ({source.Config}{(source.Step is { } step ? $", step {step}" : "")})"));
        log.WriteLine(string.Create(c, $"  camera: s {result.Camera.Scale:0.###}, t ({result.Camera.Tx:0.####}, {result.Camera.Ty:0.####}) m; {result.CameraPx.Scale:0.#} px per metre in the image"));
        static double Ms(TimeSpan t) => t.TotalMilliseconds;
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        string runsText = runs.Count == 1 ? "one run, JIT included" : $"median of {runs.Count} runs, the first (JIT) included";
        log.WriteLine(string.Create(c, $"  time: load image {Ms(imageTime):F1} ms, weights {Ms(weightsTime):F1} ms; crop {Median(runs.Select(t => Ms(t.Crop))):F1} ms, network + hand layer {Median(runs.Select(t => Ms(t.Network))):F1} ms{(runs.Count > 1 ? $" (fastest {runs.Min(t => Ms(t.Network)):F1} ms)" : "")}, decode {Median(runs.Select(t => Ms(t.Decode))):F1} ms ({runsText}); export {Ms(exportTime):F1} ms"));
        log.WriteLine($"wrote {Path.Combine(o.Output, "overlay.png")}, hand.glb, hand.obj, hand-rigged.glb, hand.json");
    }

    private static Options? Parse(string[] args)
    {
        string? image = null, weights = null, output = null;
        HandBox? box = null;
        bool left = false;
        int repeat = 1;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--box":
                    box = HandBox.Parse(Value());
                    break;
                case "--left":
                    left = true;
                    break;
                case "--weights":
                    weights = Value();
                    break;
                case "--out":
                    output = Value();
                    break;
                case "--repeat":
                    repeat = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    if (repeat is < 1 or > 10_000)
                    {
                        throw new ArgumentException($"--repeat {repeat} must be 1..10000");
                    }

                    break;
                case "-h" or "--help":
                    return null;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        throw new ArgumentException($"unknown option '{args[i]}'");
                    }

                    if (image is not null)
                    {
                        throw new ArgumentException($"one image at a time (got '{image}' and '{args[i]}')");
                    }

                    image = args[i];
                    break;
            }
        }

        return new Options(image ?? throw new ArgumentException("IMAGE is required"), box, left, weights, output ?? "hamr-out", repeat);
    }
}
