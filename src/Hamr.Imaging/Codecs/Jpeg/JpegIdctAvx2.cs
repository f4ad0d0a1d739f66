using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// The "islow" inverse DCT of <see cref="JpegIdct"/> with AVX2: each 256-bit vector holds one row of eight 32-bit
/// values, so a pass transforms all eight columns at once; two 8×8 transposes turn rows into columns and back.
/// The arithmetic is the scalar form's, operation for operation, so the outputs are identical (tested).
/// </summary>
internal static class JpegIdctAvx2
{
    public static bool IsSupported => Avx2.IsSupported;

    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        coefficients = coefficients[..64];
        quant = quant[..64];

        // Pass 1 (columns): dequantised rows, results scaled by 2^2 and rounded.
        var d0 = Load(coefficients, quant, 0);
        var d1 = Load(coefficients, quant, 8);
        var d2 = Load(coefficients, quant, 16);
        var d3 = Load(coefficients, quant, 24);
        var d4 = Load(coefficients, quant, 32);
        var d5 = Load(coefficients, quant, 40);
        var d6 = Load(coefficients, quant, 48);
        var d7 = Load(coefficients, quant, 56);
        Butterfly(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref d7, 11);

        // Pass 2 (rows): transpose so each vector is a column of the work block, transform, transpose back.
        Transpose(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref d7);
        Butterfly(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref d7, 18);
        Transpose(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref d7);

        // Level shift, saturate to 0..255 and store eight rows of eight bytes.
        var centre = Vector256.Create(128);
        var rows0123 = PackRows(d0 + centre, d1 + centre, d2 + centre, d3 + centre);
        var rows4567 = PackRows(d4 + centre, d5 + centre, d6 + centre, d7 + centre);
        var low = rows0123.AsUInt64();
        var high = rows4567.AsUInt64();
        MemoryMarshal.Write(output.Slice(0, 8), low.GetElement(0));
        MemoryMarshal.Write(output.Slice(stride, 8), low.GetElement(1));
        MemoryMarshal.Write(output.Slice(2 * stride, 8), low.GetElement(2));
        MemoryMarshal.Write(output.Slice(3 * stride, 8), low.GetElement(3));
        MemoryMarshal.Write(output.Slice(4 * stride, 8), high.GetElement(0));
        MemoryMarshal.Write(output.Slice(5 * stride, 8), high.GetElement(1));
        MemoryMarshal.Write(output.Slice(6 * stride, 8), high.GetElement(2));
        MemoryMarshal.Write(output.Slice(7 * stride, 8), high.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, int offset)
    {
        var c = Avx2.ConvertToVector256Int32(Vector128.Create(coefficients.Slice(offset, 8)));
        var q = Avx2.ConvertToVector256Int32(Vector128.Create(quant.Slice(offset, 8)));
        return Avx2.MultiplyLow(c, q);
    }

    /// <summary>The 8-point inverse DCT on eight lanes at once (same steps as the scalar butterfly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(
        ref Vector256<int> d0, ref Vector256<int> d1, ref Vector256<int> d2, ref Vector256<int> d3,
        ref Vector256<int> d4, ref Vector256<int> d5, ref Vector256<int> d6, ref Vector256<int> d7, [ConstantExpected] byte shift)
    {
        var z1 = Avx2.MultiplyLow(d2 + d6, Vector256.Create(4433));
        var tmp2 = z1 - Avx2.MultiplyLow(d6, Vector256.Create(15137));
        var tmp3 = z1 + Avx2.MultiplyLow(d2, Vector256.Create(6270));
        var tmp0 = Avx2.ShiftLeftLogical(d0 + d4, 13);
        var tmp1 = Avx2.ShiftLeftLogical(d0 - d4, 13);
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        var za = d7 + d1;
        var zb = d5 + d3;
        var zc = d7 + d3;
        var zd = d5 + d1;
        var z5 = Avx2.MultiplyLow(zc + zd, Vector256.Create(9633));
        var t0 = Avx2.MultiplyLow(d7, Vector256.Create(2446));
        var t1 = Avx2.MultiplyLow(d5, Vector256.Create(16819));
        var t2 = Avx2.MultiplyLow(d3, Vector256.Create(25172));
        var t3 = Avx2.MultiplyLow(d1, Vector256.Create(12299));
        za = Avx2.MultiplyLow(za, Vector256.Create(-7373));
        zb = Avx2.MultiplyLow(zb, Vector256.Create(-20995));
        zc = Avx2.MultiplyLow(zc, Vector256.Create(-16069)) + z5;
        zd = Avx2.MultiplyLow(zd, Vector256.Create(-3196)) + z5;
        t0 += za + zc;
        t1 += zb + zd;
        t2 += zb + zc;
        t3 += za + zd;

        var round = Vector256.Create(1 << (shift - 1));
        tmp10 += round;
        tmp11 += round;
        tmp12 += round;
        tmp13 += round;
        d0 = Avx2.ShiftRightArithmetic(tmp10 + t3, shift);
        d7 = Avx2.ShiftRightArithmetic(tmp10 - t3, shift);
        d1 = Avx2.ShiftRightArithmetic(tmp11 + t2, shift);
        d6 = Avx2.ShiftRightArithmetic(tmp11 - t2, shift);
        d2 = Avx2.ShiftRightArithmetic(tmp12 + t1, shift);
        d5 = Avx2.ShiftRightArithmetic(tmp12 - t1, shift);
        d3 = Avx2.ShiftRightArithmetic(tmp13 + t0, shift);
        d4 = Avx2.ShiftRightArithmetic(tmp13 - t0, shift);
    }

    /// <summary>8×8 transpose of 32-bit lanes: 32-bit then 64-bit interleaves, then 128-bit lane swaps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1);
        var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3);
        var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5);
        var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7);
        var t7 = Avx2.UnpackHigh(r6, r7);
        var u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        var u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>Four rows of eight ints → 32 bytes (row after row), saturated to 0..255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> PackRows(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        // Packs work within 128-bit halves: bytes come out as a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7.
        var ab = Avx2.PackSignedSaturate(a, b);
        var cd = Avx2.PackSignedSaturate(c, d);
        var bytes = Avx2.PackUnsignedSaturate(ab, cd).AsInt32();
        return Avx2.PermuteVar8x32(bytes, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsByte();
    }
}
