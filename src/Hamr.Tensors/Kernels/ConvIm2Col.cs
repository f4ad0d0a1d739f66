using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Patch matrices for GEMM convolution: <see cref="Im2Col"/> lays the receptive fields of one image
/// [C, H, W] out as col [C·kh·kw, Ho·Wo] (zero where the window hangs over the padding), and
/// <see cref="Col2Im"/> scatters such a matrix back, adding into the image (the adjoint).
/// Pointer loops: the rows are short (Wo is 8…64 in our nets), so per-row overhead matters.
/// </summary>
internal static unsafe class ConvIm2Col
{
    public static void Im2Col(ReadOnlySpan<float> image, int channels, int height, int width, in ConvWindow w,
        int outH, int outW, Span<float> col)
    {
        if (image.Length < channels * height * width || col.Length < channels * w.Taps * outH * outW)
        {
            throw new ArgumentException("im2col: image or patch buffer too small");
        }
        int plane = outH * outW, sw = w.StrideW;
        fixed (float* img = image, colBase = col)
        {
            if (IsStride2Kernel3(w, width, outW))
            {
                Im2ColStride2Kernel3(img, channels, height, width, w, outH, outW, colBase);
                return;
            }
            for (int c = 0; c < channels; c++)
            {
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    int offY = ky * w.DilationH - w.PadH;
                    for (int kx = 0; kx < w.KernelW; kx++)
                    {
                        int offX = kx * w.DilationW - w.PadW;
                        var (lo, hi) = ConvWindow.ValidRange(offX, sw, width, outW);
                        int first = lo * sw + offX;
                        float* dst = colBase + (long)((c * w.KernelH + ky) * w.KernelW + kx) * plane;
                        for (int oy = 0; oy < outH; oy++, dst += outW)
                        {
                            int iy = oy * w.StrideH + offY;
                            if ((uint)iy >= (uint)height)
                            {
                                new Span<float>(dst, outW).Clear();
                                continue;
                            }
                            for (int j = 0; j < lo; j++)
                            {
                                dst[j] = 0f;
                            }
                            for (int j = hi; j < outW; j++)
                            {
                                dst[j] = 0f;
                            }
                            float* src = img + (long)(c * height + iy) * width + first;
                            if (sw == 1)
                            {
                                Buffer.MemoryCopy(src, dst + lo, (hi - lo) * 4L, (hi - lo) * 4L);
                            }
                            else
                            {
                                ConvRowCopy.Gather(src, sw, width - first, dst + lo, hi - lo);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// image = the scatter of col (the adjoint of <see cref="Im2Col"/>), image not read first: on the 3-tap
    /// stride-2 fast path each image row is written once from the (at most two) patch rows that reach it, so no
    /// clearing pass and no read-modify-write; elsewhere it clears and adds.
    /// </summary>
    public static void Col2ImOverwrite(ReadOnlySpan<float> col, int channels, int height, int width, in ConvWindow w,
        int outH, int outW, Span<float> image)
    {
        if (image.Length < channels * height * width || col.Length < channels * w.Taps * outH * outW)
        {
            throw new ArgumentException("col2im: image or patch buffer too small");
        }
        if (!IsStride2Kernel3(w, width, outW))
        {
            image[..(channels * height * width)].Clear();
            Col2Im(col, channels, height, width, w, outH, outW, image);
            return;
        }
        int plane = outH * outW, kh = w.KernelH;
        // Which patch rows reach each image row (the same for every channel): offsets into a channel's patch
        // rows, worked out once rather than with divisions per row and channel (small planes were bound by them).
        Span<int> sources = height * kh <= 3072 ? stackalloc int[height * kh] : new int[height * kh];
        Span<int> counts = height <= 1024 ? stackalloc int[height] : new int[height];
        for (int iy = 0; iy < height; iy++)
        {
            int n = 0;
            for (int ky = 0; ky < kh; ky++)
            {
                int t = iy + w.PadH - ky * w.DilationH;
                if (t >= 0 && t % w.StrideH == 0 && t / w.StrideH < outH)
                {
                    sources[iy * kh + n++] = ky * 3 * plane + t / w.StrideH * outW;
                }
            }
            counts[iy] = n;
        }
        fixed (float* img = image, colBase = col)
        {
            for (int c = 0; c < channels; c++)
            {
                float* channelCol = colBase + (long)c * kh * 3 * plane;
                for (int iy = 0; iy < height; iy++)
                {
                    float* row = img + (long)(c * height + iy) * width;
                    int n = counts[iy];
                    if (n == 0)
                    {
                        new Span<float>(row, width).Clear();
                        continue;
                    }
                    for (int i = 0; i < n; i++)
                    {
                        float* s0 = channelCol + sources[iy * kh + i];
                        MergeRow(s0, s0 + plane, s0 + 2 * plane, outW, width, row, overwrite: i == 0);
                    }
                }
            }
        }
    }

    /// <summary>image += the scatter of col (the adjoint of <see cref="Im2Col"/>); image must be initialised.</summary>
    public static void Col2Im(ReadOnlySpan<float> col, int channels, int height, int width, in ConvWindow w,
        int outH, int outW, Span<float> image)
    {
        if (image.Length < channels * height * width || col.Length < channels * w.Taps * outH * outW)
        {
            throw new ArgumentException("col2im: image or patch buffer too small");
        }
        int plane = outH * outW, sw = w.StrideW;
        fixed (float* img = image, colBase = col)
        {
            if (IsStride2Kernel3(w, width, outW))
            {
                Col2ImStride2Kernel3(colBase, channels, height, width, w, outH, outW, img);
                return;
            }
            for (int c = 0; c < channels; c++)
            {
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    int offY = ky * w.DilationH - w.PadH;
                    var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, height, outH);
                    for (int kx = 0; kx < w.KernelW; kx++)
                    {
                        int offX = kx * w.DilationW - w.PadW;
                        var (lo, hi) = ConvWindow.ValidRange(offX, sw, width, outW);
                        if (lo == hi)
                        {
                            continue;
                        }
                        int first = lo * sw + offX, n = hi - lo;
                        float* src = colBase + (long)((c * w.KernelH + ky) * w.KernelW + kx) * plane + lo;
                        for (int oy = yLo; oy < yHi; oy++)
                        {
                            float* s = src + oy * outW;
                            float* dst = img + (long)(c * height + oy * w.StrideH + offY) * width + first;
                            if (sw == 1)
                            {
                                var d = new Span<float>(dst, n);
                                TensorPrimitives.Add(d, new ReadOnlySpan<float>(s, n), d);
                            }
                            else
                            {
                                ConvRowCopy.ScatterAdd(s, n, dst, sw, width - first);
                            }
                        }
                    }
                }
            }
        }
    }

    // The downsampling conv (3 taps across, stride 2, padding 1, even width W = 2·Wo) with AVX-512: the three taps
    // of a row read the same input row, so it is split once into even and odd columns (two permutes per 32 inputs)
    // and the taps are those halves: kx = 1 the evens, kx = 2 the odds, kx = 0 the odds shifted by one output.
    // The permute indices are Vector512.Create literals at their use (see ConvRowCopy: fields cost 1.6× here).

    internal static bool IsStride2Kernel3(in ConvWindow w, int width, int outW) =>
        Avx512F.IsSupported && w.StrideW == 2 && w.KernelW == 3 && w.PadW == 1 && w.DilationW == 1 && width == 2 * outW;

    /// <summary>Prefetches <paramref name="count"/> floats from <paramref name="p"/> into the cache, a line at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Prefetch(float* p, int count)
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        for (int i = 0; i < count; i += 16)
        {
            Sse.Prefetch0(p + i);
        }
    }

    private static void Im2ColStride2Kernel3(float* img, int channels, int height, int width, in ConvWindow w, int outH,
        int outW, float* col)
    {
        int plane = outH * outW;
        for (int c = 0; c < channels; c++)
        {
            if (c + 1 < channels)
            {
                // The input is usually a layer output in memory, not cache: ask for the next plane while this one
                // is split (im2col of the second conv-stack layer 1.5 → 0.9 ms a step).
                Prefetch(img + (long)(c + 1) * height * width, height * width);
            }
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int offY = ky * w.DilationH - w.PadH;
                float* d0 = col + (long)(c * w.KernelH + ky) * 3 * plane;
                for (int oy = 0; oy < outH; oy++)
                {
                    int iy = oy * w.StrideH + offY;
                    float* o0 = d0 + oy * outW;
                    if ((uint)iy >= (uint)height)
                    {
                        new Span<float>(o0, outW).Clear();
                        new Span<float>(o0 + plane, outW).Clear();
                        new Span<float>(o0 + 2 * plane, outW).Clear();
                        continue;
                    }
                    SplitRow(img + (long)(c * height + iy) * width, width, outW, o0, o0 + plane, o0 + 2 * plane);
                }
            }
        }
    }

    /// <summary>o1[e] = src[2e], o2[e] = src[2e + 1], o0[e] = src[2e − 1] (0 for e = 0), e &lt; outW = width / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SplitRow(float* src, int width, int outW, float* o0, float* o1, float* o2)
    {
        var zero = Vector512<float>.Zero;
        var previousOdd = zero;
        for (int e0 = 0; e0 < outW; e0 += 16)
        {
            int n = Math.Min(16, outW - e0), available = width - 2 * e0;
            float* s = src + 2 * e0;
            var a = available >= 16 ? Avx512F.LoadVector512(s) : Avx512F.MaskLoad(s, ConvRowCopy.FirstLanes(available), zero);
            var b = available >= 32 ? Avx512F.LoadVector512(s + 16) : Avx512F.MaskLoad(s + 16, ConvRowCopy.FirstLanes(available - 16), zero);
            var even = Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);
            var odd = Avx512F.PermuteVar16x32x2(a, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b);
            var shifted = Avx512F.PermuteVar16x32x2(previousOdd, Vector512.Create(15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30), odd);
            if (n == 16)
            {
                Avx512F.Store(o0 + e0, shifted);
                Avx512F.Store(o1 + e0, even);
                Avx512F.Store(o2 + e0, odd);
            }
            else
            {
                var mask = ConvRowCopy.FirstLanes(n);
                Avx512F.MaskStore(o0 + e0, mask, shifted);
                Avx512F.MaskStore(o1 + e0, mask, even);
                Avx512F.MaskStore(o2 + e0, mask, odd);
            }
            previousOdd = odd;
        }
    }

    private static void Col2ImStride2Kernel3(float* col, int channels, int height, int width, in ConvWindow w, int outH,
        int outW, float* img)
    {
        int plane = outH * outW;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int offY = ky * w.DilationH - w.PadH;
                var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, height, outH);
                float* s0 = col + (long)(c * w.KernelH + ky) * 3 * plane;
                for (int oy = yLo; oy < yHi; oy++)
                {
                    float* row = img + (long)(c * height + oy * w.StrideH + offY) * width;
                    float* t0 = s0 + oy * outW;
                    MergeRow(t0, t0 + plane, t0 + 2 * plane, outW, width, row, overwrite: false);
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="SplitRow"/>: row[2e] += s1[e], row[2e + 1] += s2[e] + s0[e + 1] (or = when
    /// <paramref name="overwrite"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MergeRow(float* s0, float* s1, float* s2, int outW, int width, float* row, bool overwrite)
    {
        var zero = Vector512<float>.Zero;
        for (int e0 = 0; e0 < outW; e0 += 16)
        {
            int n = Math.Min(16, outW - e0);
            Vector512<float> v1, v2, v0Next;
            if (n == 16)
            {
                v1 = Avx512F.LoadVector512(s1 + e0);
                v2 = Avx512F.LoadVector512(s2 + e0);
            }
            else
            {
                var mask = ConvRowCopy.FirstLanes(n);
                v1 = Avx512F.MaskLoad(s1 + e0, mask, zero);
                v2 = Avx512F.MaskLoad(s2 + e0, mask, zero);
            }
            v0Next = Avx512F.MaskLoad(s0 + e0 + 1, ConvRowCopy.FirstLanes(outW - e0 - 1), zero);
            var odd = v2 + v0Next;
            var low = Avx512F.PermuteVar16x32x2(v1, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd);
            var high = Avx512F.PermuteVar16x32x2(v1, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd);
            float* r = row + 2 * e0;
            int available = width - 2 * e0;
            if (available >= 32)
            {
                Avx512F.Store(r, overwrite ? low : Avx512F.LoadVector512(r) + low);
                Avx512F.Store(r + 16, overwrite ? high : Avx512F.LoadVector512(r + 16) + high);
            }
            else
            {
                var lowMask = ConvRowCopy.FirstLanes(available);
                var highMask = ConvRowCopy.FirstLanes(available - 16);
                Avx512F.MaskStore(r, lowMask, overwrite ? low : Avx512F.MaskLoad(r, lowMask, zero) + low);
                Avx512F.MaskStore(r + 16, highMask, overwrite ? high : Avx512F.MaskLoad(r + 16, highMask, zero) + high);
            }
        }
    }
}
