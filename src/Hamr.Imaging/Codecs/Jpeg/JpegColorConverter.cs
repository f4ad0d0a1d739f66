namespace Hamr.Imaging.Codecs;

/// <summary>
/// Turns decoded component planes into an interleaved <see cref="Image"/>: upsampling (see
/// <see cref="JpegUpsampler"/>) then JFIF YCbCr → RGB with libjpeg's 16-bit fixed-point constants and rounding
/// (R = Y + 1.402·Cr', G = Y − 0.34414·Cb' − 0.71414·Cr', B = Y + 1.772·Cb', with Cb' = Cb − 128).
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);

    // FIX(x) = round(x · 2^16)
    private const int Fix1_40200 = 91881;
    private const int Fix1_77200 = 116130;
    private const int Fix0_71414 = 46802;
    private const int Fix0_34414 = 22554;

    private static readonly int[] CrToR = BuildTable(c => ((Fix1_40200 * c) + Half) >> ScaleBits);
    private static readonly int[] CbToB = BuildTable(c => ((Fix1_77200 * c) + Half) >> ScaleBits);
    private static readonly int[] CrToG = BuildTable(c => -Fix0_71414 * c);
    private static readonly int[] CbToG = BuildTable(c => (-Fix0_34414 * c) + Half);

    public static Image ToImage(JpegComponent[] components, int width, int height, int hMax, int vMax, bool rgb)
    {
        if (components.Length == 1)
        {
            var gray = new Image(width, height, 1, GC.AllocateUninitializedArray<byte>(width * height)); // every byte is written
            var c = components[0];
            for (int y = 0; y < height; y++)
            {
                c.Plane.AsSpan(y * c.Stride, width).CopyTo(gray.Row(y));
            }

            return gray;
        }

        var image = new Image(width, height, 3, GC.AllocateUninitializedArray<byte>(width * height * 3)); // every byte is written
        var buffers = new byte[3][];
        int widest = 0;
        for (int i = 0; i < 3; i++)
        {
            buffers[i] = new byte[(components[i].Width * (hMax / components[i].H)) + 8];
            widest = Math.Max(widest, components[i].Width);
        }

        var scratch = new short[widest + 2];
        for (int y = 0; y < height; y++)
        {
            var c0 = Upsampled(components[0], y, hMax, vMax, buffers[0], scratch);
            var c1 = Upsampled(components[1], y, hMax, vMax, buffers[1], scratch);
            var c2 = Upsampled(components[2], y, hMax, vMax, buffers[2], scratch);
            var output = image.Pixels.AsSpan(y * width * 3, width * 3);
            if (rgb)
            {
                Interleave(c0, c1, c2, output);
            }
            else
            {
                YccToRgb(c0, c1, c2, output);
            }
        }

        return image;
    }

    private static ReadOnlySpan<byte> Upsampled(JpegComponent component, int y, int hMax, int vMax, byte[] buffer, short[] scratch) =>
        JpegUpsampler.Row(component, y, hMax / component.H, vMax / component.V, buffer, scratch);

    /// <summary>One row of YCbCr samples to interleaved RGB (output length = 3 · width).</summary>
    public static void YccToRgb(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> output)
    {
        int width = output.Length / 3;
        luma = luma[..width];
        cb = cb[..width];
        cr = cr[..width];
        int x = JpegColorAvx2.IsSupported ? JpegColorAvx2.YccToRgb(luma, cb, cr, output, width) : 0;
        YccToRgbScalar(luma, cb, cr, output, x);
    }

    /// <summary>The reference form (tables built with libjpeg's formulas) from pixel <paramref name="start"/> on.</summary>
    public static void YccToRgbScalar(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> output, int start)
    {
        int width = output.Length / 3;
        for (int x = start; x < width; x++)
        {
            int yy = luma[x], b = cb[x], r = cr[x];
            output[3 * x] = Clamp(yy + CrToR[r]);
            output[(3 * x) + 1] = Clamp(yy + ((CbToG[b] + CrToG[r]) >> ScaleBits));
            output[(3 * x) + 2] = Clamp(yy + CbToB[b]);
        }
    }

    private static void Interleave(ReadOnlySpan<byte> c0, ReadOnlySpan<byte> c1, ReadOnlySpan<byte> c2, Span<byte> output)
    {
        int width = output.Length / 3;
        for (int x = 0; x < width; x++)
        {
            output[3 * x] = c0[x];
            output[(3 * x) + 1] = c1[x];
            output[(3 * x) + 2] = c2[x];
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static int[] BuildTable(Func<int, int> f)
    {
        var table = new int[256];
        for (int i = 0; i < 256; i++)
        {
            table[i] = f(i - 128);
        }

        return table;
    }
}
