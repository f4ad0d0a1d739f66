using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// YCbCr → RGB for eight pixels at a time with AVX2, the same fixed-point formulas as the scalar table form of
/// <see cref="JpegColorConverter"/> (so identical output). Each pixel is packed as R | G&lt;&lt;8 | B&lt;&lt;16 in a
/// 32-bit lane and a byte shuffle drops every fourth byte, giving 12 interleaved bytes per four pixels.
/// </summary>
internal static class JpegColorAvx2
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Converts a prefix of the row; returns how many pixels it did (the caller does the rest).</summary>
    public static int YccToRgb(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> output, int width)
    {
        var half = Vector256.Create(1 << 15);
        var centre = Vector256.Create(128);
        var zero = Vector256<int>.Zero;
        var max = Vector256.Create(255);
        // Bytes 0-2, 4-6, 8-10, 12-14 of the four packed pixels; the last four output bytes are don't-care.
        var drop = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
        int x = 0;
        for (; x + 8 <= width; x += 8)
        {
            var y = Widen(luma, x);
            var b = Widen(cb, x) - centre;
            var r = Widen(cr, x) - centre;
            var red = y + Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(r, Vector256.Create(91881)) + half, 16);
            var green = y + Avx2.ShiftRightArithmetic(
                Avx2.MultiplyLow(b, Vector256.Create(-22554)) + Avx2.MultiplyLow(r, Vector256.Create(-46802)) + half, 16);
            var blue = y + Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(b, Vector256.Create(116130)) + half, 16);
            red = Avx2.Min(Avx2.Max(red, zero), max);
            green = Avx2.Min(Avx2.Max(green, zero), max);
            blue = Avx2.Min(Avx2.Max(blue, zero), max);
            var packed = (red | Avx2.ShiftLeftLogical(green, 8) | Avx2.ShiftLeftLogical(blue, 16)).AsByte();
            Store12(Ssse3.Shuffle(packed.GetLower(), drop), output.Slice(3 * x, 12));
            Store12(Ssse3.Shuffle(packed.GetUpper(), drop), output.Slice((3 * x) + 12, 12));
        }

        return x;
    }

    /// <summary>The first 12 bytes of <paramref name="bytes"/> (8 + 4, so nothing past the row is touched).</summary>
    private static void Store12(Vector128<byte> bytes, Span<byte> output)
    {
        MemoryMarshal.Write(output, bytes.AsUInt64().GetElement(0));
        MemoryMarshal.Write(output[8..], bytes.AsUInt32().GetElement(2));
    }

    /// <summary>Eight bytes from <paramref name="x"/>, zero-extended to 32-bit lanes.</summary>
    private static Vector256<int> Widen(ReadOnlySpan<byte> row, int x) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(row.Slice(x, 8))).AsByte());
}
