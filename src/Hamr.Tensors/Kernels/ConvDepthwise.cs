using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Direct depthwise convolution (groups == C, one input channel per group, O = C·multiplier), any kernel size,
/// stride, padding and dilation. Each plane's rows are first copied into per-thread scratch with the padding
/// written out and strided rows split into phases (<see cref="DepthwiseRows"/>), so every output row is a sum of
/// contiguous SIMD runs (widest vectors the CPU has, 3- and 5-wide taps unrolled). The input gradient is the same
/// correlation over the output gradient spread onto the stride grid, with the kernel flipped; the weight gradient
/// sums per plane in a fixed order, so results do not depend on the thread count.
/// </summary>
internal static class ConvDepthwise
{
    [ThreadStatic] private static float[]? t_rows;

    [ThreadStatic] private static int[]? t_table;

    /// <summary>Per-thread table of prepared-row starts, one per (output row, kernel row); -1 = zero row.</summary>
    private static Span<int> RowTable(int length)
    {
        if (t_table is null || t_table.Length < length)
        {
            t_table = new int[Math.Max(length, 1024)];
        }
        return t_table.AsSpan(0, length);
    }

    private static Span<float> Scratch(int length)
    {
        if (t_rows is null || t_rows.Length < length)
        {
            t_rows = GC.AllocateUninitializedArray<float>(Math.Max(length, 4096));
        }
        return t_rows.AsSpan(0, length);
    }

    /// <summary>Output planes [start, end) of y (plane index = image·O + o).</summary>
    public static void Forward(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, int start, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Forward<Vector512<float>, Float512>(s, x, weight, bias, y, start, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Forward<Vector256<float>, Float256>(s, x, weight, bias, y, start, end);
        }
        else
        {
            Forward<float, Float1>(s, x, weight, bias, y, start, end);
        }
    }

    /// <summary>Input-gradient planes [start, end) of gx (plane index = image·C + c), overwritten.</summary>
    public static void BackwardInput(in ConvShape s, ReadOnlySpan<float> weight, ReadOnlySpan<float> gy,
        Span<float> gx, int start, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            BackwardInput<Vector512<float>, Float512>(s, weight, gy, gx, start, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            BackwardInput<Vector256<float>, Float256>(s, weight, gy, gx, start, end);
        }
        else
        {
            BackwardInput<float, Float1>(s, weight, gy, gx, start, end);
        }
    }

    /// <summary>Weight gradient rows [start, end) of gw [O, kh·kw] and gb [O] (when not empty), overwritten.</summary>
    public static void BackwardWeight(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> gy,
        Span<float> gw, Span<float> gb, int start, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            BackwardWeight<Vector512<float>, Float512>(s, x, gy, gw, gb, start, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            BackwardWeight<Vector256<float>, Float256>(s, x, gy, gw, gb, start, end);
        }
        else
        {
            BackwardWeight<float, Float1>(s, x, gy, gw, gb, start, end);
        }
    }

    /// <summary>Floats per prepared input row: <c>stride</c> phases of <paramref name="phaseLength"/> each.</summary>
    private static int PhaseLength(in ConvShape s, int lanes)
    {
        var w = s.Window;
        int padded = s.W + 2 * w.PadW;
        return ((padded + w.StrideW - 1) / w.StrideW) + lanes + (w.DilationW * (w.KernelW - 1) / w.StrideW);
    }

    /// <summary>Offsets of the kw taps inside a prepared input row (phase · phaseLength + position in the phase).</summary>
    private static void TapOffsets(in ConvWindow w, int phaseLength, Span<int> off)
    {
        for (int t = 0; t < off.Length; t++)
        {
            int pos = t * w.DilationW;
            off[t] = (pos % w.StrideW * phaseLength) + (pos / w.StrideW);
        }
    }

