using System.Buffers;

namespace Hamr.Imaging.Transforms;

public static partial class ImageTransforms
{
    /// <summary>A new <paramref name="width"/>×<paramref name="height"/> image: <paramref name="source"/> resized (see <see cref="Resize(Image, Image)"/>).</summary>
    public static Image Resize(Image source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(width, height, source.Channels);
        Resize(source, destination);
        return destination;
    }

    /// <summary>
    /// Resizes <paramref name="source"/> to fill <paramref name="destination"/>, each axis on its own (separable):
    /// an axis that shrinks (or keeps its size) is area-averaged, an exact box filter where each output pixel is the
    /// mean of the source pixels it covers weighted by fractional coverage (OpenCV's INTER_AREA); an axis that grows
    /// is interpolated bilinearly between pixel centres with half-pixel alignment, src = (dst + 0.5)·scale − 0.5, edges
    /// replicated (OpenCV's INTER_LINEAR). Float weights, rounded half up at the end. A shrink by whole factors on
    /// both axes takes an integer path instead: each output is the exact block mean rounded half up, so a 2× shrink
    /// is (a + b + c + d + 2) / 4 of each 2×2 block. Scratch comes from the shared array pool.
    /// </summary>
    public static void Resize(Image source, Image destination)
    {
        CheckPair(source, destination);
        if (TryResizeIntegerArea(source, destination))
        {
            return;
        }
        int rowLength = destination.Width * source.Channels;
        AxisWeights xs = AxisWeights.Rent(source.Width, destination.Width), ys = AxisWeights.Rent(source.Height, destination.Height);
        float[] rows = ArrayPool<float>.Shared.Rent(source.Height * rowLength);
        try
        {
            // Pass 1: every source row resampled along x into a float row; pass 2: those rows combined along y.
            RunBands(source.Height, (long)source.Width * source.Height, new HorizontalPass(source, xs, rows, rowLength));
            RunBands(destination.Height, (long)destination.Width * destination.Height, new VerticalPass(destination, ys, rows, rowLength));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            xs.Return();
            ys.Return();
        }
    }

    /// <summary>
    /// The taps of a 1D resampling: output i reads source [Start[i], Start[i] + Count[i]) with weights
    /// Weights[i·Taps ..], which sum to 1. Arrays rented from the pool (longer than needed).
    /// </summary>
    private readonly struct AxisWeights
    {
        public readonly int[] Start;
        public readonly int[] Count;
        public readonly float[] Weights;
        public readonly int Taps;

        private AxisWeights(int n, int taps)
        {
            Start = ArrayPool<int>.Shared.Rent(n);
            Count = ArrayPool<int>.Shared.Rent(n);
            Weights = ArrayPool<float>.Shared.Rent(n * taps);
            Taps = taps;
        }

        public static AxisWeights Rent(int sourceLength, int destinationLength)
        {
            double scale = sourceLength / (double)destinationLength;
            if (scale >= 1)
            {
                // Area: output i covers source [i·scale, (i + 1)·scale); each source pixel weighs its overlap / scale.
                var area = new AxisWeights(destinationLength, (int)Math.Ceiling(scale) + 1);
                for (int i = 0; i < destinationLength; i++)
                {
                    double lo = i * scale, hi = Math.Min((i + 1) * scale, sourceLength);
                    int first = (int)Math.Floor(lo), end = Math.Min((int)Math.Ceiling(hi), sourceLength);
                    area.Start[i] = first;
                    area.Count[i] = end - first;
                    for (int k = first; k < end; k++)
                    {
                        area.Weights[i * area.Taps + k - first] = (float)((Math.Min(hi, k + 1) - Math.Max(lo, k)) / scale);
                    }
                }
                return area;
            }
            // Bilinear: output i's centre sits at source i + 0.5 scaled, between two source centres; clamp at the edges.
            var linear = new AxisWeights(destinationLength, 2);
            for (int i = 0; i < destinationLength; i++)
            {
                double position = (i + 0.5) * scale - 0.5;
                int left = (int)Math.Floor(position);
                double fraction = position - left;
                if (left < 0)
                {
                    left = 0;
                    fraction = 0;
                }
                if (left >= sourceLength - 1)
                {
                    left = sourceLength - 1;
                    fraction = 0;
                }
                linear.Start[i] = left;
                linear.Count[i] = fraction > 0 ? 2 : 1;
                linear.Weights[2 * i] = (float)(1 - fraction);
                linear.Weights[2 * i + 1] = (float)fraction;
            }
            return linear;
        }

        public void Return()
        {
            ArrayPool<int>.Shared.Return(Start);
            ArrayPool<int>.Shared.Return(Count);
            ArrayPool<float>.Shared.Return(Weights);
        }
    }

    /// <summary>Resamples source rows along x into float rows (row y at rows[y·rowLength ..]).</summary>
    private readonly struct HorizontalPass(Image source, AxisWeights xs, float[] rows, int rowLength) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            int ch = source.Channels, outWidth = rowLength / ch;
            for (int y = y0; y < y1; y++)
            {
                ReadOnlySpan<byte> src = source.Row(y);
                Span<float> dst = rows.AsSpan(y * rowLength, rowLength);
                for (int i = 0; i < outWidth; i++)
                {
                    ReadOnlySpan<float> w = xs.Weights.AsSpan(i * xs.Taps, xs.Count[i]);
                    ReadOnlySpan<byte> taps = src.Slice(xs.Start[i] * ch, w.Length * ch);
                    for (int c = 0; c < ch; c++)
                    {
                        float sum = 0;
                        for (int k = 0; k < w.Length; k++)
                        {
                            sum += w[k] * taps[k * ch + c];
                        }
                        dst[i * ch + c] = sum;
                    }
                }
            }
        }
    }

    /// <summary>Combines float rows along y into destination rows, rounding half up.</summary>
    private readonly struct VerticalPass(Image destination, AxisWeights ys, float[] rows, int rowLength) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(rowLength);
            Span<int> offsets = stackalloc int[ys.Taps];
            try
            {
                Span<float> acc = scratch.AsSpan(0, rowLength);
                for (int y = y0; y < y1; y++)
                {
                    int taps = ys.Count[y];
                    for (int k = 0; k < taps; k++)
                    {
                        offsets[k] = (ys.Start[y] + k) * rowLength;
                    }
                    WeightedSum(rows, offsets[..taps], ys.Weights.AsSpan(y * ys.Taps, taps), acc);
                    StoreRounded(acc, destination.Row(y));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>Rounds half up and saturates (the weights are non-negative, so sums are ≥ 0 up to rounding).</summary>
    internal static byte ToByte(float value) => (byte)Math.Clamp((int)(value + 0.5f), 0, 255);
}
