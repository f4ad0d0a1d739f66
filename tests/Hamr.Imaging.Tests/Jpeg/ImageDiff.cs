namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Comparisons of two images of the same shape.</summary>
internal static class ImageDiff
{
    /// <summary>Largest absolute difference of any channel of any pixel.</summary>
    public static int MaxAbs(Image a, Image b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels), (b.Width, b.Height, b.Channels));
        int max = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a.Pixels[i] - b.Pixels[i]));
        }

        return max;
    }

    /// <summary>Peak signal-to-noise ratio in dB over all channels (infinity when equal).</summary>
    public static double Psnr(Image a, Image b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels), (b.Width, b.Height, b.Channels));
        double sum = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            double d = a.Pixels[i] - b.Pixels[i];
            sum += d * d;
        }

        double mse = sum / a.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
