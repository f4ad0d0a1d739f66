using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Row kernels of the direct depthwise convolution on "prepared" rows: rows of one plane copied into scratch
/// with the zero padding written out and, for strided convs, split into stride phases, so every tap of an
/// output row reads a contiguous run (<c>buf[rowStart + off[tap] + i]</c>) whatever the stride. A prepared
/// row ends with at least one vector of slack, so a partial last vector may read past the row's data.
/// </summary>
internal static partial class DepthwiseRows
{
    /// <summary>
    /// dst[i] (=, or += when <paramref name="accumulate"/>) bias + Σ_r Σ_t w[r·kw + t] · buf[rowStart[r] + off[t] + i]
    /// for i in [0, dst.Length); rows with rowStart[r] &lt; 0 are zero and skipped; kw = off.Length.
    /// </summary>
    public static void Correlate<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> off,
        ReadOnlySpan<float> w, float bias, bool accumulate, Span<float> dst)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int n = TOps.Count, width = dst.Length;
        int full = width - (width % n);
        ref float d = ref MemoryMarshal.GetReference(dst);
        for (int i = 0; i < full; i += n)
        {
            var acc = accumulate ? TOps.Load(ref Unsafe.Add(ref d, i)) : TOps.Splat(bias);
            TOps.Store(Taps<TV, TOps>(acc, buf, rowStart, off, w, i), ref Unsafe.Add(ref d, i));
        }
        if (full < width)
        {
            Span<float> tail = stackalloc float[64];
            var acc = Taps<TV, TOps>(TOps.Zero, buf, rowStart, off, w, full);
            TOps.Store(acc, ref tail[0]);
            for (int i = full; i < width; i++)
            {
                dst[i] = (accumulate ? dst[i] : bias) + tail[i - full];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Taps<TV, TOps>(TV acc, ReadOnlySpan<float> buf, ReadOnlySpan<int> rowStart,
        ReadOnlySpan<int> off, ReadOnlySpan<float> w, int i)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        ref float b = ref MemoryMarshal.GetReference(buf);
        ref float wr = ref MemoryMarshal.GetReference(w);
        int kw = off.Length;
        for (int r = 0; r < rowStart.Length; r++, wr = ref Unsafe.Add(ref wr, kw))
        {
            if (rowStart[r] < 0)
            {
                continue;
            }
            ref float row = ref Unsafe.Add(ref b, rowStart[r] + i);
            if (kw == 3)
            {
                acc = TOps.MulAdd(TOps.Splat(wr), TOps.Load(ref Unsafe.Add(ref row, off[0])), acc);
                acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, 1)), TOps.Load(ref Unsafe.Add(ref row, off[1])), acc);
                acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, 2)), TOps.Load(ref Unsafe.Add(ref row, off[2])), acc);
            }
            else if (kw == 5)
            {
                acc = TOps.MulAdd(TOps.Splat(wr), TOps.Load(ref Unsafe.Add(ref row, off[0])), acc);
                acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, 1)), TOps.Load(ref Unsafe.Add(ref row, off[1])), acc);
                acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, 2)), TOps.Load(ref Unsafe.Add(ref row, off[2])), acc);
                acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, 3)), TOps.Load(ref Unsafe.Add(ref row, off[3])), acc);
                acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, 4)), TOps.Load(ref Unsafe.Add(ref row, off[4])), acc);
            }
            else
            {
                for (int t = 0; t < kw; t++)
                {
                    acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wr, t)), TOps.Load(ref Unsafe.Add(ref row, off[t])), acc);
                }
            }
        }
        return acc;
    }

    /// <summary>
    /// sums[t] += Σ_oy Σ_i g[oy·width + i] · buf[rowStart[oy] + off[t] + i] for i in [0, width), skipping rows with
    /// rowStart &lt; 0; the sum over each row's vector lanes is taken once at the end (fixed order: deterministic).
    /// </summary>
    public static void TapSums<TV, TOps>(ReadOnlySpan<float> g, int width, ReadOnlySpan<float> buf,
        ReadOnlySpan<int> rowStart, ReadOnlySpan<int> off, Span<float> sums)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int n = TOps.Count, kw = off.Length;
        int full = width - (width % n);
        Span<float> tail = stackalloc float[64];
        tail.Clear();
        ref float b = ref MemoryMarshal.GetReference(buf);
        for (int t0 = 0; t0 < kw; t0 += 5)
        {
            int taps = Math.Min(5, kw - t0);
            int o0 = off[t0], o1 = off[t0 + Math.Min(1, taps - 1)], o2 = off[t0 + Math.Min(2, taps - 1)];
            int o3 = off[t0 + Math.Min(3, taps - 1)], o4 = off[t0 + Math.Min(4, taps - 1)];
            TV a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero, a4 = TOps.Zero;
            for (int oy = 0; oy < rowStart.Length; oy++)
            {
                if (rowStart[oy] < 0)
                {
                    continue;
                }
                ref float gr = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), oy * width);
                ref float row = ref Unsafe.Add(ref b, rowStart[oy]);
                for (int i = 0; i < width; i += n)
                {
                    TV gv;
                    if (i < full)
                    {
                        gv = TOps.Load(ref Unsafe.Add(ref gr, i));
                    }
                    else
                    {
                        for (int j = i; j < width; j++)
                        {
                            tail[j - i] = Unsafe.Add(ref gr, j);
                        }
                        gv = TOps.Load(ref tail[0]);
                    }
                    ref float ri = ref Unsafe.Add(ref row, i);
                    a0 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o0)), a0);
                    if (taps == 3)
                    {
                        a1 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o1)), a1);
                        a2 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o2)), a2);
                    }
                    else if (taps > 1)
                    {
                        a1 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o1)), a1);
                        a2 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o2)), a2);
                        a3 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o3)), a3);
                        a4 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref ri, o4)), a4);
                    }
                }
            }
            // Taps past the end of this group of five repeated the last offset; only the first `taps` are kept.
            sums[t0] += TOps.Sum(a0);
            if (taps > 1)
            {
                sums[t0 + 1] += TOps.Sum(a1);
            }
            if (taps > 2)
            {
                sums[t0 + 2] += TOps.Sum(a2);
            }
            if (taps > 3)
            {
                sums[t0 + 3] += TOps.Sum(a3);
            }
            if (taps > 4)
            {
                sums[t0 + 4] += TOps.Sum(a4);
            }
        }
    }
}
