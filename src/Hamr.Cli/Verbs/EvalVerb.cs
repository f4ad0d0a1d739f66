using System.Globalization;
using Hamr.HandModel;
using Hamr.Model.Evaluation;
using Hamr.Model.Evaluation.Readers;
using Hamr.Model.Evaluation.Reports;
using Hamr.Model.Inference;
using Hamr.Tensors.Io;

namespace Hamr.Cli.Verbs;

/// <summary>`hamr eval`: runs a predictor over an annotation file and writes report.json, report.md and the PCK plots.</summary>
internal static class EvalVerb
{
    private const string Usage =
        "usage: hamr eval (--annotations FILE | --dataset DIR | --synthetic SEED:COUNT[:SIZE]) --out DIR --predictor SPEC\n" +
        "                 [--hand right|left] [--seed N] [--reference NAME=CSV ...]\n" +
        "  Evaluates a predictor on a set of hand crops and writes\n" +
        "  DIR/report.json, report.md, pck3d.svg, pck3d.png (our curves and the references on one chart),\n" +
        "  pck3d_<protocol>.csv and per_sample.csv. 3D numbers are given under three protocols: root_relative,\n" +
        "  root_relative_scaled (mean bone length matched to the ground truth's) and procrustes.\n" +
        "  --annotations FILE an annotations_mp21.json file (images relative to it; e.g. ../shared/eval/...)\n" +
        "  --dataset DIR      a folder written by hamr synth (left hands are mirrored; ground-truth meshes give MPVPE)\n" +
        "  --synthetic SEED:COUNT[:SIZE]  COUNT right hands of our generator's SEED made in memory (default 128 px);\n" +
        "                     training uses seed 1 and validation 1000003, so any other seed is held out\n" +
        "  --predictor SPEC   what to evaluate:\n" +
        "                     hamr[:WEIGHTS]  the HAMR network (each image is the hand crop); default weights: the\n" +
        "                     hamr-s weights built into hamr, or a .safetensors file written by hamr train\n" +
        "                     ground-truth-noise:SIGMA_MM[,SIGMA_PX]  the ground truth plus seeded Gaussian noise (a\n" +
        "                     sanity baseline for the metrics, not a method)\n" +
        "  --hand right|left  the side of every hand in the set (default right; --left is short for --hand left):\n" +
        "                     the network mirrors left-hand crops\n" +
        "  --seed N           seed of the noise (default 0)\n" +
        "  --reference NAME=CSV  another method's 3D PCK curve to draw beside ours (repeatable): a CSV of\n" +
        "                     \"threshold_mm,pck\" lines, pck a fraction in [0, 1], thresholds ascending; an optional\n" +
        "                     header line and '#' comments. Our pck3d_<protocol>.csv files have this form.";

    /// <summary>Predictors by the prefix of their specification; each builds itself from the options (the whole SPEC, the seed, the side).</summary>
    private static readonly (string Prefix, Func<Options, IHandPredictor> Create)[] s_predictors =
    [
        (HamrHandPredictor.Prefix, o => HamrHandPredictor.Parse(o.Predictor, o.Hand)),
        (GroundTruthNoisePredictor.Prefix, o => GroundTruthNoisePredictor.Parse(o.Predictor, o.Seed)),
    ];

    private sealed record Options(string Input, string Output, string Predictor, ulong Seed, Handedness Hand, IReadOnlyList<(string Name, string Path)> References);

