namespace Hamr.Imaging.Codecs;

/// <summary>
/// What the chunks of a PNG file hold once read and checked: the header, the palette and transparency, and the
/// compressed image data (all IDAT chunks joined). Chunk order and presence rules are enforced here.
/// </summary>
internal sealed class PngContainer
{
    /// <summary>
    /// Deflate cannot expand more than 1032:1 (a 258-byte match in two 1-bit codes), so image data claiming more
    /// than this per compressed byte is refused before the output is allocated.
    /// </summary>
    private const long MaxInflateRatio = 1032;

    private PngContainer(PngHeader header, byte[] compressed)
    {
        Header = header;
        Compressed = compressed;
    }

    public PngHeader Header { get; }

    /// <summary>The zlib stream: the data of every IDAT chunk, joined in file order.</summary>
    public byte[] Compressed { get; }

    /// <summary>RGB triples of the palette (PLTE), or empty.</summary>
    public byte[] Palette { get; private set; } = [];

    public int PaletteCount => Palette.Length / 3;

    /// <summary>Alpha of each palette entry (255 past the end of tRNS), or null without tRNS.</summary>
    public byte[]? PaletteAlpha { get; private set; }

    /// <summary>The transparent gray or RGB value at the file's bit depth, or null without tRNS.</summary>
    public ushort[]? TransparentKey { get; private set; }

    public bool HasTransparency => PaletteAlpha is not null || TransparentKey is not null;

    /// <summary>Channels of the decoded image: gray 1, gray+alpha 2, RGB and palette 3; tRNS adds alpha.</summary>
    public int OutputChannels => Header.ColorType switch
    {
        PngColorType.Gray => HasTransparency ? 2 : 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb or PngColorType.Palette => HasTransparency ? 4 : 3,
        _ => 4,
    };

    /// <summary>Checks the signature and the header chunk only.</summary>
    public static PngHeader ReadHeader(ReadOnlySpan<byte> data, string source)
    {
        CheckSignature(data, source);
        var reader = new PngChunkReader(data, source);
        if (!reader.TryRead(out var chunk))
        {
            throw Png.Error(source, "truncated: nothing after the signature (no IHDR chunk)");
        }

        if (chunk.Type != PngChunkType.Ihdr)
        {
            throw Png.Error(source, $"first chunk is {chunk.Name}, expected IHDR");
        }

        return PngHeader.Parse(chunk.Data, source);
    }

    /// <summary>Reads every chunk up to IEND (data after IEND is ignored, as other decoders do).</summary>
    public static PngContainer Read(ReadOnlySpan<byte> data, string source)
    {
        var header = ReadHeader(data, source);
        var reader = new PngChunkReader(data, source);
        reader.TryRead(out _); // IHDR, checked above
        byte[]? palette = null;
        ReadOnlySpan<byte> transparency = default;
        bool hasTransparency = false, idatSeen = false, idatEnded = false, iendSeen = false;
        var idatRanges = new List<(int Start, int Length)>();
        long compressedLength = 0;
        while (!iendSeen && reader.TryRead(out var chunk))
        {
            if (idatSeen && chunk.Type != PngChunkType.Idat)
            {
                idatEnded = true;
            }

            switch (chunk.Type)
            {
                case PngChunkType.Ihdr:
                    throw Png.Error(source, $"second IHDR chunk at offset {chunk.Offset}");
                case PngChunkType.Plte:
                    if (idatSeen || palette is not null || hasTransparency)
                    {
                        throw Png.Error(source, $"PLTE at offset {chunk.Offset} is out of place (after IDAT or tRNS, or a second PLTE)");
                    }

                    palette = ReadPalette(chunk.Data, header, source);
                    break;
                case PngChunkType.Trns:
                    if (idatSeen || hasTransparency)
                    {
                        throw Png.Error(source, $"tRNS at offset {chunk.Offset} is out of place (after IDAT, or a second tRNS)");
                    }

                    transparency = chunk.Data;
                    hasTransparency = true;
                    break;
                case PngChunkType.Idat:
                    if (idatEnded)
                    {
                        throw Png.Error(source, $"IDAT chunk at offset {chunk.Offset} does not follow the other IDAT chunks (they must be consecutive)");
                    }

                    if (header.ColorType == PngColorType.Palette && palette is null)
                    {
                        throw Png.Error(source, "palette image has no PLTE chunk before its IDAT");
                    }

                    idatSeen = true;
                    idatRanges.Add((chunk.Offset + 8, chunk.Data.Length));
                    compressedLength += chunk.Data.Length;
                    break;
                case PngChunkType.Iend:
                    iendSeen = true;
                    break;
                default:
                    if (PngChunkType.IsCritical(chunk.Type))
                    {
                        throw Png.Error(source, $"unknown critical chunk {chunk.Name} at offset {chunk.Offset}");
                    }

                    break; // ancillary chunks (gAMA, tEXt, pHYs, private ones, ...) do not change the pixels
            }
        }

        if (!idatSeen)
        {
            throw Png.Error(source, iendSeen ? "no IDAT chunk (no image data)" : "truncated: file ends before any IDAT chunk");
        }

        if (!iendSeen)
        {
            throw Png.Error(source, $"truncated: file ends after {data.Length} bytes without an IEND chunk");
        }

        long rawSize = header.RawSize;
        if (rawSize > (compressedLength * MaxInflateRatio) + 1024)
        {
            throw Png.Error(source, $"{compressedLength} bytes of compressed data cannot hold the {rawSize} bytes a {header} image needs");
        }

        var compressed = new byte[compressedLength];
        int at = 0;
        foreach (var (start, length) in idatRanges)
        {
            data.Slice(start, length).CopyTo(compressed.AsSpan(at));
            at += length;
        }

        var container = new PngContainer(header, compressed) { Palette = palette ?? [] };
        if (hasTransparency)
        {
            container.ReadTransparency(transparency, source);
        }

        return container;
    }

