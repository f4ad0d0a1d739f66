using System.Buffers.Binary;
using System.IO.Compression;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// Writes non-interlaced PNGs at 8 or 16 bits: colour type from the channel count (gray, gray+alpha, RGB, RGBA),
/// each row filtered with the type of smallest absolute sum, zlib from System.IO.Compression, no ancillary chunks.
/// </summary>
internal static class PngEncoder
{
    /// <summary>IDAT chunks are cut at this size so no single chunk gets near PNG's 2^31 limit.</summary>
    private const int IdatChunkBytes = 1 << 18;

    /// <summary>Fills the raw (unfiltered, big-endian) bytes of row y.</summary>
    public delegate void RowSource(int y, Span<byte> row);

    public static byte[] Encode(int width, int height, int channels, int bitDepth, RowSource rows, CompressionLevel level)
    {
        var header = new PngHeader(width, height, bitDepth, ColorType(channels), interlaced: false);
        int rowBytes = (int)header.RowBytes(width);
        int bpp = header.FilterStride;

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            var row = new byte[rowBytes];
            var prior = new byte[rowBytes];
            var filtered = new byte[1 + rowBytes];
            var scratch = new byte[rowBytes];
            for (int y = 0; y < height; y++)
            {
                rows(y, row);
                if (level == CompressionLevel.NoCompression)
                {
                    filtered[0] = 0; // stored blocks gain nothing from filtering
                    row.CopyTo(filtered, 1);
                }
                else
                {
                    PngFilters.FilterAdaptive(row, prior, bpp, filtered, scratch);
                }

                zlib.Write(filtered);
                (row, prior) = (prior, row);
            }
        }

        using var output = new MemoryStream((int)Math.Min(int.MaxValue - 1024, compressed.Length + 64));
        output.Write(Png.Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)header.ColorType;
        ihdr[10] = ihdr[11] = ihdr[12] = 0; // deflate, filter method 0, no interlace
        PngChunkWriter.Write(output, PngChunkType.Ihdr, ihdr);
        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        for (int at = 0; at < data.Length; at += IdatChunkBytes)
        {
            PngChunkWriter.Write(output, PngChunkType.Idat, data.Slice(at, Math.Min(IdatChunkBytes, data.Length - at)));
        }

        PngChunkWriter.Write(output, PngChunkType.Iend, []);
        return output.ToArray();
    }

    private static PngColorType ColorType(int channels) => channels switch
    {
        1 => PngColorType.Gray,
        2 => PngColorType.GrayAlpha,
        3 => PngColorType.Rgb,
        4 => PngColorType.Rgba,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1..4"),
    };
}
