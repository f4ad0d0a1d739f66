using System.Diagnostics;
using Hamr.Tensors.Kernels;

namespace Hamr.Benchmarks;

/// <summary>
/// Per-call overhead of <see cref="ParallelFor"/> against <see cref="Parallel.For(int, int, Action{int})"/>
/// on near-empty bodies (`parallelfor` verb), plus bytes allocated per call.
/// </summary>
internal static class ParallelForBench
{
    public static int Run(string[] args)
    {
        foreach (int count in new[] { 2, 8, 64 })
        {
            double ours = Median(() => ParallelFor.Run(count, new Spin()), out long oursBytes);
            double tpl = Median(() => Parallel.For(0, count, i => Spin.Work(i)), out long tplBytes);
            Console.WriteLine($"count {count,3}: ParallelFor {ours:F2} µs ({oursBytes} B/call)   Parallel.For {tpl:F2} µs ({tplBytes} B/call)");
        }
        return 0;
    }

    private static double Median(Action call, out long bytesPerCall)
    {
        const int Calls = 2000;
        for (int i = 0; i < Calls; i++)
        {
            call();
        }
        var samples = new double[7];
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < samples.Length; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < Calls; i++)
            {
                call();
            }
            samples[r] = sw.Elapsed.TotalMicroseconds / Calls;
        }
        bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / (Calls * samples.Length);
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    private readonly struct Spin : IParallelBody
    {
        public void Invoke(int index) => Work(index);

        public static void Work(int index) => Thread.SpinWait(20 + index % 2);
    }
}
