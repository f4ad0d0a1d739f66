using System.Diagnostics;
using Hamr.Data.Synthetic;

namespace Hamr.Benchmarks;

/// <summary>
/// `synth` verb: the synthetic hand generator's throughput at --size (default 128) with --ssaa (default 2): one worker
/// (wall and process CPU time per sample, bytes allocated per sample), then the batch source with one and two workers
/// filling batches of 32 (samples/s and CPU time per sample). --samples N (default 640) per measurement, after 64
/// warm-up samples that bake the skin textures and compile the code.
/// Results (2026-11-22, AMD EPYC Zen 5, 2 cores shared with other builds at load average 15-21, so wall times and
/// samples/s are far below what the code does on free cores; process CPU time is the steadier figure), TieredCompilation
/// off as for every verb here: 128 px with 2×2 SSAA: 1.84 ms CPU per sample (the rasteriser ~80% of it: hand and
/// forearm, textured, 2-4 lights), i.e. ≈ 1,000 samples/s if both cores were free; measured 225-460 samples/s
/// depending on the load. 128 px without SSAA: 1.37 ms CPU. 256 px with SSAA: 6.4 ms CPU. ~0.8-0.9 KB allocated per
/// sample (its random generator, material and lights); every buffer is reused.
/// </summary>
internal static class SynthBench
{
    public static int Run(string[] args)
    {
        int size = BenchOptions.Int(args, "--size", 128);
        int ssaa = BenchOptions.Int(args, "--ssaa", 2);
        int samples = BenchOptions.Int(args, "--samples", 640);
        var generator = new SyntheticHandGenerator(new SyntheticOptions { Seed = 1, Size = size, Supersample = ssaa });
        var sample = generator.CreateSample();
        for (int i = 0; i < 64; i++)
        {
            generator.Generate(i, sample);
        }
        Console.WriteLine($"synthetic hands {size}x{size}, ssaa {ssaa}x{ssaa}, {Environment.ProcessorCount} cores");

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < samples; i++)
        {
            generator.Generate(1000 + i, sample);
        }
        double wall = clock.Elapsed.TotalMilliseconds / samples;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / samples;
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / samples;
        Console.WriteLine($"1 worker (Generate): wall {wall:F2} ms, CPU {cpuMs:F2} ms per sample, {bytes} B allocated per sample");

        foreach (int workers in new[] { 1, 2 })
        {
            var source = new SyntheticBatchSource(generator, 32, workers);
            var batch = source.CreateBatch();
            source.Fill(0, batch);
            int batches = Math.Max(1, samples / 32);
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            for (int b = 0; b < batches; b++)
            {
                source.Fill(100_000 + b * 32, batch);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (batches * 32);
            Console.WriteLine($"batch source, {workers} worker(s), batches of 32: {batches * 32 / seconds:F0} samples/s, CPU {cpuMs:F2} ms per sample");
        }
        return 0;
    }
}
