using System.Globalization;
using System.IO.Compression;
using Hamr.HandModel;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Tensors;

namespace Hamr.Cli.Verbs;

/// <summary>
/// `hamr render-hand`: pictures of the open hand model in a named or sampled pose and a given shape, with its 21
/// keypoints, one picture or a grid (named poses, uniform or blended pose samples, or β samples).
/// </summary>
internal static class RenderHandVerb
{
    private const string Usage =
        "usage: hamr render-hand --out PNG [--pose NAME] [--beta B1,B2,...] [--side right|left] [--view palm|back|side[,...]]\n" +
        "                        [--size PX] [--grid poses|uniform|blend|betas] [--count N] [--columns N] [--seed N]\n" +
        "                        [--span METRES] [--no-keypoints] [--allow-collisions]\n" +
        "  Renders the open hand model posed by the pose sampler. --pose: open, relaxed, fist, point, pinch, grasp,\n" +
        "  thumbsup (named poses), uniform (every joint angle uniform within the limits) or blend (a random blend of two\n" +
        "  named poses with jitter); sampled poses use --seed. --beta: shape coefficients (missing ones are 0).\n" +
        "  --view: one or more of palm, back, side (thumb side); with several, the grid holds every hand in the first\n" +
        "  view, then every hand in the next (--columns = number of hands gives one row per view).\n" +
        "  --grid: a grid instead of one picture: poses = every named pose, uniform/blend = --count sampled poses,\n" +
        "  betas = --count shapes β ~ N(0, I) in --pose (the first cell is β = 0). Sampled poses are drawn again while\n" +
        "  fingers pass through each other, unless --allow-collisions. Defaults: --pose open --side right\n" +
        "  --view palm --size 256 --count 8 --columns 4 --seed 1 --span 0.24.";

    private sealed record Options(
        string? Output, string Pose, float[] Beta, Handedness Side, HandView[] Views, int Size, string? Grid, int Count,
        int Columns, ulong Seed, float Span, bool Keypoints, bool Reject);

    public static int Run(string[] args)
    {
        Options options;
        try
        {
            if (args.Any(a => a is "-h" or "--help"))
            {
                Console.WriteLine(Usage);
                return 0;
            }
            options = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"hamr render-hand: {e.Message}\n{Usage}");
            return 2;
        }

        var model = OpenHandModel.Load(options.Side);
        var picture = new HandPicture(model) { Keypoints = options.Keypoints, SpanMeters = options.Span };
        // Sampled poses keep fingers out of each other unless asked otherwise (PoseSampler.Collisions).
        var sampler = options.Reject ? new PoseSampler(model, options.Seed) : new PoseSampler(new JointLimits(model), options.Seed);
        var random = new TensorRandom(options.Seed);
        var hands = new List<(float[] Beta, float[] Theta, string Caption)>();
        switch (options.Grid)
        {
            case null:
                hands.Add((options.Beta, Pose(sampler, options.Pose), options.Pose));
                break;
            case "poses":
                foreach (var pose in Enum.GetValues<NamedPose>())
                {
                    hands.Add((options.Beta, sampler.Named(pose), pose.ToString().ToLowerInvariant()));
                }
                break;
            case "uniform" or "blend":
                for (int i = 0; i < options.Count; i++)
                {
                    hands.Add((options.Beta, Pose(sampler, options.Grid), $"{options.Grid} #{i}"));
                }
                break;
            default: // betas
                var theta = Pose(sampler, options.Pose);
                for (int i = 0; i < options.Count; i++)
                {
                    var beta = new float[model.ShapeCount];
                    for (int k = 0; i > 0 && k < beta.Length; k++)
                    {
                        beta[k] = random.NextGaussian();
                    }
                    hands.Add((beta, theta, $"β = [{string.Join(", ", beta.Select(b => b.ToString("0.0", CultureInfo.InvariantCulture)))}]"));
                }
                break;
        }

        // One row block per view: with several views and --columns equal to the number of hands, one row per view.
        var cells = new List<Image>();
        var captions = new List<string>();
        foreach (var view in options.Views)
        {
            foreach (var (beta, theta, caption) in hands)
            {
                cells.Add(picture.Render(beta, theta, view, options.Size));
                captions.Add(options.Views.Length > 1 ? $"{caption} ({view.ToString().ToLowerInvariant()})" : caption);
            }
        }

