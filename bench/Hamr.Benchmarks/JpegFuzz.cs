using System.Diagnostics;
using System.Globalization;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Codecs;

namespace Hamr.Benchmarks;

/// <summary>
/// `fuzz-jpeg`: the long form of the JPEG fuzz test. Mutates every *.jpg under --dir (default
/// tests/fixtures/jpeg) with <see cref="JpegMutator"/> and decodes each case; anything but success or
/// <see cref="ImageFormatException"/> is a failure, saved under --out with its description. A watchdog names any
/// case still running after 10 s (a hang). Options: --cases N (100000), --seed S (1), --dir D, --out D
/// (.bench/fuzz-jpeg), --save N (write case N of this seed to --out and decode only it, to replay one case).
/// Exit code 1 when a case failed.
/// </summary>
internal static class JpegFuzz
{
    private static long _caseStarted;
    private static int _currentCase = -1;

    public static int Run(string[] args)
    {
        int cases = BenchOptions.Int(args, "--cases", 100_000);
        int seed = BenchOptions.Int(args, "--seed", 1);
        int save = BenchOptions.Int(args, "--save", -1);
        string root = RepoRoot();
        string dir = Option(args, "--dir") ?? Path.Combine(root, "tests", "fixtures", "jpeg");
        string outDir = Option(args, "--out") ?? Path.Combine(root, ".bench", "fuzz-jpeg");
        var files = Directory.GetFiles(dir, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"fuzz-jpeg: no *.jpg under {dir}");
            return 2;
        }

        var originals = files.Select(File.ReadAllBytes).ToArray();
        Console.WriteLine($"# fuzz-jpeg: {cases} cases, seed {seed}, {files.Length} files from {dir}");
        using var watchdog = new Timer(_ => Watch(), null, 1000, 1000);
        var mutator = new JpegMutator(seed);
        int decoded = 0, refused = 0, failed = 0;
        double slowestMs = 0;
        int slowestCase = -1;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            int source = i % originals.Length;
            var (data, description) = mutator.Mutate(originals[source]);
            if (save >= 0 && i != save)
            {
                continue; // the mutator still advances, so case `save` is the same bytes as in a full run
            }

            if (i == save)
            {
                Directory.CreateDirectory(outDir);
                string path = Path.Combine(outDir, $"seed{seed}-case{i}.jpg");
                File.WriteAllBytes(path, data);
                Console.WriteLine($"case {i} ({Path.GetFileName(files[source])}: {description}) -> {path}");
            }

            Volatile.Write(ref _caseStarted, Stopwatch.GetTimestamp());
            Volatile.Write(ref _currentCase, i);
            try
            {
                Jpeg.Decode(data, $"case {i}");
                decoded++;
            }
            catch (ImageFormatException)
            {
                refused++;
            }
            catch (Exception e)
            {
                failed++;
                Directory.CreateDirectory(outDir);
                string path = Path.Combine(outDir, $"seed{seed}-case{i}.jpg");
                File.WriteAllBytes(path, data);
                Console.WriteLine($"FAIL case {i} ({Path.GetFileName(files[source])}: {description}) -> {path}\n  {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            double ms = Stopwatch.GetElapsedTime(Volatile.Read(ref _caseStarted)).TotalMilliseconds;
            Volatile.Write(ref _currentCase, -1);
            if (ms > slowestMs)
            {
                (slowestMs, slowestCase) = (ms, i);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decoded={decoded} refused={refused} failed={failed} slowest_case={slowestCase} slowest_ms={slowestMs:F1} cases_per_s={cases / total.Elapsed.TotalSeconds:F0}"));
        return failed == 0 ? 0 : 1;
    }

    private static void Watch()
    {
        int current = Volatile.Read(ref _currentCase);
        if (current >= 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref _caseStarted)).TotalSeconds > 10)
        {
            Console.WriteLine($"HANG? case {current} has run for over 10 s");
        }
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The folder holding Hamr.sln above the working directory (or the binary), else the working directory.</summary>
    internal static string RepoRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Hamr.sln")))
                {
                    return d.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
