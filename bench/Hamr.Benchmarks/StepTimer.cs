using System.Diagnostics;

namespace Hamr.Benchmarks;

/// <summary>Times benchmark steps in fixed-size chunks (per-step ms of each chunk, sorted: [0] best, [Count/2] median).</summary>
internal static class StepTimer
{
    public const int ChunkSteps = 5;

    /// <summary>
    /// Runs <paramref name="step"/> <paramref name="steps"/> times in chunks of ChunkSteps, adding each chunk's per-step ms
    /// to <paramref name="chunkMs"/> (created by the caller, outside any allocation measurement), then sorts it.
    /// </summary>
    public static void TimeChunks(int steps, Action step, List<double> chunkMs)
    {
        for (int done = 0; done < steps; done += ChunkSteps)
        {
            int n = Math.Min(ChunkSteps, steps - done);
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                step();
            }
            chunkMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / n);
        }
        chunkMs.Sort();
    }
}
