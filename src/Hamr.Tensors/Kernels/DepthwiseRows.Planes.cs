using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

// Whole-plane correlation: output rows are computed two at a time (two independent FMA chains, and for 5×5 each
// broadcast weight serves both rows); 3×3 keeps its nine weights in registers for the whole plane.
internal static partial class DepthwiseRows
{
    /// <summary>
    /// <see cref="Correlate{TV, TOps}"/> for every row of an output plane: row oy of <paramref name="dst"/> (width
    /// <paramref name="width"/>) uses the prepared input rows table[oy·kh .. oy·kh + kh) (-1: a zero row).
    /// </summary>
    public static void CorrelatePlane<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> table, int kh,
        ReadOnlySpan<int> off, ReadOnlySpan<float> w, float bias, bool accumulate, Span<float> dst, int width)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int rowsOut = dst.Length / width, oy = 0;
        if (kh == 3 && off.Length == 3)
        {
            oy = Pairs3<TV, TOps>(buf, table, off, w, bias, accumulate, dst, width);
        }
        else if (kh == 5 && off.Length == 5)
        {
            oy = Pairs5<TV, TOps>(buf, table, off, w, bias, accumulate, dst, width);
        }
        for (; oy < rowsOut; oy++)
        {
            Correlate<TV, TOps>(buf, table.Slice(oy * kh, kh), off, w, bias, accumulate, dst.Slice(oy * width, width));
        }
    }

    /// <summary>3×3: rows in pairs; returns the number of rows done (all but an odd last one).</summary>
    private static int Pairs3<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> table, ReadOnlySpan<int> off,
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
        int oy = 0;
        for (; oy + 1 < rowsOut; oy += 2)
        {
            int a0 = table[oy * 3], a1 = table[(oy * 3) + 1], a2 = table[(oy * 3) + 2];
            int c0 = table[(oy * 3) + 3], c1 = table[(oy * 3) + 4], c2 = table[(oy * 3) + 5];
            ref float dA = ref MemoryMarshal.GetReference(dst.Slice(oy * width, 2 * width));
            ref float dC = ref Unsafe.Add(ref dA, width);
            for (int i = 0; i < width; i += n)
            {
                bool whole = i < full;
                TV accA = Init<TV, TOps>(whole, accumulate, ref dA, i, bias);
                TV accC = Init<TV, TOps>(whole, accumulate, ref dC, i, bias);
                accA = Row3<TV, TOps>(ref b, a0, i, o0, o1, o2, w00, w01, w02, accA);
                accC = Row3<TV, TOps>(ref b, c0, i, o0, o1, o2, w00, w01, w02, accC);
                accA = Row3<TV, TOps>(ref b, a1, i, o0, o1, o2, w10, w11, w12, accA);
                accC = Row3<TV, TOps>(ref b, c1, i, o0, o1, o2, w10, w11, w12, accC);
                accA = Row3<TV, TOps>(ref b, a2, i, o0, o1, o2, w20, w21, w22, accA);
                accC = Row3<TV, TOps>(ref b, c2, i, o0, o1, o2, w20, w21, w22, accC);
                Finish<TV, TOps>(whole, accA, tail, ref dA, i, width, bias, accumulate);
                Finish<TV, TOps>(whole, accC, tail, ref dC, i, width, bias, accumulate);
            }
        }
        return oy;
    }

    /// <summary>5×5: rows in pairs sharing each broadcast weight; returns the number of rows done.</summary>
    private static int Pairs5<TV, TOps>(ReadOnlySpan<float> buf, ReadOnlySpan<int> table, ReadOnlySpan<int> off,
        ReadOnlySpan<float> w, float bias, bool accumulate, Span<float> dst, int width)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int n = TOps.Count, rowsOut = dst.Length / width, full = width - (width % n);
        int o0 = off[0], o1 = off[1], o2 = off[2], o3 = off[3], o4 = off[4];
        ref float b = ref MemoryMarshal.GetReference(buf);
        ref float wr = ref MemoryMarshal.GetReference(w);
        Span<float> tail = stackalloc float[64];
        int oy = 0;
        for (; oy + 1 < rowsOut; oy += 2)
        {
            ref float dA = ref MemoryMarshal.GetReference(dst.Slice(oy * width, 2 * width));
            ref float dC = ref Unsafe.Add(ref dA, width);
            for (int i = 0; i < width; i += n)
            {
                bool whole = i < full;
                TV accA = Init<TV, TOps>(whole, accumulate, ref dA, i, bias);
                TV accC = Init<TV, TOps>(whole, accumulate, ref dC, i, bias);
                for (int ky = 0; ky < 5; ky++)
                {
                    int rA = table[(oy * 5) + ky], rC = table[(oy * 5) + 5 + ky];
                    ref float wk = ref Unsafe.Add(ref wr, ky * 5);
                    TV k0 = TOps.Splat(wk), k1 = TOps.Splat(Unsafe.Add(ref wk, 1)), k2 = TOps.Splat(Unsafe.Add(ref wk, 2));
                    TV k3 = TOps.Splat(Unsafe.Add(ref wk, 3)), k4 = TOps.Splat(Unsafe.Add(ref wk, 4));
                    if (rA >= 0)
                    {
                        ref float row = ref Unsafe.Add(ref b, rA + i);
                        accA = TOps.MulAdd(k0, TOps.Load(ref Unsafe.Add(ref row, o0)), accA);
                        accA = TOps.MulAdd(k1, TOps.Load(ref Unsafe.Add(ref row, o1)), accA);
                        accA = TOps.MulAdd(k2, TOps.Load(ref Unsafe.Add(ref row, o2)), accA);
                        accA = TOps.MulAdd(k3, TOps.Load(ref Unsafe.Add(ref row, o3)), accA);
                        accA = TOps.MulAdd(k4, TOps.Load(ref Unsafe.Add(ref row, o4)), accA);
                    }
                    if (rC >= 0)
                    {
                        ref float row = ref Unsafe.Add(ref b, rC + i);
                        accC = TOps.MulAdd(k0, TOps.Load(ref Unsafe.Add(ref row, o0)), accC);
                        accC = TOps.MulAdd(k1, TOps.Load(ref Unsafe.Add(ref row, o1)), accC);
                        accC = TOps.MulAdd(k2, TOps.Load(ref Unsafe.Add(ref row, o2)), accC);
                        accC = TOps.MulAdd(k3, TOps.Load(ref Unsafe.Add(ref row, o3)), accC);
                        accC = TOps.MulAdd(k4, TOps.Load(ref Unsafe.Add(ref row, o4)), accC);
                    }
                }
                Finish<TV, TOps>(whole, accA, tail, ref dA, i, width, bias, accumulate);
                Finish<TV, TOps>(whole, accC, tail, ref dC, i, width, bias, accumulate);
            }
        }
        return oy;
    }

    /// <summary>
    /// 3×3 weight gradient of one plane: sums[ky·3 + kx] += Σ_oy Σ_i g[oy·width + i] · buf[table[oy·3 + ky] + off[kx] + i]
    /// (rows -1 skipped), all nine taps in one pass so each gradient vector is loaded once; lanes are summed at
    /// the end in a fixed order.
    /// </summary>
    public static void TapSums3x3<TV, TOps>(ReadOnlySpan<float> g, int width, ReadOnlySpan<float> buf,
        ReadOnlySpan<int> table, ReadOnlySpan<int> off, Span<float> sums)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        int n = TOps.Count, rowsOut = g.Length / width, full = width - (width % n);
        int o0 = off[0], o1 = off[1], o2 = off[2];
        TV a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero;
        TV a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero;
        ref float b = ref MemoryMarshal.GetReference(buf);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        Span<float> tail = stackalloc float[64];
        tail.Clear();
        for (int oy = 0; oy < rowsOut; oy++)
        {
            int r0 = table[oy * 3], r1 = table[(oy * 3) + 1], r2 = table[(oy * 3) + 2];
            ref float gr = ref Unsafe.Add(ref g0, oy * width);
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
                if (r0 >= 0)
                {
                    ref float row = ref Unsafe.Add(ref b, r0 + i);
                    a00 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o0)), a00);
                    a01 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o1)), a01);
                    a02 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o2)), a02);
                }
                if (r1 >= 0)
                {
                    ref float row = ref Unsafe.Add(ref b, r1 + i);
                    a10 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o0)), a10);
                    a11 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o1)), a11);
                    a12 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o2)), a12);
                }
                if (r2 >= 0)
                {
                    ref float row = ref Unsafe.Add(ref b, r2 + i);
                    a20 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o0)), a20);
                    a21 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o1)), a21);
                    a22 = TOps.MulAdd(gv, TOps.Load(ref Unsafe.Add(ref row, o2)), a22);
                }
            }
        }
        sums[0] += TOps.Sum(a00);
        sums[1] += TOps.Sum(a01);
        sums[2] += TOps.Sum(a02);
        sums[3] += TOps.Sum(a10);
        sums[4] += TOps.Sum(a11);
        sums[5] += TOps.Sum(a12);
        sums[6] += TOps.Sum(a20);
        sums[7] += TOps.Sum(a21);
        sums[8] += TOps.Sum(a22);
    }

    /// <summary>The accumulator a vector starts from: the bias, or dst when accumulating; zero for a partial vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Init<TV, TOps>(bool whole, bool accumulate, ref float d, int i, float bias)
        where TV : unmanaged where TOps : IFloatVector<TV> =>
        !whole ? TOps.Zero : accumulate ? TOps.Load(ref Unsafe.Add(ref d, i)) : TOps.Splat(bias);

    /// <summary>acc + the three taps of prepared row <paramref name="r"/> at i (acc itself for a zero row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row3<TV, TOps>(ref float b, int r, int i, int o0, int o1, int o2, TV w0, TV w1, TV w2, TV acc)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        if (r < 0)
        {
            return acc;
        }
        ref float row = ref Unsafe.Add(ref b, r + i);
        acc = TOps.MulAdd(w0, TOps.Load(ref Unsafe.Add(ref row, o0)), acc);
        acc = TOps.MulAdd(w1, TOps.Load(ref Unsafe.Add(ref row, o1)), acc);
        return TOps.MulAdd(w2, TOps.Load(ref Unsafe.Add(ref row, o2)), acc);
    }

    /// <summary>Stores a whole vector, or adds the valid lanes of the row's last, partial one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TV, TOps>(bool whole, TV acc, Span<float> tail, ref float d, int i, int width,
        float bias, bool accumulate)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        if (whole)
        {
            TOps.Store(acc, ref Unsafe.Add(ref d, i));
            return;
        }
        TOps.Store(acc, ref tail[0]);
        for (int j = i; j < width; j++)
        {
            ref float e = ref Unsafe.Add(ref d, j);
            e = (accumulate ? e : bias) + tail[j - i];
        }
    }
}
