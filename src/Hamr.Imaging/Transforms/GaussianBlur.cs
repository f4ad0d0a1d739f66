using System.Buffers;

namespace Hamr.Imaging.Transforms;

public static partial class ImageTransforms
{
    /// <summary>Radius of the Gaussian kernel for <paramref name="sigma"/>: ceil(3σ) (the kernel has 2·radius + 1 taps).</summary>
    public static int GaussianRadius(double sigma) => sigma > 0 ? (int)Math.Ceiling(3 * sigma) : 0;

    /// <summary>A new image: <paramref name="source"/> blurred (see <see cref="GaussianBlur(Image, Image, double)"/>).</summary>
    public static Image GaussianBlur(Image source, double sigma)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(source.Width, source.Height, source.Channels);
        GaussianBlur(source, destination, sigma);
        return destination;
    }

    /// <summary>
    /// Separable Gaussian blur of every channel with standard deviation <paramref name="sigma"/> pixels: taps
    /// exp(−i²/2σ²) for |i| ≤ ceil(3σ), normalised to sum 1; borders reflect without repeating the edge pixel
    /// ("reflect-101": …c b | a b c…, OpenCV's default BORDER_REFLECT_101). Float arithmetic, rounded half up.
    /// σ = 0 copies. Destination may not be the source.
    /// </summary>
    public static void GaussianBlur(Image source, Image destination, double sigma)
    {
        CheckPair(source, destination);
        CheckSameShape(source, destination);
        if (!(sigma >= 0) || !double.IsFinite(sigma) || sigma > Image.MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be finite, ≥ 0 and at most the largest image side");
        }
        int radius = GaussianRadius(sigma);
        if (radius == 0)
        {
            source.Pixels.CopyTo(destination.Pixels, 0);
            return;
        }
        float[] kernel = ArrayPool<float>.Shared.Rent(2 * radius + 1);
        float[] rows = ArrayPool<float>.Shared.Rent(source.Pixels.Length);
        try
        {
            double sum = 0;
            for (int i = -radius; i <= radius; i++)
            {
                sum += Math.Exp(-i * (double)i / (2 * sigma * sigma));
            }
            for (int i = -radius; i <= radius; i++)
            {
                kernel[i + radius] = (float)(Math.Exp(-i * (double)i / (2 * sigma * sigma)) / sum);
            }
            long pixels = (long)source.Width * source.Height;
            RunBands(source.Height, pixels, new BlurHorizontal(source, kernel, radius, rows));
            RunBands(source.Height, pixels, new BlurVertical(destination, kernel, radius, rows));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(kernel);
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    /// <summary>Index <paramref name="i"/> reflected into [0, n) without repeating the edge (…2 1 | 0 1 2 … n−2 n−1 | n−2 …).</summary>
    internal static int Reflect101(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }
        int period = 2 * n - 2;
        i %= period;
        if (i < 0)
        {
            i += period;
        }
        return i < n ? i : period - i;
    }

    /// <summary>Convolves source rows along x into float rows, reading reflected pixels near the ends.</summary>
    private readonly struct BlurHorizontal(Image source, float[] kernel, int radius, float[] rows) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            int w = source.Width, ch = source.Channels, taps = 2 * radius + 1;
            ReadOnlySpan<float> k = kernel.AsSpan(0, taps);
            for (int y = y0; y < y1; y++)
            {
                ReadOnlySpan<byte> src = source.Row(y);
                Span<float> dst = rows.AsSpan(y * source.Stride, source.Stride);
                for (int x = 0; x < w; x++)
                {
                    bool inside = x >= radius && x + radius < w;
                    for (int c = 0; c < ch; c++)
                    {
                        float sum = 0;
                        if (inside)
                        {
                            ReadOnlySpan<byte> window = src.Slice((x - radius) * ch, taps * ch);
                            for (int t = 0; t < taps; t++)
                            {
                                sum += k[t] * window[t * ch + c];
                            }
                        }
                        else
                        {
                            for (int t = 0; t < taps; t++)
                            {
                                sum += k[t] * src[Reflect101(x + t - radius, w) * ch + c];
                            }
                        }
                        dst[x * ch + c] = sum;
                    }
                }
            }
        }
    }

    /// <summary>Convolves the float rows along y (reflected rows at the top and bottom) into the destination.</summary>
    private readonly struct BlurVertical(Image destination, float[] kernel, int radius, float[] rows) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            int h = destination.Height, stride = destination.Stride, taps = 2 * radius + 1;
            Span<float> acc = stride <= 4096 ? stackalloc float[stride] : new float[stride];
            for (int y = y0; y < y1; y++)
            {
                acc.Clear();
                for (int t = 0; t < taps; t++)
                {
                    float weight = kernel[t];
                    ReadOnlySpan<float> row = rows.AsSpan(Reflect101(y + t - radius, h) * stride, stride);
                    for (int j = 0; j < acc.Length; j++)
                    {
                        acc[j] += weight * row[j];
                    }
                }
                Span<byte> dst = destination.Row(y);
                for (int j = 0; j < dst.Length; j++)
                {
                    dst[j] = ToByte(acc[j]);
                }
            }
        }
    }
}
