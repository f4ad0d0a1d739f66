using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
                // op(A)[i, p] = a[i, p]: read each row sequentially, write it strided by mr.
                for (int r = 0; r < rows; r++)
                {
                    float* s = a + (nint)(i0 + r) * lda + p0;
                    float* dr = d + r;
                    for (int p = 0; p < kcb; p++)
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
    /// Packs columns [j0, j0 + nr) of op(B) (j0 relative to the column block starting at jc) for every k
    /// block: block p0 starts at dst + p0 · ncPad, this panel at (j0 / nr) · kcb · nr, laid out [p][j].
    /// </summary>
    public static void PackBPanel(bool transB, float* b, nint ldb, int n, int k, int jc, int j0, int nr,
        int kc, int ncPad, float* dst)
    {
        int j = jc + j0;
        int cols = Math.Min(nr, n - j);
        for (int p0 = 0; p0 < k; p0 += kc)
        {
            int kcb = Math.Min(kc, k - p0);
            float* d = dst + (nint)p0 * ncPad + (nint)(j0 / nr) * kcb * nr;
            if (!transB)
            {
                // op(B)[p, j] = b[p, j]: each k step is a contiguous run of columns.
                for (int p = 0; p < kcb; p++)
                {
                    CopyPadded(b + (nint)(p0 + p) * ldb + j, d + (nint)p * nr, cols, nr);
                }
            }
            else
            {
                // op(B)[p, j] = b[j, p]: read each stored row sequentially, write it strided by nr.
                for (int cIdx = 0; cIdx < cols; cIdx++)
                {
                    float* s = b + (nint)(j + cIdx) * ldb + p0;
                    float* dc = d + cIdx;
                    for (int p = 0; p < kcb; p++)
                    {
                        dc[(nint)p * nr] = s[p];
                    }
                }
                for (int cIdx = cols; cIdx < nr; cIdx++)
                {
                    for (int p = 0; p < kcb; p++)
                    {
                        d[(nint)p * nr + cIdx] = 0;
                    }
                }
            }
        }
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
