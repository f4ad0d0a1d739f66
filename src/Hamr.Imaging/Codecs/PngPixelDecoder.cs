using System.IO.Compression;

namespace Hamr.Imaging.Codecs;

/// <summary>Receives decoded rows (or Adam7 pass rows) as 16-bit samples in the output channel layout.</summary>
internal interface IPngRowSink
{
    /// <summary>Pixel i of <paramref name="samples"/> belongs at (x0 + i·dx, y).</summary>
    void Write(int y, int x0, int dx, ReadOnlySpan<ushort> samples);
}

/// <summary>
/// Inflates the image data row by row (never more than the image needs plus one byte), undoes the filters and
/// expands each row's samples (sub-byte, palette, tRNS) to 16 bits for a sink. Memory beyond the output image is
/// two rows.
/// </summary>
internal static class PngPixelDecoder
{
    public static void Decode<TSink>(PngContainer png, string source, ref TSink sink)
        where TSink : struct, IPngRowSink
    {
        var header = png.Header;
        int maxRowBytes = (int)header.RowBytes(header.Width);
        var row = new byte[1 + maxRowBytes];
        var prior = new byte[1 + maxRowBytes];
        var samples = new ushort[header.Width * png.OutputChannels];
        long consumed = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(png.Compressed, writable: false), CompressionMode.Decompress);
            var passes = header.Interlaced ? Adam7.Passes : Adam7.Whole;
            for (int p = 0; p < passes.Length; p++)
            {
                var pass = passes[p];
                (int width, int height) = pass.Size(header.Width, header.Height);
                if (width == 0 || height == 0)
                {
                    continue; // an empty pass has no rows and no filter bytes
                }

                int rowBytes = (int)header.RowBytes(width);
                prior.AsSpan().Clear();
                for (int r = 0; r < height; r++)
                {
                    int y = pass.Y0 + (r * pass.Dy);
                    int read = zlib.ReadAtLeast(row.AsSpan(0, 1 + rowBytes), 1 + rowBytes, throwOnEndOfStream: false);
                    consumed += read;
                    if (read < 1 + rowBytes)
                    {
                        throw Png.Error(source, $"image data ends after {consumed} of {header.RawSize} bytes ({Where(header, p, y)})");
                    }

                    var current = row.AsSpan(1, rowBytes);
                    if (!PngFilters.TryUnfilter(row[0], current, prior.AsSpan(1, rowBytes), header.FilterStride))
                    {
                        throw Png.Error(source, $"bad filter type {row[0]} ({Where(header, p, y)}); PNG filters are 0..4");
                    }

                    var expanded = samples.AsSpan(0, width * png.OutputChannels);
                    Expand(png, current, width, expanded, source, y);
                    sink.Write(y, pass.X0, pass.Dx, expanded);
                    (row, prior) = (prior, row);
                }
            }

