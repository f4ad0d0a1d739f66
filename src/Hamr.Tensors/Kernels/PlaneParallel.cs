namespace Hamr.Tensors.Kernels;

/// <summary>
/// Splits independent planes (N·C image planes, or channels) across cores when the work is large enough to pay
/// for the hand-off; small calls stay on the calling thread and allocate nothing.
/// </summary>
internal static class PlaneParallel
{
    /// <summary>Below this many inner-loop steps a call runs on one thread (roughly 50 µs of work).</summary>
    public const long Threshold = 1 << 17;

    /// <summary>True when <paramref name="work"/> (inner-loop steps) over <paramref name="count"/> planes is worth splitting.</summary>
    public static bool Worth(int count, long work) => count > 1 && work >= Threshold && Environment.ProcessorCount > 1;

    /// <summary>Runs <paramref name="body"/>(start, end) over contiguous chunks of [0, count), one per core.</summary>
    public static void For(int count, Action<int, int> body)
    {
        int chunks = Math.Min(Environment.ProcessorCount, count);
        Parallel.For(0, chunks, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
    }
}
