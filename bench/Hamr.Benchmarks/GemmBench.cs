using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hamr.Tensors.Kernels;

namespace Hamr.Benchmarks;

/// <summary>
/// SGEMM GFLOP/s at the engine's shapes. `gemm` measures Hamr's <see cref="Gemm.Sgemm"/>;
/// `gemm --openblas` measures OpenBLAS's cblas_sgemm in this process instead (the anchor; bench/gemm.sh
/// runs the two in separate processes so their thread pools and caches never meet).
/// Options: --openblas, --reps N (timed repetitions, default 9), --shapes MxKxN,... , --threads T,
/// --trans AB (two of N/T, default NN).
/// </summary>
/// <remarks>
/// Results, bench/gemm.sh, 2-core AMD EPYC (Zen 5, AVX-512), OpenBLAS 0.3.21, 2026 session of the `gemm`
/// branch. The cores were shared with other builds (load average 6–15), so absolute numbers are a
/// quarter to half of an idle machine and the ratio moved between 0.7× and 1.3× from run to run:
///   shape           ours  OpenBLAS  (GFLOP/s, medians of 5 rounds, last run)
///   64x576x4096     57.2    77.9
///   128x1152x1024   86.0    74.6
///   256x2304x256    83.4    85.5
///   1024x1024x1024  91.1    96.5
/// In a quiet moment (same code but B packed per call): 1024³ 366 (ours) vs 382–386 (OpenBLAS); our
/// compute phase alone ran at 382 GFLOP/s, one thread at 210 of a measured ~228 per-core micro-kernel peak.
/// `perf` branch (balanced k blocks, panel-source driver), bench/gemm.sh ROUNDS=5, load average ~2, two runs:
///   64x576x4096     256.7 / 311.5   vs OpenBLAS 246.1 / 247.6
///   128x1152x1024   292.5 / 358.1   vs 242.2 / 273.6
///   256x2304x256    231.7 / 358.7   vs 292.6 / 366.5  (0.79× / 0.98×; main measured ~248 vs ~293 side by side
///                                                     just before, so the gap at this shape predates the branch)
///   1024x1024x1024  331.0 / 378.8   vs 317.0 / 384.8
/// `gemm2` branch, 2026-11-22 (same 2-core Zen 5 VM), 256x2304x256 now splits rows across the threads (each packs
/// only its own rows of A, no pack barrier, tail spin instead of a kernel wait); bench/gemm.sh ROUNDS=5, load ~1.3:
///   64x576x4096     256.9  vs 253.1  (1.02×)
///   128x1152x1024   288.7  vs 250.8  (1.15×)
///   256x2304x256    262.8  vs 291.4  (0.90×; single-shape runs in quieter moments 285–327 vs ~286. The two
///                                     threads finish ~0.25 ms apart in most processes, the helper slower)
///   1024x1024x1024  326.9  vs 335.4  (0.97× before the compute phase got the same tail spin; after it,
///                                     ROUNDS=3: 339.9 vs 339.4, 1.00×, and 256x2304x256 269.7 vs 288.4, 0.94×)
/// Final gemm2 run, ROUNDS=5, load ~1.2: 64x576x4096 265.4 vs 257.1 (1.03×), 128x1152x1024 296.2 vs 255.3
/// (1.16×), 256x2304x256 267.6 vs 298.4 (0.90×), 1024x1024x1024 330.0 vs 320.6 (1.03×).
/// `gemm3` branch, 2026-11-22: the row split shares one packed B between the threads (flag per group of panels,
/// the two tasks walk the groups in opposite directions) and packs A per 128-deep k block; ParallelFor helpers
/// spin up to 200 µs after a job and callers up to 200 µs before blocking (the GEMM tail spin is gone).
/// bench/gemm.sh ROUNDS=5, load ~1.4, two runs:
///   64x576x4096     280.7 / 273.3  vs 244.3 / 250.2  (1.15× / 1.09×)
///   128x1152x1024   300.7 / 297.0  vs 251.8 / 249.8  (1.19× / 1.19×)
///   256x2304x256    281.5 / 276.0  vs 299.1 / 291.5  (0.94× / 0.95×)
///   1024x1024x1024  335.3 / 330.6  vs 312.2 / 318.8  (1.07× / 1.04×)
/// 256x2304x256 depends on the machine's state: in fast spells both sides reach 340–375 and ours is level or
/// ahead (367–373 vs 340–366); in slow spells (most of the time) each thread runs at ~70% of its solo speed
/// (traced: both threads start within 10 µs and finish within ~15 µs of each other, so it is not imbalance)
/// and ours is 0.94–0.99×. Tried and slower: 4 or 8 dynamic row tasks, k blocks of 64/96/160/192/256.
/// `ksplit` branch, 2026-11-23: deep products with a small C split k between the threads (each its own slices of A
/// and B, its own whole C, one add at the end; GemmKSplit.cs). 256x2304x256 alone, alternating processes, 4 rounds:
/// K-split 386 / 290 / 334 / 342, row split 356 / 262 / 281 / 275, OpenBLAS 259 / 290 / 286 / 290. bench/gemm.sh
/// ROUNDS=5, load ~1: 64x576x4096 272.8 vs 257.9 (1.06×), 128x1152x1024 299.1 vs 254.3 (1.18×),
/// 256x2304x256 366.8 vs 291.5 (1.26×), 1024x1024x1024 329.5 vs 311.5 (1.06×).
/// </remarks>
internal static class GemmBench
{
    private static readonly (int M, int K, int N)[] DefaultShapes =
        [(64, 576, 4096), (128, 1152, 1024), (256, 2304, 256), (1024, 1024, 1024)];