    /// <summary>
    /// Copies plane xp [H, W] into buf as H prepared rows: row iy, padded position q = x + padW holds xp[iy, x]
    /// at phase q mod stride, index q / stride; everything else is zero.
    /// </summary>
    private static void PrepareInput(in ConvShape s, ReadOnlySpan<float> xp, int phaseLength, Span<float> buf)
    {
        int stride = s.Window.StrideW, pad = s.Window.PadW, rowLength = stride * phaseLength;
        for (int iy = 0; iy < s.H; iy++)
        {
            var src = xp.Slice(iy * s.W, s.W);
            var dst = buf.Slice(iy * rowLength, rowLength);
            if (stride == 1)
            {
                dst[..pad].Clear();
                src.CopyTo(dst[pad..]);
                dst[(pad + s.W)..].Clear();
                continue;
            }
            dst.Clear();
            if (stride == 2)
            {
                // Padded position ix + pad: even source positions go to phase pad & 1, odd ones to the other.
                Deinterleave(src, dst.Slice(((pad & 1) * phaseLength) + (pad >> 1)),
                    dst.Slice(((1 - (pad & 1)) * phaseLength) + ((pad + 1) >> 1)));
                continue;
            }
            for (int phase = 0; phase < stride; phase++)
            {
                int first = (((phase - pad) % stride) + stride) % stride;
                var d = dst.Slice((phase * phaseLength) + ((first + pad - phase) / stride));
                for (int ix = first, k = 0; ix < src.Length; ix += stride, k++)
                {
                    d[k] = src[ix];
                }
            }
        }
    }

    /// <summary>evens[k] = src[2k], odds[k] = src[2k + 1].</summary>
    private static void Deinterleave(ReadOnlySpan<float> src, Span<float> evens, Span<float> odds)
    {
        int k = 0;
        if (Avx512F.IsSupported && src.Length >= 32)
        {
            var evenIndex = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var oddIndex = evenIndex + Vector512<int>.One;
            for (; (2 * k) + 32 <= src.Length; k += 16)
            {
                var a = Vector512.Create(src.Slice(2 * k, 16));
                var b = Vector512.Create(src.Slice((2 * k) + 16, 16));
                Avx512F.PermuteVar16x32x2(a, evenIndex, b).CopyTo(evens.Slice(k, 16));
                Avx512F.PermuteVar16x32x2(a, oddIndex, b).CopyTo(odds.Slice(k, 16));
            }
        }
        for (; 2 * k < src.Length; k++)
        {
            evens[k] = src[2 * k];
            if ((2 * k) + 1 < src.Length)
            {
                odds[k] = src[(2 * k) + 1];
            }
        }
    }