            Span<byte> probe = stackalloc byte[1];
            if (zlib.Read(probe) != 0)
            {
                throw Png.Error(source, $"image data is longer than the {header.RawSize} bytes a {header} image needs");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // IOException: zlib's own error codes (a preset dictionary, for one) arrive as ZLibException. The
            // input is a MemoryStream, so no real I/O can fail here.
            throw Png.Error(source, $"bad zlib data after {consumed} of {header.RawSize} decompressed bytes: {ex.Message}", ex);
        }
    }

    private static string Where(PngHeader header, int pass, int y) =>
        header.Interlaced ? $"Adam7 pass {pass + 1}, image row {y}" : $"row {y}";

    /// <summary>Samples of one unfiltered row as 16-bit values in the output layout (alpha added for tRNS).</summary>
    private static void Expand(PngContainer png, ReadOnlySpan<byte> row, int width, Span<ushort> output, string source, int y)
    {
        var header = png.Header;
        int depth = header.BitDepth;
        switch (header.ColorType)
        {
            case PngColorType.Gray:
                {
                    int scale = 65535 / ((1 << Math.Min(depth, 16)) - 1);
                    var key = png.TransparentKey;
                    for (int i = 0; i < width; i++)
                    {
                        int s = Sample(row, i, depth);
                        if (key is null)
                        {
                            output[i] = (ushort)(s * scale);
                        }
                        else
                        {
                            output[2 * i] = (ushort)(s * scale);
                            output[(2 * i) + 1] = s == key[0] ? (ushort)0 : ushort.MaxValue;
                        }
                    }

                    break;
                }

            case PngColorType.Rgb:
                {
                    var key = png.TransparentKey;
                    int channels = key is null ? 3 : 4;
                    for (int i = 0; i < width; i++)
                    {
                        int r = Sample(row, 3 * i, depth), g = Sample(row, (3 * i) + 1, depth), b = Sample(row, (3 * i) + 2, depth);
                        var pixel = output.Slice(i * channels, channels);
                        pixel[0] = To16(r, depth);
                        pixel[1] = To16(g, depth);
                        pixel[2] = To16(b, depth);
                        if (key is not null)
                        {
                            pixel[3] = r == key[0] && g == key[1] && b == key[2] ? (ushort)0 : ushort.MaxValue;
                        }
                    }

                    break;
                }

            case PngColorType.Palette:
                {
                    var palette = png.Palette;
                    var alpha = png.PaletteAlpha;
                    int channels = alpha is null ? 3 : 4;
                    for (int i = 0; i < width; i++)
                    {
                        int index = Sample(row, i, depth);
                        if (index >= png.PaletteCount)
                        {
                            throw Png.Error(source, $"palette index {index} at pixel ({i}, row {y}) but PLTE has {png.PaletteCount} entries");
                        }

                        var pixel = output.Slice(i * channels, channels);
                        pixel[0] = (ushort)(palette[3 * index] * 257);
                        pixel[1] = (ushort)(palette[(3 * index) + 1] * 257);
                        pixel[2] = (ushort)(palette[(3 * index) + 2] * 257);
                        if (alpha is not null)
                        {
                            pixel[3] = (ushort)(alpha[index] * 257);
                        }
                    }

                    break;
                }

            default: // gray+alpha, RGBA: 8 or 16 bits, no tRNS
                {
                    int count = width * header.SamplesPerPixel;
                    for (int i = 0; i < count; i++)
                    {
                        output[i] = To16(Sample(row, i, depth), depth);
                    }

                    break;
                }
        }
    }

    /// <summary>Sample <paramref name="index"/> of a row: big-endian at 16 bits, packed from the high bit below 8.</summary>
    private static int Sample(ReadOnlySpan<byte> row, int index, int depth)
    {
        switch (depth)
        {
            case 8:
                return row[index];
            case 16:
                return (row[2 * index] << 8) | row[(2 * index) + 1];
            default:
                int bit = index * depth;
                int shift = 8 - depth - (bit & 7);
                return (row[bit >> 3] >> shift) & ((1 << depth) - 1);
        }
    }

    private static ushort To16(int sample, int depth) => depth == 16 ? (ushort)sample : (ushort)(sample * 257);
}

/// <summary>Writes rows into an 8-bit image, rounding each 16-bit sample to the nearest 8-bit level.</summary>
internal readonly struct Image8Sink(Image image) : IPngRowSink
{
    public void Write(int y, int x0, int dx, ReadOnlySpan<ushort> samples)
    {
        int channels = image.Channels;
        var row = image.Row(y);
        if (dx == 1 && x0 == 0)
        {
            for (int i = 0; i < samples.Length; i++)
            {
                row[i] = Image16.To8Bit(samples[i]);
            }

            return;
        }

        for (int i = 0, x = x0; i < samples.Length; i += channels, x += dx)
        {
            for (int c = 0; c < channels; c++)
            {
                row[(x * channels) + c] = Image16.To8Bit(samples[i + c]);
            }
        }
    }
}

/// <summary>Writes rows into a 16-bit image unchanged.</summary>
internal readonly struct Image16Sink(Image16 image) : IPngRowSink
{
    public void Write(int y, int x0, int dx, ReadOnlySpan<ushort> samples)
    {
        int channels = image.Channels;
        var row = image.Row(y);
        if (dx == 1 && x0 == 0)
        {
            samples.CopyTo(row);
            return;
        }

        for (int i = 0, x = x0; i < samples.Length; i += channels, x += dx)
        {
            samples.Slice(i, channels).CopyTo(row.Slice(x * channels, channels));
        }
    }
}