    public static int Run(string[] args)
    {
        Options? options;
        IHandPredictor predictor;
        try
        {
            options = Parse(args);
            if (options is null)
            {
                Console.WriteLine(Usage);
                return 0;
            }

            predictor = CreatePredictor(options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"hamr eval: {e.Message}\n{Usage}");
            return 2;
        }
        catch (Exception e) when (e is SafetensorsFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The predictor's weights: missing, unreadable, not HAMR weights, or none built in.
            Console.Error.WriteLine($"hamr eval: {e.Message}");
            return 1;
        }

        try
        {
            var references = options.References.Select(r => ReferenceCurve.Read(r.Name, r.Path)).ToList();
            var report = Evaluate(new Evaluator(predictor), options.Input);
            Evaluator.Write(report, options.Output, references);
            PrintSummary(report, options.Output);
            return 0;
        }
        catch (Exception e) when (e is EvalFormatException or Hamr.Data.Datasets.HandDatasetFormatException or FormatException or OverflowException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hamr eval: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs the evaluator on the input named by "annotations:FILE", "dataset:DIR" or "synthetic:SEED:COUNT[:SIZE]".</summary>
    private static EvalReport Evaluate(Evaluator evaluator, string input)
    {
        int colon = input.IndexOf(':', StringComparison.Ordinal);
        string kind = input[..colon], value = input[(colon + 1)..];
        switch (kind)
        {
            case "annotations":
                return evaluator.EvaluateFile(value, new ConsoleProgress());
            case "dataset":
                var folder = SyntheticEvalSets.FromDatasetFolder(value);
                return evaluator.Evaluate(folder.Samples, folder.Source, new ConsoleProgress());
            default:
                var parts = value.Split(':');
                if (parts.Length is < 2 or > 3)
                {
                    throw new ArgumentException($"--synthetic needs SEED:COUNT[:SIZE], got '{value}'");
                }
                ulong seed = ulong.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
                int count = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
                int size = parts.Length == 3 ? int.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture) : 128;
                if (count is < 1 or > 100_000 || size is < 32 or > 1024)
                {
                    throw new ArgumentException($"--synthetic: COUNT must be 1..100000 and SIZE 32..1024, got {count} and {size}");
                }
                Console.Error.WriteLine($"eval: generating {count} synthetic hands (seed {seed}, {size} px)...");
                var set = SyntheticEvalSets.Generate(seed, count, size);
                return evaluator.Evaluate(set.Samples, set.Source, new ConsoleProgress());
        }
    }

    private static IHandPredictor CreatePredictor(Options options)
    {
        string spec = options.Predictor;
        foreach (var (prefix, create) in s_predictors)
        {
            if (spec == prefix || spec.StartsWith(prefix + ":", StringComparison.Ordinal))
            {
                return create(options);
            }
        }

        throw new ArgumentException($"unknown predictor '{spec}' (available: {string.Join(", ", s_predictors.Select(p => p.Prefix + ":..."))})");
    }

    private static void PrintSummary(EvalReport report, string output)
    {
        static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine($"{report.Method}: {report.Count} samples");
        Console.WriteLine($"  {"protocol",-22} {"MPJPE mm",9} {"median",8} {"AUC20-50",9} {"AUC0-50",8}");
        foreach (var p in report.Protocols)
        {
            Console.WriteLine($"  {p.Protocol.Key(),-22} {F(p.MpjpeMm, "F2"),9} {F(p.MedianMm, "F2"),8} {F(p.Auc20To50, "F3"),9} {F(p.Auc0To50, "F3"),8}");
        }

        var k = report.Keypoints2D;
        Console.WriteLine($"  2D: EPE {F(k.EpeMeanPx, "F2")} px (median {F(k.EpeMedianPx, "F2")}), PCK@10px {F(k.Pck10Px, "F3")}");
        if (report.Mesh is { } m)
        {
            Console.WriteLine($"  mesh: MPVPE {F(m.MpvpeMm, "F2")} mm, PA-MPVPE {F(m.PaMpvpeMm, "F2")} mm, F@5 {F(m.FScore5Mm, "F3")}, F@15 {F(m.FScore15Mm, "F3")}");
        }

        Console.WriteLine($"wrote {Path.Combine(output, "report.json")}, report.md, {ReportFolder.PlotName}.svg, {ReportFolder.PlotName}.png");
    }

    private static Options? Parse(string[] args)
    {
        string? input = null, output = null, predictor = null;
        void SetInput(string value)
        {
            input = input is null ? value : throw new ArgumentException("give one of --annotations, --dataset and --synthetic");
        }

        ulong seed = 0;
        var hand = Handedness.Right;
        var references = new List<(string, string)>();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--annotations":
                    SetInput("annotations:" + Value());
                    break;
                case "--dataset":
                    SetInput("dataset:" + Value());
                    break;
                case "--synthetic":
                    SetInput("synthetic:" + Value());
                    break;
                case "--out":
                    output = Value();
                    break;
                case "--predictor":
                    predictor = Value();
                    break;
                case "--hand":
                    hand = Value() switch
                    {
                        "right" => Handedness.Right,
                        "left" => Handedness.Left,
                        var other => throw new ArgumentException($"--hand is right or left, not '{other}'"),
                    };
                    break;
                case "--left":
                    hand = Handedness.Left;
                    break;
                case "--seed":
                    seed = ulong.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--reference":
                    string reference = Value();
                    int eq = reference.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || eq == reference.Length - 1)
                    {
                        throw new ArgumentException($"--reference needs NAME=CSV, got '{reference}'");
                    }

                    references.Add((reference[..eq], reference[(eq + 1)..]));
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return new Options(
            input ?? throw new ArgumentException("one of --annotations, --dataset and --synthetic is required"),
            output ?? throw new ArgumentException("--out is required"),
            predictor ?? throw new ArgumentException("--predictor is required (hamr, hamr:WEIGHTS or ground-truth-noise:SIGMA_MM)"),
            seed,
            hand,
            references);
    }

    /// <summary>Progress on stderr: a line at the start, about every tenth of the set, and at the end.</summary>
    private sealed class ConsoleProgress : IProgress<EvalProgress>
    {
        public void Report(EvalProgress p)
        {
            int step = Math.Max(1, p.Total / 10);
            if (p.Done == 0 || p.Done == p.Total || p.Done % step == 0)
            {
                string eta = p.Remaining is { } r && p.Done < p.Total ? $", about {r.TotalSeconds:F0} s left" : "";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"eval: {p.Done}/{p.Total} samples ({p.SamplesPerSecond:F1}/s{eta})"));
            }
        }
    }
}
