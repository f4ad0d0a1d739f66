namespace Hamr.Imaging.Transforms;

/// <summary>How a transform reads pixels outside the source image.</summary>
public enum BorderMode
{
    /// <summary>Outside pixels have a constant colour (blended in bilinearly at the edge, as OpenCV's BORDER_CONSTANT).</summary>
    Constant,

    /// <summary>Outside pixels repeat the nearest edge pixel (OpenCV's BORDER_REPLICATE).</summary>
    Replicate,
}

/// <summary>A border rule for warps and crops: a constant colour, or replicate the edge.</summary>
public readonly record struct Border(BorderMode Mode, Rgba Colour)
{
    /// <summary>Outside is <paramref name="colour"/> (on gray images its R; alpha taken from its A where the image has alpha).</summary>
    public static Border Constant(Rgba colour) => new(BorderMode.Constant, colour);

    /// <summary>Outside is transparent black (all channels 0).</summary>
    public static Border Zero => new(BorderMode.Constant, Rgba.Transparent);

    /// <summary>Outside repeats the edge.</summary>
    public static Border Replicate => new(BorderMode.Replicate, default);

    /// <summary>The constant colour's bytes for an image of <paramref name="channels"/> channels, in <paramref name="destination"/>[0..channels).</summary>
    internal void Fill(Span<byte> destination, int channels)
    {
        for (int c = 0; c < channels; c++)
        {
            destination[c] = Colour.Channel(c, channels);
        }
    }
}
