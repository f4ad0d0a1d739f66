namespace Hamr.Tensors.Kernels;

/// <summary>
/// The large-span path of the elementwise drivers: spans of at least <see cref="ParallelMinLength"/> floats are
/// cut into chunks on 16-float boundaries and run on <see cref="ParallelFor"/>. Every element goes through the
/// same vector width (and the same scalar tail) as in a serial run, so results are bitwise identical whatever
/// the thread count. Inside another parallel loop the chunks run inline and the serial driver takes over.
/// </summary>
public static partial class Elementwise
{
    /// <summary>Spans shorter than this run on the calling thread (a chunk is worth ~10 µs or more).</summary>
    internal const int ParallelMinLength = 1 << 16;

    /// <summary>Floats per chunk at least (a multiple of 16, so only the last chunk has a scalar tail).</summary>
    private const int MinChunk = 1 << 15;

    private static int ChunkCount(int length)
    {
        int degree = ParallelFor.DegreeFor(length / MinChunk);
        return degree <= 1 ? 1 : Math.Min(length / MinChunk, 2 * degree);
    }

    /// <summary>Start of chunk <paramref name="i"/> of <paramref name="chunks"/> over <paramref name="length"/> floats.</summary>
    private static int ChunkStart(int length, int chunks, int i) =>
        i == chunks ? length : (int)((long)length * i / chunks) & ~15;

    private static unsafe bool UnaryInParallel<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : struct, IUnaryOperator
    {
        int chunks = ChunkCount(x.Length);
        if (chunks <= 1)
        {
            return false;
        }
        fixed (float* px = x, pd = destination)
        {
            ParallelFor.Run(chunks, new UnaryChunk<TOp> { X = px, D = pd, Length = x.Length, Chunks = chunks });
        }
        return true;
    }

    private static unsafe bool BinaryInParallel<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IBinaryOperator
    {
        int chunks = ChunkCount(x.Length);
        if (chunks <= 1)
        {
            return false;
        }
        fixed (float* px = x, py = y, pd = destination)
        {
            ParallelFor.Run(chunks, new BinaryChunk<TOp> { X = px, Y = py, D = pd, Length = x.Length, Chunks = chunks });
        }
        return true;
    }

    private static unsafe bool BinaryScalarRightInParallel<TOp>(ReadOnlySpan<float> x, float y, Span<float> destination)
        where TOp : struct, IBinaryOperator
    {
        int chunks = ChunkCount(x.Length);
        if (chunks <= 1)
        {
            return false;
        }
        fixed (float* px = x, pd = destination)
        {
            ParallelFor.Run(chunks, new ScalarRightChunk<TOp> { X = px, Y = y, D = pd, Length = x.Length, Chunks = chunks });
        }
        return true;
    }

    private unsafe struct UnaryChunk<TOp> : IParallelBody where TOp : struct, IUnaryOperator
    {
        public float* X, D;
        public int Length, Chunks;

        public readonly void Invoke(int index)
        {
            int start = ChunkStart(Length, Chunks, index), count = ChunkStart(Length, Chunks, index + 1) - start;
            Unary<TOp>(new ReadOnlySpan<float>(X + start, count), new Span<float>(D + start, count));
        }
    }

    private unsafe struct BinaryChunk<TOp> : IParallelBody where TOp : struct, IBinaryOperator
    {
        public float* X, Y, D;
        public int Length, Chunks;

        public readonly void Invoke(int index)
        {
            int start = ChunkStart(Length, Chunks, index), count = ChunkStart(Length, Chunks, index + 1) - start;
            Binary<TOp>(new ReadOnlySpan<float>(X + start, count), new ReadOnlySpan<float>(Y + start, count),
                new Span<float>(D + start, count));
        }
    }

    private unsafe struct ScalarRightChunk<TOp> : IParallelBody where TOp : struct, IBinaryOperator
    {
        public float* X, D;
        public float Y;
        public int Length, Chunks;

        public readonly void Invoke(int index)
        {
            int start = ChunkStart(Length, Chunks, index), count = ChunkStart(Length, Chunks, index + 1) - start;
            BinaryScalarRight<TOp>(new ReadOnlySpan<float>(X + start, count), Y, new Span<float>(D + start, count));
        }
    }
}
