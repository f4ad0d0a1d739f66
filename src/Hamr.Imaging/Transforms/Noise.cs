using Hamr.Tensors;

namespace Hamr.Imaging.Transforms;

public static partial class ImageTransforms
{
    /// <summary>A new image: <paramref name="source"/> plus Gaussian noise from a generator seeded with <paramref name="seed"/>.</summary>
    public static Image AddGaussianNoise(Image source, double sigma, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(source.Width, source.Height, source.Channels);
        AddGaussianNoise(source, destination, sigma, new TensorRandom(seed));
        return destination;
    }

    /// <summary>
    /// Adds independent N(0, σ²) noise (σ in 8-bit levels) to every colour channel of every pixel, rounding half up
    /// and saturating; alpha is copied unchanged. Draws one normal per colour value in row-major order from
    /// <paramref name="random"/>, so the same generator state gives the same image. Destination may be the source.
    /// </summary>
    public static void AddGaussianNoise(Image source, Image destination, double sigma, TensorRandom random)
    {
        CheckSameShape(source, destination);
        ArgumentNullException.ThrowIfNull(random);
        if (!(sigma >= 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "noise sigma must be finite and ≥ 0");
        }
        int ch = source.Channels, colours = source.HasAlpha ? ch - 1 : ch;
        float s = (float)sigma;
        ReadOnlySpan<byte> src = source.Pixels;
        Span<byte> dst = destination.Pixels;
        for (int i = 0; i < src.Length; i += ch)
        {
            for (int c = 0; c < colours; c++)
            {
                dst[i + c] = ToByte(src[i + c] + s * random.NextGaussian());
            }
            if (colours < ch)
            {
                dst[i + colours] = src[i + colours];
            }
        }
    }
}
