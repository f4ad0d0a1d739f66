using System.Buffers;
using System.Numerics;

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

    /// <summary>
    /// Convolves source rows along x into float rows: each row is widened to floats with reflected pixels on both
    /// sides, then the output row is Σ_t k[t]·(padded row shifted by t pixels), whole-row vector multiply-adds.
    /// </summary>
    private readonly struct BlurHorizontal(Image source, float[] kernel, int radius, float[] rows) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            int w = source.Width, ch = source.Channels, stride = source.Stride, taps = 2 * radius + 1;
            float[] padded = ArrayPool<float>.Shared.Rent((w + 2 * radius) * ch);
            Span<int> offsets = stackalloc int[taps];
            for (int t = 0; t < taps; t++)
            {
                offsets[t] = t * ch; // tap t reads the padded row shifted by t pixels
            }
            try
            {
                for (int y = y0; y < y1; y++)
                {
                    ReadOnlySpan<byte> src = source.Row(y);
                    Span<float> row = padded.AsSpan(0, (w + 2 * radius) * ch);
                    WidenToFloat(src, row.Slice(radius * ch, stride));
                    for (int p = 1; p <= radius; p++)
                    {
                        int left = Reflect101(-p, w) * ch, right = Reflect101(w - 1 + p, w) * ch;
                        for (int c = 0; c < ch; c++)
                        {
                            row[(radius - p) * ch + c] = src[left + c];
                            row[(radius + w - 1 + p) * ch + c] = src[right + c];
                        }
                    }
                    WeightedSum(padded, offsets, kernel.AsSpan(0, taps), rows.AsSpan(y * stride, stride));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(padded);
            }
        }
    }

    /// <summary>Convolves the float rows along y (reflected rows at the top and bottom) into the destination, rounding half up.</summary>
    private readonly struct BlurVertical(Image destination, float[] kernel, int radius, float[] rows) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            int h = destination.Height, stride = destination.Stride, taps = 2 * radius + 1;
            float[] scratch = ArrayPool<float>.Shared.Rent(stride);
            Span<int> offsets = stackalloc int[taps];
            try
            {
                Span<float> acc = scratch.AsSpan(0, stride);
                for (int y = y0; y < y1; y++)
                {
                    for (int t = 0; t < taps; t++)
                    {
                        offsets[t] = Reflect101(y + t - radius, h) * stride;
                    }
                    WeightedSum(rows, offsets, kernel.AsSpan(0, taps), acc);
                    StoreRounded(acc, destination.Row(y));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>
    /// destination[j] = Σ_t weights[t]·data[offsets[t] + j]: a weighted sum of several windows of one buffer (shifted
    /// copies of a row, or several rows), accumulated in vector registers, one store per output vector.
    /// </summary>
    internal static void WeightedSum(float[] data, ReadOnlySpan<int> offsets, ReadOnlySpan<float> weights, Span<float> destination)
    {
        int n = destination.Length, j = 0, taps = weights.Length;
        ReadOnlySpan<float> all = data;
        for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
        {
            var acc = weights[0] * new Vector<float>(all.Slice(offsets[0] + j, Vector<float>.Count));
            for (int t = 1; t < taps; t++)
            {
                acc += weights[t] * new Vector<float>(all.Slice(offsets[t] + j, Vector<float>.Count));
            }
            acc.CopyTo(destination[j..]);
        }
        for (; j < n; j++)
        {
            float sum = 0;
            for (int t = 0; t < taps; t++)
            {
                sum += weights[t] * all[offsets[t] + j];
            }
            destination[j] = sum;
        }
    }

    /// <summary>destination[j] = value[j] rounded half up and saturated to a byte.</summary>
    internal static void StoreRounded(ReadOnlySpan<float> value, Span<byte> destination)
    {
        int n = value.Length, j = 0, width = Vector<float>.Count;
        var half = new Vector<float>(0.5f);
        var top = new Vector<float>(255f);
        for (; j <= n - 4 * width; j += 4 * width)
        {
            // Four float vectors → uint (truncating the +0.5, i.e. rounding half up) → ushort → one byte vector.
            Vector<uint> a = Vector.ConvertToUInt32(Vector.Min(Vector.Max(new Vector<float>(value[j..]) + half, Vector<float>.Zero), top));
            Vector<uint> b = Vector.ConvertToUInt32(Vector.Min(Vector.Max(new Vector<float>(value[(j + width)..]) + half, Vector<float>.Zero), top));
            Vector<uint> c = Vector.ConvertToUInt32(Vector.Min(Vector.Max(new Vector<float>(value[(j + 2 * width)..]) + half, Vector<float>.Zero), top));
            Vector<uint> d = Vector.ConvertToUInt32(Vector.Min(Vector.Max(new Vector<float>(value[(j + 3 * width)..]) + half, Vector<float>.Zero), top));
            Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, d)).CopyTo(destination[j..]);
        }
        for (; j < n; j++)
        {
            destination[j] = ToByte(value[j]);
        }
    }

    /// <summary>destination[j] = source[j] as float.</summary>
    internal static void WidenToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int n = source.Length, j = 0, width = Vector<byte>.Count;
        for (; j <= n - width; j += width)
        {
            Vector.Widen(new Vector<byte>(source[j..]), out Vector<ushort> low, out Vector<ushort> high);
            Vector.Widen(low, out Vector<uint> a, out Vector<uint> b);
            Vector.Widen(high, out Vector<uint> c, out Vector<uint> d);
            int q = width / 4;
            Vector.ConvertToSingle(a).CopyTo(destination[j..]);
            Vector.ConvertToSingle(b).CopyTo(destination[(j + q)..]);
            Vector.ConvertToSingle(c).CopyTo(destination[(j + 2 * q)..]);
            Vector.ConvertToSingle(d).CopyTo(destination[(j + 3 * q)..]);
        }
        for (; j < n; j++)
        {
            destination[j] = source[j];
        }
    }
}
