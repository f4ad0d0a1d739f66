namespace Hamr.Imaging;

/// <summary>
/// A 16-bit image in memory, laid out like <see cref="Image"/> (rows of interleaved channels, 1 gray, 2 gray+alpha,
/// 3 RGB, 4 RGBA) with one <see cref="ushort"/> per sample: for 16-bit PNGs (depth maps, scientific images) that
/// must keep full precision. Lower depths are scaled so 0 and the maximum map to 0 and 65535.
/// </summary>
public sealed class Image16
{
    /// <summary>A black (all-zero) image.</summary>
    public Image16(int width, int height, int channels)
    {
        Image.Validate(width, height, channels);
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = new ushort[(long)width * height * channels];
    }

    /// <summary>Wraps an existing buffer of exactly width·height·channels samples (not copied).</summary>
    public Image16(int width, int height, int channels, ushort[] pixels)
    {
        Image.Validate(width, height, channels);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"pixel buffer holds {pixels.LongLength} samples, expected {(long)width * height * channels} for {width}×{height}×{channels}", nameof(pixels));
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

    /// <summary>Row-major interleaved samples, <see cref="Stride"/> samples per row.</summary>
    public ushort[] Pixels { get; }

    /// <summary>Samples per row.</summary>
    public int Stride => Width * Channels;

    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>The samples of row <paramref name="y"/>.</summary>
    public Span<ushort> Row(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"row outside 0..{Height - 1}");
        }

        return Pixels.AsSpan(y * Stride, Stride);
    }

    /// <summary>Channel <paramref name="c"/> of pixel (x, y).</summary>
    public ushort this[int x, int y, int c]
    {
        get => Pixels[Index(x, y, c)];
        set => Pixels[Index(x, y, c)] = value;
    }

    /// <summary>
    /// The 8-bit image, each sample rounded to the nearest 8-bit level: (v·255 + 32767) / 65535, which is exact
    /// for samples that came from 8 bits (v = b·257).
    /// </summary>
    public Image ToImage()
    {
        var image = new Image(Width, Height, Channels);
        var dst = image.Pixels;
        for (long i = 0; i < dst.LongLength; i++)
        {
            dst[i] = To8Bit(Pixels[i]);
        }

        return image;
    }

    /// <summary>The 16-bit image of an 8-bit one (each sample times 257, so 255 becomes 65535).</summary>
    public static Image16 FromImage(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Image16(image.Width, image.Height, image.Channels);
        var src = image.Pixels;
        for (long i = 0; i < src.LongLength; i++)
        {
            result.Pixels[i] = (ushort)(src[i] * 257);
        }

        return result;
    }

    public Image16 Clone() => new(Width, Height, Channels, (ushort[])Pixels.Clone());

    public override string ToString() => $"Image16 {Width}×{Height}×{Channels}";

    internal static byte To8Bit(uint sample) => (byte)(((sample * 255) + 32767) / 65535);

    private int Index(int x, int y, int c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)c >= (uint)Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}, {c}) outside {Width}×{Height}×{Channels}");
        }

        return ((y * Width) + x) * Channels + c;
    }
}
