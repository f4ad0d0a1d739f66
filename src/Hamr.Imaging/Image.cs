namespace Hamr.Imaging;

/// <summary>
/// An 8-bit image in memory: <see cref="Height"/> rows of <see cref="Width"/> pixels, each pixel
/// <see cref="Channels"/> interleaved bytes (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), rows packed with no padding.
/// The pixel buffer is owned by the image and exposed for kernels; (x, y) is column, row with (0, 0) top-left.
/// </summary>
public sealed class Image
{
    /// <summary>Largest width or height accepted anywhere (decoders refuse larger headers before allocating).</summary>
    public const int MaxDimension = 1 << 15;

    /// <summary>Largest pixel count accepted (2^28 ≈ 268 megapixels, 1 GiB of RGBA).</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>A black (all-zero, transparent where there is alpha) image.</summary>
    public Image(int width, int height, int channels)
    {
        Validate(width, height, channels);
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = new byte[(long)width * height * channels];
    }

    /// <summary>Wraps an existing buffer of exactly width·height·channels bytes (not copied).</summary>
    public Image(int width, int height, int channels, byte[] pixels)
    {
        Validate(width, height, channels);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"pixel buffer holds {pixels.LongLength} bytes, expected {(long)width * height * channels} for {width}×{height}×{channels}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>1 (gray), 2 (gray, alpha), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Row-major interleaved bytes, <see cref="Stride"/> bytes per row.</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * Channels;

    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>The bytes of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"row outside 0..{Height - 1}");
        }

        return Pixels.AsSpan(y * Stride, Stride);
    }

    /// <summary>Channel <paramref name="c"/> of pixel (x, y).</summary>
    public byte this[int x, int y, int c]
    {
        get => Pixels[Index(x, y, c)];
        set => Pixels[Index(x, y, c)] = value;
    }

    public Image Clone() => new(Width, Height, Channels, (byte[])Pixels.Clone());

    public override string ToString() => $"Image {Width}×{Height}×{Channels}";

    private int Index(int x, int y, int c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)c >= (uint)Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}, {c}) outside {Width}×{Height}×{Channels}");
        }

        return ((y * Width) + x) * Channels + c;
    }

    internal static void Validate(int width, int height, int channels)
    {
        if (width <= 0 || height <= 0 || width > MaxDimension || height > MaxDimension || (long)width * height > MaxPixels)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}×{height} outside 1..{MaxDimension} per side and {MaxPixels} pixels");
        }

        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1, 2, 3 or 4");
        }
    }
}
