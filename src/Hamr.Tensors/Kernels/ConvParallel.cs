namespace Hamr.Tensors.Kernels;

/// <summary>
/// Coarse parallel loop for the convolution kernels (one iteration = a chunk of images or planes).
/// A thin indirection so the conv code switches to the shared <c>ParallelFor</c> in one place once it lands.
/// </summary>
internal static class ConvParallel
{
    /// <summary>Most threads a conv loop uses (the benchmark sets it from <c>--threads</c>).</summary>
    public static int MaxDegree
    {
        get => ParallelFor.MaxDegree;
        set => ParallelFor.MaxDegree = Math.Max(1, value);
    }

    /// <summary>How many chunks to cut <paramref name="items"/> into: a few per thread for load balance.</summary>
    public static int Chunks(int items, long workPerItem)
    {
        int degree = MaxDegree;
        if (degree == 1 || items <= 1 || workPerItem * items < MinParallelWork)
        {
            return 1;
        }
        return Math.Min(items, 2 * degree);
    }

    /// <summary>Below this many multiply-adds in total a loop runs on the calling thread.</summary>
    private const long MinParallelWork = 1L << 18;

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, count), in parallel when count &gt; 1.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count == 1 || MaxDegree == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        ParallelFor.Run(count, body);
    }

    /// <summary>The half-open range of items chunk <paramref name="chunk"/> of <paramref name="chunks"/> covers.</summary>
    public static (int Start, int End) Range(int items, int chunks, int chunk) =>
        ((int)((long)items * chunk / chunks), (int)((long)items * (chunk + 1) / chunks));
}
