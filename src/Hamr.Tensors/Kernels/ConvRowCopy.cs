using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// The strided row moves of im2col/col2im: gather every stride-th element of an image row into a patch row,
/// and scatter-add a patch row back. Stride 2 (the common downsampling conv) is vectorised with AVX-512 or
/// AVX2 shuffles; other strides, and machines without them, take the scalar loop.
/// </summary>
internal static unsafe class ConvRowCopy
{
    // Permute indices are written as Vector512.Create literals where they are used, not static readonly fields: the
    // JIT folds a literal into a constant operand, while a field in these loop nests cost a class-initialisation check
    // and register spills on every row (im2col ran 1.6× slower that way).

    /// <summary>Lanes [0, count) set (count may be ≤ 0 or ≥ 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(count)).AsSingle();

    /// <summary>Span form of the pointer <see cref="Gather(float*, int, int, float*, int)"/> (src bounds the reads).</summary>
    public static void Gather(ReadOnlySpan<float> src, int stride, Span<float> dst)
    {
        if (dst.Length > 0 && (long)(dst.Length - 1) * stride >= src.Length)
        {
            throw new ArgumentException("gather source too short");
        }
        fixed (float* s = src, d = dst)
        {
            Gather(s, stride, src.Length, d, dst.Length);
        }
    }

    /// <summary>Span form of the pointer <see cref="ScatterAdd(float*, int, float*, int, int)"/> (dst bounds the writes).</summary>
    public static void ScatterAdd(ReadOnlySpan<float> src, Span<float> dst, int stride)
    {
        if (src.Length > 0 && (long)(src.Length - 1) * stride >= dst.Length)
        {
            throw new ArgumentException("scatter destination too short");
        }
        fixed (float* s = src, d = dst)
        {
            ScatterAdd(s, src.Length, d, stride, dst.Length);
        }
    }

    /// <summary>
    /// dst[i] = src[i·stride] for i &lt; count. <paramref name="srcAvailable"/> floats may be read from src
    /// (at least (count − 1)·stride + 1); the vector paths never read beyond it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gather(float* src, int stride, int srcAvailable, float* dst, int count)
    {
        int i = 0;
        if (stride == 2)
        {
            if (Avx512F.IsSupported)
            {
                // Masked loads never touch the odd element after the last one read, and masked stores
                // finish the row: no scalar tail, and no reads past srcAvailable.
                var zero = Vector512<float>.Zero;
                var high = FirstLanes(15);
                var evenIndex = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
                for (; i + 16 <= count; i += 16)
                {
                    var a = Avx512F.LoadVector512(src + 2 * i);
                    var b = Avx512F.MaskLoad(src + 2 * i + 16, high, zero);
                    Avx512F.Store(dst + i, Avx512F.PermuteVar16x32x2(a, evenIndex, b));
                }
                if (i < count)
                {
                    int reads = 2 * (count - i) - 1;
                    var a = Avx512F.MaskLoad(src + 2 * i, FirstLanes(reads), zero);
                    var b = Avx512F.MaskLoad(src + 2 * i + 16, FirstLanes(reads - 16), zero);
                    Avx512F.MaskStore(dst + i, FirstLanes(count - i), Avx512F.PermuteVar16x32x2(a, evenIndex, b));
                }
                return;
            }
            if (Avx2.IsSupported)
            {
                for (; i + 8 <= count && 2 * i + 16 <= srcAvailable; i += 8)
                {
                    var a = Avx.LoadVector256(src + 2 * i);
                    var b = Avx.LoadVector256(src + 2 * i + 8);
                    var evens = Avx.Shuffle(a, b, 0b10_00_10_00); // a0 a2 b0 b2 | a4 a6 b4 b6
                    Avx.Store(dst + i, Avx2.Permute4x64(evens.AsDouble(), 0b11_01_10_00).AsSingle());
                }
            }
        }
        for (; i < count; i++)
        {
            dst[i] = src[i * stride];
        }
    }

    /// <summary>
    /// dst[i·stride] += src[i] for i &lt; count; <paramref name="dstAvailable"/> floats from dst may be touched
    /// (the vector paths add zero to the odd elements in between).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterAdd(float* src, int count, float* dst, int stride, int dstAvailable)
    {
        int i = 0;
        if (stride == 2)
        {
            if (Avx512F.IsSupported)
            {
                // Masked: the element after the last one written is never touched (no scalar tail either).
                var zero = Vector512<float>.Zero;
                for (; i < count; i += 16)
                {
                    int writes = 2 * Math.Min(16, count - i) - 1;
                    var s = Avx512F.MaskLoad(src + i, FirstLanes(count - i), zero);
                    float* d = dst + 2 * i;
                    var lowMask = FirstLanes(writes);
                    var highMask = FirstLanes(writes - 16);
                    Avx512F.MaskStore(d, lowMask, Avx512F.MaskLoad(d, lowMask, zero) + Avx512F.PermuteVar16x32x2(s, Vector512.Create(0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16), zero));
                    Avx512F.MaskStore(d + 16, highMask, Avx512F.MaskLoad(d + 16, highMask, zero) + Avx512F.PermuteVar16x32x2(s, Vector512.Create(8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16), zero));
                }
                return;
            }
            if (Avx2.IsSupported)
            {
                var zero = Vector256<float>.Zero;
                for (; i + 8 <= count && 2 * i + 16 <= dstAvailable; i += 8)
                {
                    var s = Avx.LoadVector256(src + i);
                    var ul = Avx.UnpackLow(s, zero); // s0 0 s1 0 | s4 0 s5 0
                    var uh = Avx.UnpackHigh(s, zero); // s2 0 s3 0 | s6 0 s7 0
                    float* d = dst + 2 * i;
                    Avx.Store(d, Avx.LoadVector256(d) + Avx.Permute2x128(ul, uh, 0x20));
                    Avx.Store(d + 8, Avx.LoadVector256(d + 8) + Avx.Permute2x128(ul, uh, 0x31));
                }
            }
        }
        for (; i < count; i++)
        {
            dst[i * stride] += src[i];
        }
    }
}