    private static void Forward<TV, TOps>(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, int start, int end)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        var w = s.Window;
        int mult = s.O / s.C, taps = w.Taps;
        int phaseLength = PhaseLength(s, TOps.Count), rowLength = w.StrideW * phaseLength;
        var buf = Scratch(s.H * rowLength);
        Span<int> off = stackalloc int[w.KernelW];
        var rows = RowTable(s.OutH * w.KernelH);
        TapOffsets(w, phaseLength, off);
        for (int oy = 0; oy < s.OutH; oy++)
        {
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int iy = (oy * w.StrideH) - w.PadH + (ky * w.DilationH);
                rows[(oy * w.KernelH) + ky] = (uint)iy < (uint)s.H ? iy * rowLength : -1;
            }
        }
        int preparedPlane = -1;
        for (int plane = start; plane < end; plane++)
        {
            int img = plane / s.O, o = plane % s.O, inPlane = (img * s.C) + (o / mult);
            if (inPlane != preparedPlane)
            {
                PrepareInput(s, x.Slice(inPlane * s.InPlane, s.InPlane), phaseLength, buf);
                preparedPlane = inPlane;
            }
            var yp = y.Slice(plane * s.OutPlane, s.OutPlane);
            var wo = weight.Slice(o * taps, taps);
            float b = bias.IsEmpty ? 0f : bias[o];
            DepthwiseRows.CorrelatePlane<TV, TOps>(buf, rows, w.KernelH, off, wo, b, false, yp, s.OutW);
        }
    }

    private static void BackwardInput<TV, TOps>(in ConvShape s, ReadOnlySpan<float> weight, ReadOnlySpan<float> gy,
        Span<float> gx, int start, int end)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        // gx = Σ over taps of w · (gy spread onto the stride grid U, shifted): with the kernel flipped this is a
        // stride-1 correlation over U, whose rows are stored with `lead` zeros in front (lead may be negative:
        // then the first entries are never read and are dropped).
        var w = s.Window;
        int mult = s.O / s.C, taps = w.Taps;
        int leadW = (w.DilationW * (w.KernelW - 1)) - w.PadW, leadH = (w.DilationH * (w.KernelH - 1)) - w.PadH;
        int rowLength = s.W + (w.DilationW * (w.KernelW - 1)) + TOps.Count;
        var buf = Scratch(s.OutH * rowLength);
        Span<int> off = stackalloc int[w.KernelW];
        Span<float> flipped = stackalloc float[taps];
        for (int t = 0; t < off.Length; t++)
        {
            off[t] = t * w.DilationW;
        }
        var rows = RowTable(s.H * w.KernelH);
        for (int iy = 0; iy < s.H; iy++)
        {
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int u = iy + (ky * w.DilationH) - leadH;
                int oy = u / w.StrideH;
                rows[(iy * w.KernelH) + ky] = u >= 0 && u % w.StrideH == 0 && oy < s.OutH ? oy * rowLength : -1;
            }
        }
        for (int plane = start; plane < end; plane++)
        {
            int img = plane / s.C, c = plane % s.C;
            var gxp = gx.Slice(plane * s.InPlane, s.InPlane);
            for (int m = 0; m < mult; m++)
            {
                int o = (c * mult) + m;
                var gyp = gy.Slice(((img * s.O) + o) * s.OutPlane, s.OutPlane);
                for (int oy = 0; oy < s.OutH; oy++)
                {
                    var src = gyp.Slice(oy * s.OutW, s.OutW);
                    var dst = buf.Slice(oy * rowLength, rowLength);
                    if (w.StrideW == 1 && leadW >= 0)
                    {
                        dst[..leadW].Clear();
                        src.CopyTo(dst[leadW..]);
                        dst[(leadW + s.OutW)..].Clear();
                        continue;
                    }
                    dst.Clear();
                    for (int ox = 0; ox < src.Length; ox++)
                    {
                        int q = (ox * w.StrideW) + leadW;
                        if ((uint)q < (uint)rowLength)
                        {
                            dst[q] = src[ox];
                        }
                    }
                }
                var wo = weight.Slice(o * taps, taps);
                for (int t = 0; t < taps; t++)
                {
                    flipped[t] = wo[taps - 1 - t];
                }
                DepthwiseRows.CorrelatePlane<TV, TOps>(buf, rows, w.KernelH, off, flipped, 0f, m > 0, gxp, s.W);
            }
        }
    }

    private static void BackwardWeight<TV, TOps>(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> gy,
        Span<float> gw, Span<float> gb, int start, int end)
        where TV : unmanaged where TOps : IFloatVector<TV>
    {
        var w = s.Window;
        int mult = s.O / s.C, taps = w.Taps;
        int phaseLength = PhaseLength(s, TOps.Count), rowLength = w.StrideW * phaseLength;
        var buf = Scratch(s.H * rowLength);
        Span<int> off = stackalloc int[w.KernelW];
        Span<int> rows = stackalloc int[s.OutH];
        TapOffsets(w, phaseLength, off);
        bool is3x3 = w.KernelH == 3 && w.KernelW == 3;
        var table = RowTable(is3x3 ? s.OutH * 3 : 0);
        for (int oy = 0; is3x3 && oy < s.OutH; oy++)
        {
            for (int ky = 0; ky < 3; ky++)
            {
                int iy = (oy * w.StrideH) - w.PadH + (ky * w.DilationH);
                table[(oy * 3) + ky] = (uint)iy < (uint)s.H ? iy * rowLength : -1;
            }
        }
        for (int o = start; o < end; o++)
        {
            int c = o / mult;
            var gwo = gw.Slice(o * taps, taps);
            gwo.Clear();
            float biasSum = 0f;
            for (int img = 0; img < s.N; img++)
            {
                PrepareInput(s, x.Slice(((img * s.C) + c) * s.InPlane, s.InPlane), phaseLength, buf);
                var gyp = gy.Slice(((img * s.O) + o) * s.OutPlane, s.OutPlane);
                if (!gb.IsEmpty)
                {
                    biasSum += TensorPrimitives.Sum(gyp);
                }
                if (is3x3)
                {
                    DepthwiseRows.TapSums3x3<TV, TOps>(gyp, s.OutW, buf, table, off, gwo);
                    continue;
                }
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    for (int oy = 0; oy < s.OutH; oy++)
                    {
                        int iy = (oy * w.StrideH) - w.PadH + (ky * w.DilationH);
                        rows[oy] = (uint)iy < (uint)s.H ? iy * rowLength : -1;
                    }
                    DepthwiseRows.TapSums<TV, TOps>(gyp, s.OutW, buf, rows, off, gwo.Slice(ky * w.KernelW, w.KernelW));
                }
            }
            if (!gb.IsEmpty)
            {
                gb[o] = biasSum;
            }
        }
    }
}
