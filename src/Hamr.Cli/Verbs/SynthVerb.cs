using System.Diagnostics;
using System.Globalization;
using Hamr.Data.Datasets;
using Hamr.Data.Synthetic;
using Hamr.Imaging.Codecs;
using Hamr.Tensors.Kernels;

namespace Hamr.Cli.Verbs;

/// <summary>
/// `hamr synth --count N --seed S --size 128 --out DIR [--backgrounds DIR] [--threads N]`: writes a synthetic hand
/// dataset folder and a contact sheet of its first samples with their keypoints.
/// </summary>
internal static class SynthVerb
{
    private const string Usage =
        "usage: hamr synth --count N --seed S --out DIR [--size 128] [--backgrounds DIR] [--threads N] [--sheet N]\n" +
        "  Renders N synthetic hand crops (the open hand model, random pose, shape, side, view, skin, lights,\n" +
        "  background, occluders) with full ground truth into DIR: images/*.png, masks/*.png, annotations.json,\n" +
        "  and contact_sheet.png (the first --sheet samples, default 64, with their keypoints; hollow = not visible).\n" +
        "  --backgrounds: a folder of PNG/JPEG photos used for half of the backgrounds. --threads: workers (default: all cores).";

    internal sealed record Arguments(int Count, ulong Seed, int Size, string Output, string? Backgrounds, int Threads, int Sheet);

    public static int Run(string[] args)
    {
        Arguments? parsed;
        try
        {
            parsed = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"hamr synth: {e.Message}\n{Usage}");
            return 2;
        }
        if (parsed is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        try
        {
            Synthesize(parsed, Console.Error);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HandDatasetFormatException)
        {
            Console.Error.WriteLine($"hamr synth: {e.Message}");
            return 1;
        }
    }

    internal static void Synthesize(Arguments a, TextWriter log)
    {
        if (a.Threads > 0)
        {
            ParallelFor.MaxDegree = a.Threads;
        }
        var options = new SyntheticOptions { Seed = a.Seed, Size = a.Size, BackgroundFolder = a.Backgrounds };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Done == p.Total || clock.Elapsed - lastReport > TimeSpan.FromSeconds(0.5))
            {
                lastReport = clock.Elapsed;
                log.Write($"\rhamr synth: {p.Done}/{p.Total}  {p.SamplesPerSecond:F0} samples/s  ETA {p.Remaining:hh\\:mm\\:ss}   ");
            }
        });
        SyntheticDatasetWriter.Write(a.Output, options, a.Count, progress, a.Threads);
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        log.WriteLine();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hamr synth: wrote {a.Count} samples of {a.Size} px to {a.Output} in {seconds:F1} s: {a.Count / Math.Max(seconds, 1e-9):F0} samples/s, CPU {cpuSeconds * 1000 / Math.Max(1, a.Count):F2} ms per sample (PNG encoding and start-up included)"));

        if (a.Count > 0 && a.Sheet > 0)
        {
            var folder = HandDatasetFolder.Open(a.Output);
            int n = Math.Min(a.Sheet, folder.Count);
            var tiles = Enumerable.Range(0, n).Select(i => (folder.LoadImage(i), folder.Samples[i].Keypoints2D, folder.Samples[i].Visible)).ToList();
            string sheet = Path.Combine(a.Output, "contact_sheet.png");
            Png.Save(ContactSheet.Draw(tiles, columns: (int)Math.Ceiling(Math.Sqrt(n))), sheet);
            log.WriteLine($"hamr synth: contact sheet of {n} samples: {sheet}");
        }
    }

    /// <summary>Parsed arguments, or null for --help.</summary>
    internal static Arguments? Parse(string[] args)
    {
        int? count = null;
        ulong? seed = null;
        int size = 128, threads = 0, sheet = 64;
        string? output = null, backgrounds = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--count":
                    count = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = ulong.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--size":
                    size = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = Value();
                    break;
                case "--backgrounds":
                    backgrounds = Value();
                    break;
                case "--threads":
                    threads = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--sheet":
                    sheet = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        if (count is not { } c || c < 0)
        {
            throw new ArgumentException("--count N (N ≥ 0) is required");
        }
        if (seed is not { } s)
        {
            throw new ArgumentException("--seed S is required");
        }
        if (output is null)
        {
            throw new ArgumentException("--out DIR is required");
        }
        if (size is < 32 or > 1024)
        {
            throw new ArgumentException($"--size {size} is outside 32..1024");
        }
        if (threads < 0 || sheet < 0)
        {
            throw new ArgumentException("--threads and --sheet must be ≥ 0");
        }
        if (backgrounds is not null && !Directory.Exists(backgrounds))
        {
            throw new ArgumentException($"--backgrounds folder '{backgrounds}' does not exist");
        }
        return new Arguments(c, s, size, output, backgrounds, threads, sheet);
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<DatasetProgress> report) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => report(value);
    }
}
