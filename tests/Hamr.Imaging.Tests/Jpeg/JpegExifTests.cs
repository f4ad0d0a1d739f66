using System.Buffers.Binary;
using Hamr.Imaging.Codecs;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>EXIF orientation: read from APP1 (both byte orders) and applied as the rotation/flip it names.</summary>
public sealed class JpegExifTests
{
    [Theory]
    [InlineData("exif6_420_48x40")] // orientation 6, big-endian TIFF: rotate 90° clockwise
    [InlineData("exif6_422_37x23")] // orientation 6, little-endian, odd size
    [InlineData("exif3_444_48x40")] // orientation 3: rotate 180°
    public void Orientation_tag_is_applied_like_the_rotated_golden(string name)
    {
        var ours = Jpeg.Load(JpegFixtures.Jpeg(name));
        var golden = Pnm.Read(Path.Combine(JpegFixtures.Directory, name + ".oriented.ppm"));
        Assert.Equal(0, ImageDiff.MaxAbs(ours, golden));
    }

    [Fact]
    public void Orientation_can_be_left_unapplied()
    {
        var raw = Jpeg.Load(JpegFixtures.Jpeg("exif6_420_48x40"), applyExifOrientation: false);
        Assert.Equal((48, 40), (raw.Width, raw.Height));
        Assert.Equal(0, ImageDiff.MaxAbs(raw, Pnm.Read(JpegFixtures.Golden("s420_48x40"))));
    }

    // A 3×2 image with distinct pixels a..f:  a b c / d e f. Expected layouts per EXIF 2.32 (row by row).
    [Theory]
    [InlineData(1, 3, 2, "abcdef")]
    [InlineData(2, 3, 2, "cbafed")] // mirror left-right
    [InlineData(3, 3, 2, "fedcba")] // rotate 180°
    [InlineData(4, 3, 2, "defabc")] // mirror top-bottom
    [InlineData(5, 2, 3, "adbecf")] // transpose
    [InlineData(6, 2, 3, "daebfc")] // rotate 90° clockwise
    [InlineData(7, 2, 3, "fcebda")] // transverse
    [InlineData(8, 2, 3, "cfbead")] // rotate 90° counter-clockwise
    public void Each_orientation_maps_pixels_as_exif_defines(int orientation, int width, int height, string expected)
    {
        var image = new Image(3, 2, 1, "abcdef"u8.ToArray());
        var turned = JpegExif.Apply(image, orientation);
        Assert.Equal((width, height), (turned.Width, turned.Height));
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(turned.Pixels));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Orientation_is_read_in_either_byte_order(bool littleEndian)
    {
        Assert.True(JpegExif.TryReadOrientation(Exif(littleEndian, tag: 0x0112, type: 3, value: 8), out int orientation));
        Assert.Equal(8, orientation);
    }

    [Fact]
    public void Malformed_or_absent_orientation_is_ignored()
    {
        Assert.False(JpegExif.TryReadOrientation(Exif(true, tag: 0x0110, type: 3, value: 6), out _)); // other tag
        Assert.False(JpegExif.TryReadOrientation(Exif(true, tag: 0x0112, type: 3, value: 9), out _)); // out of range
        Assert.False(JpegExif.TryReadOrientation(Exif(true, tag: 0x0112, type: 4, value: 6), out _)); // not SHORT
        byte[] truncated = Exif(false, 0x0112, 3, 6)[..20];
        Assert.False(JpegExif.TryReadOrientation(truncated, out _));
        Assert.False(JpegExif.TryReadOrientation("XMP\0"u8, out _));
    }

    [Fact]
    public void Broken_exif_block_does_not_stop_decoding()
    {
        byte[] jpeg = JpegFixtures.Bytes("exif6_420_48x40");
        int tiff = jpeg.AsSpan().IndexOf("MM"u8);
        jpeg[tiff + 7] = 0xF0; // IFD offset far past the segment
        var image = Jpeg.Decode(jpeg);
        Assert.Equal((48, 40), (image.Width, image.Height));
    }

    /// <summary>The body of an APP1 segment with one IFD0 entry.</summary>
    private static byte[] Exif(bool littleEndian, int tag, int type, int value)
    {
        var body = new byte[6 + 8 + 2 + 12 + 4];
        "Exif\0\0"u8.CopyTo(body);
        var tiff = body.AsSpan(6);
        void U16(Span<byte> at, int v)
        {
            if (littleEndian)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)v);
            }
        }

        tiff[0] = tiff[1] = (byte)(littleEndian ? 'I' : 'M');
        U16(tiff[2..], 42);
        U16(tiff[(littleEndian ? 4 : 6)..], 8); // IFD0 at offset 8 (a 32-bit field)
        U16(tiff[8..], 1);
        U16(tiff[10..], tag);
        U16(tiff[12..], type);
        U16(tiff[(littleEndian ? 14 : 16)..], 1); // count 1 (32-bit)
        U16(tiff[18..], value);
        return body;
    }
}
