using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// The accurate integer inverse DCT that libjpeg calls "islow" (djpeg's default): the Loeffler–Ligtenberg–Moschytz
/// factorisation with 13-bit constants, columns first with 2 extra bits of precision, then rows, level shift and
/// clamp. Reproducing its exact roundings is what makes our samples equal djpeg's, not merely close.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // FIX(x) = round(x · 2^13)
    private const int Fix0_298631336 = 2446;
    private const int Fix0_390180644 = 3196;
    private const int Fix0_541196100 = 4433;
    private const int Fix0_765366865 = 6270;
    private const int Fix0_899976223 = 7373;
    private const int Fix1_175875602 = 9633;
    private const int Fix1_501321110 = 12299;
    private const int Fix1_847759065 = 15137;
    private const int Fix1_961570560 = 16069;
    private const int Fix2_053119869 = 16819;
    private const int Fix2_562915447 = 20995;
    private const int Fix3_072711026 = 25172;

    /// <summary>
    /// Dequantises the 64 coefficients (natural order) of one block and writes its 8×8 samples to
    /// <paramref name="output"/> at rows <paramref name="stride"/> bytes apart.
    /// </summary>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride) =>
        Transform(coefficients, quant, output, stride, dcOnly: IsDcOnly(coefficients));

    /// <summary>As above, when the caller already knows whether the AC terms are all zero.</summary>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride, bool dcOnly)
    {
        if (dcOnly)
        {
            // Every AC term zero: the block is flat. Exactly what both passes compute, without the passes.
            int dc = (coefficients[0] * quant[0]) << Pass1Bits;
            byte value = Clamp(((dc + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)) + 128);
            ulong row = value * 0x0101010101010101UL;
            for (int r = 0; r < 8; r++)
            {
                MemoryMarshal.Write(output.Slice(r * stride, 8), row);
            }
        }
        else if (JpegIdctAvx2.IsSupported)
        {
            JpegIdctAvx2.Transform(coefficients, quant, output, stride);
        }
        else
        {
            TransformScalar(coefficients, quant, output, stride);
        }
    }

    /// <summary>True when coefficients 1..63 are all zero (common in chroma and flat areas).</summary>
    public static bool IsDcOnly(ReadOnlySpan<short> coefficients)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var any = Vector128.Create(coefficients.Slice(0, 8)).WithElement(0, (short)0);
            for (int i = 8; i < 64; i += 8)
            {
                any |= Vector128.Create(coefficients.Slice(i, 8));
            }

            return any == Vector128<short>.Zero;
        }

        foreach (short c in coefficients[1..64])
        {
            if (c != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The reference scalar form (also the fallback without SIMD).</summary>
    public static void TransformScalar(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        coefficients = coefficients[..64];
        quant = quant[..64];
        Span<int> work = stackalloc int[64];

        // Pass 1: columns, results scaled up by 2^Pass1Bits.
        for (int c = 0; c < 8; c++)
        {
            if (coefficients[8 + c] == 0 && coefficients[16 + c] == 0 && coefficients[24 + c] == 0 &&
                coefficients[32 + c] == 0 && coefficients[40 + c] == 0 && coefficients[48 + c] == 0 &&
                coefficients[56 + c] == 0)
            {
                // Only the DC term: the column is flat (this shortcut is exact, not an approximation).
                int dc = (coefficients[c] * quant[c]) << Pass1Bits;
                for (int r = 0; r < 8; r++)
                {
                    work[r * 8 + c] = dc;
                }

                continue;
            }

            Butterfly(
                coefficients[c] * quant[c], coefficients[8 + c] * quant[8 + c],
                coefficients[16 + c] * quant[16 + c], coefficients[24 + c] * quant[24 + c],
                coefficients[32 + c] * quant[32 + c], coefficients[40 + c] * quant[40 + c],
                coefficients[48 + c] * quant[48 + c], coefficients[56 + c] * quant[56 + c],
                ConstBits - Pass1Bits, work[c..], 8);
        }

        // Pass 2: rows, undoing Pass1Bits and the 8× of the 2-D transform; then level shift and clamp.
        Span<int> row = stackalloc int[8];
        for (int r = 0; r < 8; r++)
        {
            ReadOnlySpan<int> w = work.Slice(r * 8, 8);
            Span<byte> o = output.Slice(r * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(Clamp(((w[0] + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)) + 128));
                continue;
            }

            Butterfly(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], ConstBits + Pass1Bits + 3, row, 1);
            for (int i = 0; i < 8; i++)
            {
                o[i] = Clamp(row[i] + 128);
            }
        }
    }

    /// <summary>One 8-point inverse DCT; outputs are descaled by 2^<paramref name="shift"/> with rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(int d0, int d1, int d2, int d3, int d4, int d5, int d6, int d7, int shift, Span<int> output, int step)
    {
        // Even part: rotation of (d2, d6) and the (d0 ± d4) butterfly.
        int z1 = (d2 + d6) * Fix0_541196100;
        int tmp2 = z1 - (d6 * Fix1_847759065);
        int tmp3 = z1 + (d2 * Fix0_765366865);
        int tmp0 = (d0 + d4) << ConstBits;
        int tmp1 = (d0 - d4) << ConstBits;
        int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        // Odd part: the four odd inputs, with the shared z5 rotation.
        int t0 = d7, t1 = d5, t2 = d3, t3 = d1;
        int za = t0 + t3, zb = t1 + t2, zc = t0 + t2, zd = t1 + t3;
        int z5 = (zc + zd) * Fix1_175875602;
        t0 *= Fix0_298631336;
        t1 *= Fix2_053119869;
        t2 *= Fix3_072711026;
        t3 *= Fix1_501321110;
        za *= -Fix0_899976223;
        zb *= -Fix2_562915447;
        zc = (zc * -Fix1_961570560) + z5;
        zd = (zd * -Fix0_390180644) + z5;
        t0 += za + zc;
        t1 += zb + zd;
        t2 += zb + zc;
        t3 += za + zd;

        int round = 1 << (shift - 1);
        output[0] = (tmp10 + t3 + round) >> shift;
        output[7 * step] = (tmp10 - t3 + round) >> shift;
        output[1 * step] = (tmp11 + t2 + round) >> shift;
        output[6 * step] = (tmp11 - t2 + round) >> shift;
        output[2 * step] = (tmp12 + t1 + round) >> shift;
        output[5 * step] = (tmp12 - t1 + round) >> shift;
        output[3 * step] = (tmp13 + t0 + round) >> shift;
        output[4 * step] = (tmp13 - t0 + round) >> shift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
