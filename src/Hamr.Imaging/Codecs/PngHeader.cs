using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>PNG colour types (IHDR byte 9): bit 1 colour, bit 2 alpha, bit 0 palette.</summary>
public enum PngColorType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}

/// <summary>What the IHDR chunk says about an image: size, sample depth, colour type and interlacing.</summary>
public readonly struct PngHeader : IEquatable<PngHeader>
{
    public PngHeader(int width, int height, int bitDepth, PngColorType colorType, bool interlaced)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        Interlaced = interlaced;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bits per sample (per palette index for palette images): 1, 2, 4, 8 or 16.</summary>
    public int BitDepth { get; }

    public PngColorType ColorType { get; }

    /// <summary>True for Adam7 interlacing.</summary>
    public bool Interlaced { get; }

    /// <summary>Samples per pixel as stored in the file (a palette index is one sample).</summary>
    public int SamplesPerPixel => ColorType switch
    {
        PngColorType.Gray or PngColorType.Palette => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    internal int BitsPerPixel => SamplesPerPixel * BitDepth;

    /// <summary>The byte distance the filters look back: one whole pixel, or one byte below 8 bits a pixel.</summary>
    internal int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes in one filtered row of <paramref name="width"/> pixels, without the filter-type byte.</summary>
    internal long RowBytes(int width) => (((long)width * BitsPerPixel) + 7) / 8;

    /// <summary>Bytes the decompressed image data must hold exactly: every row of every pass plus its filter byte.</summary>
    internal long RawSize
    {
        get
        {
            if (!Interlaced)
            {
                return (long)Height * (1 + RowBytes(Width));
            }

            long total = 0;
            foreach (var pass in Adam7.Passes)
            {
                (int w, int h) = pass.Size(Width, Height);
                if (w > 0 && h > 0)
                {
                    total += (long)h * (1 + RowBytes(w));
                }
            }

            return total;
        }
    }

    public bool Equals(PngHeader other) =>
        Width == other.Width && Height == other.Height && BitDepth == other.BitDepth &&
        ColorType == other.ColorType && Interlaced == other.Interlaced;

    public override bool Equals(object? obj) => obj is PngHeader other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Width, Height, BitDepth, ColorType, Interlaced);

    public static bool operator ==(PngHeader left, PngHeader right) => left.Equals(right);

    public static bool operator !=(PngHeader left, PngHeader right) => !left.Equals(right);

    public override string ToString() =>
        $"{Width}×{Height} {ColorType} {BitDepth}-bit{(Interlaced ? " Adam7" : "")}";

    /// <summary>Parses and validates IHDR's 13 bytes; sizes beyond <see cref="Image"/>'s limits are refused here.</summary>
    internal static PngHeader Parse(ReadOnlySpan<byte> body, string source)
    {
        if (body.Length != 13)
        {
            throw Png.Error(source, $"IHDR holds {body.Length} bytes, expected 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8];
        var colorType = (PngColorType)body[9];
        if (width == 0 || height == 0)
        {
            throw Png.Error(source, $"image size {width}×{height} has a zero side");
        }

        if (width > Image.MaxDimension || height > Image.MaxDimension || (long)width * height > Image.MaxPixels)
        {
            throw Png.Error(source, $"image size {width}×{height} is larger than this decoder accepts ({Image.MaxDimension} per side, {Image.MaxPixels} pixels)");
        }

        bool depthAllowed = colorType switch
        {
            PngColorType.Gray => depth is 1 or 2 or 4 or 8 or 16,
            PngColorType.Palette => depth is 1 or 2 or 4 or 8,
            PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => depth is 8 or 16,
            _ => throw Png.Error(source, $"unknown colour type {body[9]} (PNG defines 0, 2, 3, 4, 6)"),
        };
        if (!depthAllowed)
        {
            throw Png.Error(source, $"bit depth {depth} is not allowed for colour type {(int)colorType} ({colorType})");
        }

        if (body[10] != 0)
        {
            throw Png.Error(source, $"unknown compression method {body[10]} (only 0, deflate, exists)");
        }

        if (body[11] != 0)
        {
            throw Png.Error(source, $"unknown filter method {body[11]} (only 0 exists)");
        }

        if (body[12] > 1)
        {
            throw Png.Error(source, $"unknown interlace method {body[12]} (0 none, 1 Adam7)");
        }

        return new PngHeader((int)width, (int)height, depth, colorType, body[12] == 1);
    }
}

/// <summary>One Adam7 pass: the pixels at (X0 + i·Dx, Y0 + j·Dy).</summary>
internal readonly record struct Adam7Pass(int X0, int Y0, int Dx, int Dy)
{
    /// <summary>The pass's sub-image size (zero on a side when the image is too small to reach it).</summary>
    public (int Width, int Height) Size(int width, int height) =>
        (width > X0 ? (width - X0 + Dx - 1) / Dx : 0, height > Y0 ? (height - Y0 + Dy - 1) / Dy : 0);
}

/// <summary>The seven passes of Adam7 interlacing, in file order.</summary>
internal static class Adam7
{
    public static readonly Adam7Pass[] Passes =
    [
        new(0, 0, 8, 8), new(4, 0, 8, 8), new(0, 4, 4, 8), new(2, 0, 4, 4), new(0, 2, 2, 4), new(1, 0, 2, 2), new(0, 1, 1, 2),
    ];

    /// <summary>The single "pass" of a non-interlaced image, so both layouts share one row loop.</summary>
    public static readonly Adam7Pass[] Whole = [new(0, 0, 1, 1)];
}
