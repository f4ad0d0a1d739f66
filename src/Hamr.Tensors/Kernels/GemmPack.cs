using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Copies op(A) and op(B) into the k-major micro-panels the micro-kernels read, padding partial panels
/// with zeros. Transposition is absorbed here, so all four transA/transB combinations run the same kernel.
/// </summary>
internal static unsafe class GemmPack
{
    /// <summary>
    /// Packs rows [i0, i0 + mr) of op(A) for every k block: block p0 of height kcb starts at
    /// dst + p0 · mPad, and inside it this panel starts at (i0 / mr) · kcb · mr, laid out [p][r].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackAPanel(bool transA, float* a, nint lda, int m, int k, int i0, int mr, int kc,
        int mPad, float* dst)
    {
        int rows = Math.Min(mr, m - i0);
        for (int p0 = 0; p0 < k; p0 += kc)
        {
            int kcb = Math.Min(kc, k - p0);
            float* d = dst + (nint)p0 * mPad + (nint)(i0 / mr) * kcb * mr;
            if (transA)
            {
                // op(A)[i, p] = a[p, i]: each k step is a contiguous run of rows.
                for (int p = 0; p < kcb; p++)
                {
                    CopyPadded(a + (nint)(p0 + p) * lda + i0, d + (nint)p * mr, rows, mr);
                }
            }
            else
            {
                // op(A)[i, p] = a[i, p]: transpose 8×8 blocks where the panel is 8 full rows, then read
                // each remaining row sequentially and write it strided by mr.
                int pDone = 0;
                if (Avx.IsSupported && mr == 8 && rows == 8)
                {
                    for (; pDone + 8 <= kcb; pDone += 8)
                    {
                        Transpose8x8(a + (nint)i0 * lda + p0 + pDone, lda, d + (nint)pDone * 8, 8);
                    }
                }
                for (int r = 0; r < rows; r++)
                {
                    float* s = a + (nint)(i0 + r) * lda + p0;
                    float* dr = d + r;
                    for (int p = pDone; p < kcb; p++)
                    {
                        dr[(nint)p * mr] = s[p];
                    }
                }
                for (int r = rows; r < mr; r++)
                {
                    for (int p = 0; p < kcb; p++)
                    {
                        d[(nint)p * mr + r] = 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs <paramref name="panels"/> consecutive kcb × nr panels of op(B) starting at column j into dst,
    /// one after another (panel q at dst + q · kcb · nr).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBPanels(bool transB, float* b, nint ldb, int n, int p0, int kcb, int j, int panels, int nr,
        float* dst)
    {
        if (transB)
        {
            for (int q = 0; q < panels; q++)
            {
                PackBPanel(transB, b, ldb, n, p0, kcb, j + q * nr, nr, dst + (nint)q * kcb * nr);
            }
            return;
        }
        // Row by row across all panels, so each k row of B is read front to back in one go.
        for (int p = 0; p < kcb; p++)
        {
            float* src = b + (nint)(p0 + p) * ldb;
            for (int q = 0; q < panels; q++)
            {
                int jq = j + q * nr;
                CopyPadded(src + jq, dst + (nint)q * kcb * nr + (nint)p * nr, Math.Min(nr, n - jq), nr);
            }
        }
    }

    /// <summary>
    /// Packs the kcb × nr block of op(B) at rows [p0, p0 + kcb), columns [j, j + nr) into dst, laid out
    /// [p][j] (columns past n are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBPanel(bool transB, float* b, nint ldb, int n, int p0, int kcb, int j, int nr, float* dst)
    {
        int cols = Math.Min(nr, n - j);
        if (!transB)
        {
            // op(B)[p, j] = b[p, j]: each k step is a contiguous run of columns.
            for (int p = 0; p < kcb; p++)
            {
                CopyPadded(b + (nint)(p0 + p) * ldb + j, dst + (nint)p * nr, cols, nr);
            }
            return;
        }
        // op(B)[p, j] = b[j, p]: transpose 8×8 blocks of full column groups, the rest element by element.
        int cDone = 0;
        if (Avx.IsSupported)
        {
            int pFull = kcb & ~7;
            for (; cDone + 8 <= cols; cDone += 8)
            {
                for (int p = 0; p < pFull; p += 8)
                {
                    Transpose8x8(b + (nint)(j + cDone) * ldb + p0 + p, ldb, dst + (nint)p * nr + cDone, nr);
                }
                for (int cIdx = cDone; cIdx < cDone + 8; cIdx++)
                {
                    float* s = b + (nint)(j + cIdx) * ldb + p0;
                    for (int p = pFull; p < kcb; p++)
                    {
                        dst[(nint)p * nr + cIdx] = s[p];
                    }
                }
            }
        }
        for (int cIdx = cDone; cIdx < cols; cIdx++)
        {
            float* s = b + (nint)(j + cIdx) * ldb + p0;
            float* dc = dst + cIdx;
            for (int p = 0; p < kcb; p++)
            {
                dc[(nint)p * nr] = s[p];
            }
        }
        for (int cIdx = cols; cIdx < nr; cIdx++)
        {
            for (int p = 0; p < kcb; p++)
            {
                dst[(nint)p * nr + cIdx] = 0;
            }
        }
    }

    /// <summary>dst[q, r] = src[r, q] for an 8×8 block (AVX unpack / shuffle / lane-permute network).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride), r7 = Avx.LoadVector256(src + 7 * srcStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>Copies <paramref name="count"/> floats and zero-fills up to <paramref name="width"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int count, int width)
    {
        int i = 0;
        if (count == width)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= count; i += 16)
                {
                    Vector512.Store(Vector512.Load(src + i), dst + i);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= count; i += 8)
                {
                    Vector256.Store(Vector256.Load(src + i), dst + i);
                }
            }
        }
        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
        for (; i < width; i++)
        {
            dst[i] = 0;
        }
    }
}
