namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Locates and edits the header segments of a JPEG file, for building broken inputs in tests.</summary>
internal static class JpegSegments
{
    /// <summary>Offset of the 0xFF of the first <paramref name="marker"/> segment before the first scan's data.</summary>
    public static int Find(byte[] jpeg, byte marker)
    {
        int position = 2;
        while (position + 4 <= jpeg.Length)
        {
            Assert.Equal(0xFF, jpeg[position]);
            byte m = jpeg[position + 1];
            if (m == marker)
            {
                return position;
            }

            if (m == 0xDA)
            {
                break;
            }

            position += 2 + ((jpeg[position + 2] << 8) | jpeg[position + 3]);
        }

        throw new InvalidOperationException($"marker 0x{marker:X2} not found in the headers");
    }

    /// <summary>The file without the segment that starts at <paramref name="offset"/>.</summary>
    public static byte[] Remove(byte[] jpeg, int offset)
    {
        int length = 2 + ((jpeg[offset + 2] << 8) | jpeg[offset + 3]);
        return [.. jpeg.AsSpan(0, offset), .. jpeg.AsSpan(offset + length)];
    }

    /// <summary>Offset just past the first SOS segment: where the entropy-coded data starts.</summary>
    public static int ScanData(byte[] jpeg)
    {
        int sos = Find(jpeg, 0xDA);
        return sos + 2 + ((jpeg[sos + 2] << 8) | jpeg[sos + 3]);
    }
}
