using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

/// <summary>The few SIMD operations the depthwise row kernels use, for one vector width (scalar included).</summary>
internal interface IFloatVector<TV> where TV : unmanaged
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Splat(float value);
    static abstract TV Load(ref float source);
    static abstract void Store(TV value, ref float destination);

    /// <summary>a·b + c.</summary>
    static abstract TV MulAdd(TV a, TV b, TV c);

    static abstract float Sum(TV value);
}

/// <summary>16 lanes (AVX-512).</summary>
internal readonly struct Float512 : IFloatVector<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    public static Vector512<float> Splat(float value) => Vector512.Create(value);
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}

/// <summary>8 lanes (AVX2).</summary>
internal readonly struct Float256 : IFloatVector<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    public static Vector256<float> Splat(float value) => Vector256.Create(value);
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}

/// <summary>One lane (no SIMD hardware).</summary>
internal readonly struct Float1 : IFloatVector<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    public static float Splat(float value) => value;
    public static float Load(ref float source) => source;
    public static void Store(float value, ref float destination) => destination = value;
    public static float MulAdd(float a, float b, float c) => (a * b) + c;
    public static float Sum(float value) => value;
}

/// <summary>
/// Row kernels of the direct depthwise convolution on "prepared" rows: rows of one plane copied into scratch
/// with the zero padding written out and, for strided convs, split into stride phases, so every tap of an
/// output row reads a contiguous run (<c>buf[rowStart + off[tap] + i]</c>) whatever the stride. A prepared
/// row ends with at least one vector of slack, so a partial last vector may read past the row's data.
/// </summary>
internal static class DepthwiseRows
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

    /// <summary>
    /// <see cref="Correlate{TV, TOps}"/> for every row of an output plane: row oy of <paramref name="dst"/> (width
    /// <paramref name="width"/>) uses input rows table[oy·kh .. oy·kh + kh). 3×3 and 5×5 kernels keep their
    /// weights in registers for the whole plane.
    /// </summary>
    public static void CorrelatePlane<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> table, int kh,
        ReadOnlySpan<int> off, ReadOnlySpan<float> w, float bias, bool accumulate, Span<float> dst, int width)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int rowsOut = dst.Length / width;
        if (kh == 3 && off.Length == 3)
        {
            Plane3<TV, TOps>(buf, table, off, w, bias, accumulate, dst, width);
            return;
        }
        if (kh == 5 && off.Length == 5)
        {
            Plane5<TV, TOps>(buf, table, off, w, bias, accumulate, dst, width);
            return;
        }
        for (int oy = 0; oy < rowsOut; oy++)
        {
            Correlate<TV, TOps>(buf, table.Slice(oy * kh, kh), off, w, bias, accumulate, dst.Slice(oy * width, width));
        }
    }

    private static void Plane3<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> table, ReadOnlySpan<int> off,
        ReadOnlySpan<float> w, float bias, bool accumulate, Span<float> dst, int width)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int n = TOps.Count, rowsOut = dst.Length / width, full = width - (width % n);
        int o0 = off[0], o1 = off[1], o2 = off[2];
        TV w00 = TOps.Splat(w[0]), w01 = TOps.Splat(w[1]), w02 = TOps.Splat(w[2]);
        TV w10 = TOps.Splat(w[3]), w11 = TOps.Splat(w[4]), w12 = TOps.Splat(w[5]);
        TV w20 = TOps.Splat(w[6]), w21 = TOps.Splat(w[7]), w22 = TOps.Splat(w[8]);
        ref float b = ref MemoryMarshal.GetReference(buf);
        Span<float> tail = stackalloc float[64];
        for (int oy = 0; oy < rowsOut; oy++)
        {
            int r0 = table[oy * 3], r1 = table[(oy * 3) + 1], r2 = table[(oy * 3) + 2];
            ref float d = ref MemoryMarshal.GetReference(dst.Slice(oy * width, width));
            for (int i = 0; i < width; i += n)
            {
                bool whole = i < full;
                TV acc = !whole ? TOps.Zero : accumulate ? TOps.Load(ref Unsafe.Add(ref d, i)) : TOps.Splat(bias);
                if (r0 >= 0)
                {
                    acc = Row3<TV, TOps>(ref Unsafe.Add(ref b, r0 + i), o0, o1, o2, w00, w01, w02, acc);
                }
                if (r1 >= 0)
                {
                    acc = Row3<TV, TOps>(ref Unsafe.Add(ref b, r1 + i), o0, o1, o2, w10, w11, w12, acc);
                }
                if (r2 >= 0)
                {
                    acc = Row3<TV, TOps>(ref Unsafe.Add(ref b, r2 + i), o0, o1, o2, w20, w21, w22, acc);
                }
                if (whole)
                {
                    TOps.Store(acc, ref Unsafe.Add(ref d, i));
                }
                else
                {
                    StoreTail<TV, TOps>(acc, tail, ref d, i, width, bias, accumulate);
                }
            }
        }
    }

    private static void Plane5<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> table, ReadOnlySpan<int> off,
        ReadOnlySpan<float> w, float bias, bool accumulate, Span<float> dst, int width)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int n = TOps.Count, rowsOut = dst.Length / width, full = width - (width % n);
        int o0 = off[0], o1 = off[1], o2 = off[2], o3 = off[3], o4 = off[4];
        ref float b = ref MemoryMarshal.GetReference(buf);
        ref float wr = ref MemoryMarshal.GetReference(w);
        Span<float> tail = stackalloc float[64];
        for (int oy = 0; oy < rowsOut; oy++)
        {
            ref float d = ref MemoryMarshal.GetReference(dst.Slice(oy * width, width));
            for (int i = 0; i < width; i += n)
            {
                bool whole = i < full;
                TV acc = !whole ? TOps.Zero : accumulate ? TOps.Load(ref Unsafe.Add(ref d, i)) : TOps.Splat(bias);
                for (int ky = 0; ky < 5; ky++)
                {
                    int r = table[(oy * 5) + ky];
                    if (r < 0)
                    {
                        continue;
                    }
                    ref float row = ref Unsafe.Add(ref b, r + i);
                    ref float wk = ref Unsafe.Add(ref wr, ky * 5);
                    acc = TOps.MulAdd(TOps.Splat(wk), TOps.Load(ref Unsafe.Add(ref row, o0)), acc);
                    acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wk, 1)), TOps.Load(ref Unsafe.Add(ref row, o1)), acc);
                    acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wk, 2)), TOps.Load(ref Unsafe.Add(ref row, o2)), acc);
                    acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wk, 3)), TOps.Load(ref Unsafe.Add(ref row, o3)), acc);
                    acc = TOps.MulAdd(TOps.Splat(Unsafe.Add(ref wk, 4)), TOps.Load(ref Unsafe.Add(ref row, o4)), acc);
                }
                if (whole)
                {
                    TOps.Store(acc, ref Unsafe.Add(ref d, i));
                }
                else
                {
                    StoreTail<TV, TOps>(acc, tail, ref d, i, width, bias, accumulate);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row3<TV, TOps>(ref float row, int o0, int o1, int o2, TV w0, TV w1, TV w2, TV acc)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        acc = TOps.MulAdd(w0, TOps.Load(ref Unsafe.Add(ref row, o0)), acc);
        acc = TOps.MulAdd(w1, TOps.Load(ref Unsafe.Add(ref row, o1)), acc);
        return TOps.MulAdd(w2, TOps.Load(ref Unsafe.Add(ref row, o2)), acc);
    }

    /// <summary>d[i + j] = (accumulate ? d[i + j] : bias) + acc[j] for the last, partial vector of a row.</summary>
    private static void StoreTail<TV, TOps>(TV acc, Span<float> tail, ref float d, int i, int width, float bias,
        bool accumulate)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        TOps.Store(acc, ref tail[0]);
        for (int j = i; j < width; j++)
        {
            ref float e = ref Unsafe.Add(ref d, j);
            e = (accumulate ? e : bias) + tail[j - i];
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
