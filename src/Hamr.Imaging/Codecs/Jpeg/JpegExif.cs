using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// The EXIF orientation tag (0x0112) from an APP1 "Exif" segment, and the rotation/flip that shows the stored
/// pixels upright. A malformed EXIF block is ignored, never an error: the pixels do not depend on it.
/// </summary>
internal static class JpegExif
{
    private const int OrientationTag = 0x0112;

    /// <summary>Reads the orientation (1–8) from an APP1 segment body; false when absent or malformed.</summary>
    public static bool TryReadOrientation(ReadOnlySpan<byte> app1, out int orientation)
    {
        orientation = 1;
        if (app1.Length < 14 || !app1[..6].SequenceEqual("Exif\0\0"u8))
        {
            return false;
        }

        var tiff = app1[6..];
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return false;
        }

        if (U16(tiff[2..], little) != 42)
        {
            return false;
        }

        long ifd = U32(tiff[4..], little);
        if (ifd < 8 || ifd + 2 > tiff.Length)
        {
            return false;
        }

        int count = U16(tiff[(int)ifd..], little);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2 + (12L * i);
            if (entry + 12 > tiff.Length)
            {
                return false;
            }

            var e = tiff.Slice((int)entry, 12);
            if (U16(e, little) == OrientationTag)
            {
                // Type SHORT (3), count 1: the value sits left-justified in the 4-byte value field.
                int value = U16(e[8..], little);
                if (U16(e[2..], little) != 3 || value is < 1 or > 8)
                {
                    return false;
                }

                orientation = value;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The image as it should be displayed for an EXIF orientation: 2 mirror, 3 rotate 180°, 4 flip, 5 transpose,
    /// 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise; 1 (or anything else) returns the input.
    /// </summary>
    public static Image Apply(Image image, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width, h = image.Height, channels = image.Channels;
        bool swap = orientation >= 5;
        var result = new Image(swap ? h : w, swap ? w : h, channels);

        // Output pixel (x, y) reads source pixel (sx, sy) = (x0 + x·dxx + y·dyx, y0 + x·dxy + y·dyy).
        (int x0, int y0, int dxx, int dxy, int dyx, int dyy) = orientation switch
        {
            2 => (w - 1, 0, -1, 0, 0, 1),          // mirror left-right
            3 => (w - 1, h - 1, -1, 0, 0, -1),     // rotate 180°
            4 => (0, h - 1, 1, 0, 0, -1),          // mirror top-bottom
            5 => (0, 0, 0, 1, 1, 0),               // transpose
            6 => (0, h - 1, 0, -1, 1, 0),          // rotate 90° clockwise
            7 => (w - 1, h - 1, 0, -1, -1, 0),     // transverse
            _ => (w - 1, 0, 0, 1, -1, 0),          // 8: rotate 90° counter-clockwise
        };
        int step = ((dxy * w) + dxx) * channels; // source step per output column
        var source = image.Pixels.AsSpan();
        var target = result.Pixels.AsSpan();
        int o = 0;
        for (int y = 0; y < result.Height; y++)
        {
            int s = ((((y0 + (y * dyy)) * w) + x0 + (y * dyx)) * channels);
            for (int x = 0; x < result.Width; x++, s += step)
            {
                for (int c = 0; c < channels; c++)
                {
                    target[o++] = source[s + c];
                }
            }
        }

        return result;
    }

    private static int U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static long U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
