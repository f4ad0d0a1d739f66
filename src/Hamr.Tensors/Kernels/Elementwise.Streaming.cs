using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Tensors.Kernels;

public static partial class Elementwise
{
    /// <summary>
    /// destination[i] = TOp(x[i]) written with non-temporal (streaming) stores where the CPU has them: the
    /// destination lines are not read first and do not displace the cache. For large outputs that nothing reads
    /// again soon (a layer's output, read back only by the next layer). Needs non-overlapping ranges. Streaming
    /// stores are weakly ordered: call <see cref="StreamingFence"/> once after the last of a batch of these calls,
    /// before anything else may read the destination. Without AVX (or with hardware intrinsics off) it is a plain
    /// vector loop.
    /// </summary>
    internal static unsafe void UnaryStreaming<TOp>(ReadOnlySpan<float> x, Span<float> destination) where TOp : struct, IUnaryOperator
    {
        CheckLength(x.Length, destination.Length);
        fixed (float* px = x, pd = destination)
        {
            UnaryStreaming<TOp>(px, pd, x.Length);
        }
    }

    /// <inheritdoc cref="UnaryStreaming{TOp}(ReadOnlySpan{float}, Span{float})"/>
    internal static unsafe void UnaryStreaming<TOp>(float* x, float* destination, int n) where TOp : struct, IUnaryOperator
    {
        int i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i < n && ((nint)(destination + i) & 63) != 0; i++)
            {
                destination[i] = TOp.Invoke(x[i]);
            }
            for (; i + 16 <= n; i += 16)
            {
                Avx512F.StoreAlignedNonTemporal(destination + i, TOp.Invoke(Vector512.Load(x + i)));
            }
        }
        else if (Avx.IsSupported)
        {
            for (; i < n && ((nint)(destination + i) & 31) != 0; i++)
            {
                destination[i] = TOp.Invoke(x[i]);
            }
            for (; i + 8 <= n; i += 8)
            {
                Avx.StoreAlignedNonTemporal(destination + i, TOp.Invoke(Vector256.Load(x + i)));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= n; i += 4)
            {
                TOp.Invoke(Vector128.Load(x + i)).Store(destination + i);
            }
        }
        for (; i < n; i++)
        {
            destination[i] = TOp.Invoke(x[i]);
        }
    }

    /// <summary>Orders the streaming stores of <see cref="UnaryStreaming{TOp}"/> before all later stores.</summary>
    internal static void StreamingFence()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }
}