    /// <summary>Work per CPU-second of the last measurement: robust to other processes taking the cores.</summary>
    private static double CpuGflopsPerCore;

    public static int Run(string[] args)
    {
        bool openBlas = args.Contains("--openblas");
        int reps = int.Parse(Option(args, "--reps") ?? "9", CultureInfo.InvariantCulture);
        string trans = (Option(args, "--trans") ?? "NN").ToUpperInvariant();
        bool transA = trans[0] == 'T', transB = trans[1] == 'T';
        if (Option(args, "--threads") is { } threads)
        {
            ParallelFor.MaxDegree = int.Parse(threads, CultureInfo.InvariantCulture);
        }
        var shapes = Option(args, "--shapes") is { } list
            ? list.Split(',').Select(ParseShape).ToArray()
            : DefaultShapes;

        Console.WriteLine($"# {(openBlas ? "openblas" : "hamr")} {trans} {GemmInfo()}");
        foreach (var (m, k, n) in shapes)
        {
            double[] gflops = Measure(openBlas, transA, transB, m, k, n, reps);
            Console.WriteLine(FormattableString.Invariant(
                $"{m}x{k}x{n} {gflops[reps / 2]:F1} min {gflops[0]:F1} max {gflops[^1]:F1} per-cpu-second {CpuGflopsPerCore:F1}"));
        }
        return 0;
    }

    private static string GemmInfo() =>
        $"path={Hamr.Tensors.Kernels.GemmConfig.BestPath} threads={ParallelFor.MaxDegree}";

    private static double[] Measure(bool openBlas, bool transA, bool transB, int m, int k, int n, int reps)
    {
        var rng = new Random(1234);
        float[] a = Fill(rng, m * k), b = Fill(rng, k * n), c = new float[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        void Once()
        {
            if (openBlas)
            {
                OpenBlas.Sgemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            }
            else
            {
                Gemm.Sgemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            }
        }

        double flops = 2.0 * m * n * k;
        // Warm-up: at least 0.5 s and 20 calls (tiered JIT reaches its final code, pool threads exist).
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 20 || warm.Elapsed.TotalSeconds < 0.5; i++)
        {
            Once();
        }
        // Each timed repetition runs enough calls to last ≥ ~50 ms, so timer noise does not matter.
        var probe = Stopwatch.StartNew();
        Once();
        int inner = Math.Max(1, (int)(0.05 / Math.Max(probe.Elapsed.TotalSeconds, 1e-6)));
        var samples = new double[reps];
        var proc = Process.GetCurrentProcess();
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        long calls = 0;
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < inner; i++)
            {
                Once();
            }
            calls += inner;
            samples[r] = flops * inner / sw.Elapsed.TotalSeconds / 1e9;
        }
        proc.Refresh();
        CpuGflopsPerCore = flops * calls / (proc.TotalProcessorTime - cpu0).TotalSeconds / 1e9;
        Array.Sort(samples);
        return samples;
    }

    private static float[] Fill(Random rng, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        return x;
    }

    private static (int M, int K, int N) ParseShape(string s)
    {
        int[] d = s.Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (d[0], d[1], d[2]);
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>cblas_sgemm from the system OpenBLAS; loaded only when --openblas asks for it.</summary>
    private static class OpenBlas
    {
        private const int RowMajor = 101, NoTrans = 111, Trans = 112;

        [DllImport("libopenblas.so.0", EntryPoint = "cblas_sgemm")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern void CblasSgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
            float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

        public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda,
            float[] b, int ldb, float beta, float[] c, int ldc) =>
            CblasSgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb,
                beta, c, ldc);
    }
}