    private static void CheckSignature(ReadOnlySpan<byte> data, string source)
    {
        if (data.IsEmpty)
        {
            throw Png.Error(source, "empty input (0 bytes)");
        }

        var signature = Png.Signature;
        int n = Math.Min(data.Length, signature.Length);
        if (!data[..n].SequenceEqual(signature[..n]))
        {
            throw Png.Error(source, $"not a PNG file: starts with {Convert.ToHexString(data[..n])}, a PNG starts with {Convert.ToHexString(signature)}");
        }

        if (data.Length < signature.Length)
        {
            throw Png.Error(source, $"truncated: {data.Length} bytes, shorter than the 8-byte signature");
        }
    }

    private static byte[] ReadPalette(ReadOnlySpan<byte> body, PngHeader header, string source)
    {
        if (header.ColorType is PngColorType.Gray or PngColorType.GrayAlpha)
        {
            throw Png.Error(source, $"PLTE chunk in a {header.ColorType} image (palettes are for colour images only)");
        }

        if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 256 * 3)
        {
            throw Png.Error(source, $"PLTE holds {body.Length} bytes, expected 3 per entry and 1..256 entries");
        }

        if (header.ColorType != PngColorType.Palette)
        {
            return []; // a suggested palette for a true-colour image: not needed to decode it
        }

        // Entries an index of this depth cannot reach are dropped (libpng does the same).
        int entries = Math.Min(body.Length / 3, 1 << header.BitDepth);
        return body[..(entries * 3)].ToArray();
    }

    private void ReadTransparency(ReadOnlySpan<byte> body, string source)
    {
        switch (Header.ColorType)
        {
            case PngColorType.Gray:
                ExpectLength(body, 2, source);
                TransparentKey = [(ushort)((body[0] << 8) | body[1])];
                break;
            case PngColorType.Rgb:
                ExpectLength(body, 6, source);
                TransparentKey = [(ushort)((body[0] << 8) | body[1]), (ushort)((body[2] << 8) | body[3]), (ushort)((body[4] << 8) | body[5])];
                break;
            case PngColorType.Palette:
                if (body.Length > PaletteCount)
                {
                    throw Png.Error(source, $"tRNS holds {body.Length} alpha values for a palette of {PaletteCount} entries");
                }

                var alpha = new byte[PaletteCount];
                alpha.AsSpan().Fill(255);
                body.CopyTo(alpha);
                PaletteAlpha = alpha;
                break;
            default:
                break; // images with an alpha channel may not carry tRNS; ignored like libpng does
        }
    }

    private static void ExpectLength(ReadOnlySpan<byte> body, int length, string source)
    {
        if (body.Length != length)
        {
            throw Png.Error(source, $"tRNS holds {body.Length} bytes, expected {length}");
        }
    }
}
