namespace Hamr.Imaging;

/// <summary>
/// An 8-bit colour with straight (not premultiplied) alpha: the fill of borders and the paint of drawing.
/// A = 255 is opaque, 0 leaves the canvas unchanged. On gray images R stands for the gray level.
/// </summary>
public readonly record struct Rgba(byte R, byte G, byte B, byte A = 255)
{
    public static Rgba Black => new(0, 0, 0);

    public static Rgba White => new(255, 255, 255);

    public static Rgba Transparent => new(0, 0, 0, 0);

    /// <summary>This colour with alpha <paramref name="alpha"/> in [0, 1] (clamped, rounded to 1/255).</summary>
    public Rgba WithAlpha(float alpha) => this with { A = (byte)MathF.Round(Math.Clamp(alpha, 0f, 1f) * 255f) };

    /// <summary>Channel <paramref name="c"/> in an image of <paramref name="channels"/> channels (gray, gray+alpha, RGB, RGBA).</summary>
    public byte Channel(int c, int channels) => (channels, c) switch
    {
        (1 or 2, 0) => R,
        (2, 1) => A,
        (_, 0) => R,
        (_, 1) => G,
        (_, 2) => B,
        _ => A,
    };
}
