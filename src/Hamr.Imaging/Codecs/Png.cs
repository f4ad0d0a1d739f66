using System.IO.Compression;
using Hamr.Tensors.Io;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// PNG decode and encode. Decoding reads every colour type and bit depth, palettes, tRNS transparency (as an added
/// alpha channel), Adam7 interlacing and split IDAT chunks, checks every CRC and refuses damaged or oversized
/// files with <see cref="ImageFormatException"/>. Encoding writes 8- or 16-bit non-interlaced files.
/// </summary>
public static class Png
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="data"/> starts with the PNG signature (for format sniffing).</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>The IHDR facts (size, depth, colour type, interlacing) without decoding the pixels.</summary>
    public static PngHeader ReadHeader(ReadOnlySpan<byte> data, string sourceName = "<bytes>") =>
        PngContainer.ReadHeader(data, sourceName);

    /// <summary>
    /// Decodes to 8 bits a sample: gray → 1 channel, gray+alpha → 2, RGB and palette → 3, RGBA → 4, with tRNS adding
    /// alpha (gray → 2, RGB and palette → 4). 16-bit samples are rounded: (v·255 + 32767) / 65535.
    /// </summary>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName = "<bytes>")
    {
        var png = PngContainer.Read(data, sourceName);
        var image = new Image(png.Header.Width, png.Header.Height, png.OutputChannels);
        var sink = new Image8Sink(image);
        PngPixelDecoder.Decode(png, sourceName, ref sink);
        return image;
    }

    /// <summary>
    /// Decodes keeping 16-bit precision; channels as <see cref="Decode"/>. Lower depths are scaled to the full range
    /// (8-bit v becomes v·257, a 2-bit v becomes v·21845), alpha from tRNS is 0 or 65535.
    /// </summary>
    public static Image16 DecodeUInt16(ReadOnlySpan<byte> data, string sourceName = "<bytes>")
    {
        var png = PngContainer.Read(data, sourceName);
        var image = new Image16(png.Header.Width, png.Header.Height, png.OutputChannels);
        var sink = new Image16Sink(image);
        PngPixelDecoder.Decode(png, sourceName, ref sink);
        return image;
    }

    /// <summary>Reads and decodes a file; decode errors name <paramref name="path"/>.</summary>
    public static Image Load(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Reads and decodes a file at full 16-bit precision; decode errors name <paramref name="path"/>.</summary>
    public static Image16 LoadUInt16(string path) => DecodeUInt16(File.ReadAllBytes(path), path);

    /// <summary>An 8-bit PNG of the image (colour type from its channel count).</summary>
    public static byte[] Encode(Image image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PngEncoder.Encode(image.Width, image.Height, image.Channels, 8, (y, row) => image.Row(y).CopyTo(row), level);
    }

    /// <summary>A 16-bit PNG of the image (colour type from its channel count).</summary>
    public static byte[] Encode(Image16 image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PngEncoder.Encode(image.Width, image.Height, image.Channels, 16, (y, row) =>
        {
            var samples = image.Row(y);
            for (int i = 0; i < samples.Length; i++)
            {
                row[2 * i] = (byte)(samples[i] >> 8);
                row[(2 * i) + 1] = (byte)samples[i];
            }
        }, level);
    }

    /// <summary>Encodes and writes atomically: a temporary file beside the target, then a rename over it.</summary>
    public static void Save(Image image, string path, CompressionLevel level = CompressionLevel.Optimal) =>
        AtomicFile.WriteAllBytes(path, Encode(image, level));

    /// <summary>Encodes at 16 bits and writes atomically.</summary>
    public static void Save(Image16 image, string path, CompressionLevel level = CompressionLevel.Optimal) =>
        AtomicFile.WriteAllBytes(path, Encode(image, level));

    internal static ImageFormatException Error(string source, string problem, Exception? inner = null) => new(source, problem, inner);
}