        var image = cells.Count == 1 ? cells[0] : HandPicture.Grid(cells, options.Columns);
        Png.Save(image, options.Output!, CompressionLevel.SmallestSize);
        int columns = Math.Min(options.Columns, cells.Count);
        for (int i = 0; i < captions.Count; i++)
        {
            Console.WriteLine(cells.Count == 1 ? captions[i] : $"row {i / columns} column {i % columns}: {captions[i]}");
        }
        Console.WriteLine($"wrote {options.Output} ({image.Width}×{image.Height}, {new FileInfo(options.Output!).Length} bytes)");
        return 0;
    }

    private static float[] Pose(PoseSampler sampler, string pose) => pose switch
    {
        "uniform" => sampler.Uniform(),
        "blend" => sampler.RandomBlend(),
        _ => sampler.Named(Enum.Parse<NamedPose>(pose, ignoreCase: true)),
    };

    private static Options Parse(string[] args)
    {
        string? output = null, grid = null;
        string pose = "open";
        float[] beta = [];
        var side = Handedness.Right;
        HandView[] views = [HandView.Palm];
        int size = 256, count = 8, columns = 4;
        ulong seed = 1;
        float span = 0.24f;
        bool keypoints = true, reject = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--out":
                    output = Value();
                    break;
                case "--pose":
                    pose = Value().ToLowerInvariant();
                    if (pose is not ("uniform" or "blend") && !Enum.TryParse<NamedPose>(pose, ignoreCase: true, out _))
                    {
                        throw new ArgumentException($"unknown pose '{pose}'");
                    }
                    break;
                case "--beta":
                    beta = [.. Value().Split(',', StringSplitOptions.TrimEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture))];
                    if (beta.Length > 10 || beta.Any(b => !float.IsFinite(b)))
                    {
                        throw new ArgumentException("--beta takes up to 10 finite numbers");
                    }
                    beta = [.. beta, .. new float[10 - beta.Length]];
                    break;
                case "--side":
                    side = Value().ToLowerInvariant() switch
                    {
                        "right" => Handedness.Right,
                        "left" => Handedness.Left,
                        var s => throw new ArgumentException($"--side is right or left, not '{s}'"),
                    };
                    break;
                case "--view":
                    views = [.. Value().Split(',', StringSplitOptions.TrimEntries).Select(v => Enum.TryParse<HandView>(v, ignoreCase: true, out var parsed)
                        ? parsed : throw new ArgumentException($"--view takes palm, back or side, not '{v}'"))];
                    break;
                case "--size":
                    size = int.Parse(Value(), CultureInfo.InvariantCulture);
                    if (size is < 32 or > 2048)
                    {
                        throw new ArgumentException("--size must be 32..2048");
                    }
                    break;
                case "--grid":
                    grid = Value().ToLowerInvariant();
                    if (grid is not ("poses" or "uniform" or "blend" or "betas"))
                    {
                        throw new ArgumentException($"--grid is poses, uniform, blend or betas, not '{grid}'");
                    }
                    break;
                case "--count":
                    count = int.Parse(Value(), CultureInfo.InvariantCulture);
                    if (count is < 1 or > 64)
                    {
                        throw new ArgumentException("--count must be 1..64");
                    }
                    break;
                case "--columns":
                    columns = int.Parse(Value(), CultureInfo.InvariantCulture);
                    if (columns is < 1 or > 64)
                    {
                        throw new ArgumentException("--columns must be 1..64");
                    }
                    break;
                case "--seed":
                    seed = ulong.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--span":
                    span = float.Parse(Value(), CultureInfo.InvariantCulture);
                    if (!(span is > 0.01f and < 10f))
                    {
                        throw new ArgumentException("--span must be in (0.01, 10) metres");
                    }
                    break;
                case "--no-keypoints":
                    keypoints = false;
                    break;
                case "--allow-collisions":
                    reject = false;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        if (output is null)
        {
            throw new ArgumentException("--out is required");
        }
        return new Options(output, pose, beta, side, views, size, grid, count, columns, seed, span, keypoints, reject);
    }
}
