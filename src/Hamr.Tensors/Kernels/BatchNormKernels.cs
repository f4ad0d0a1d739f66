using System.Numerics;

namespace Hamr.Tensors.Kernels;

/// <summary>A contiguous [N, C, S] view of a batch-norm input: S is the product of the spatial axes (1 for [N, C]).</summary>
internal readonly record struct ChannelLayout(int N, int C, int S)
{
    /// <summary>Elements per channel (the statistics' sample count).</summary>
    public int M => N * S;

    public int Run(int n, int c) => (n * C + c) * S;
}

/// <summary>
/// Per-channel kernels of batch normalisation: statistics (double, corrected two-pass), the affine map
/// y = x·scale[c] + shift[c], the two gradient sums, and the closed-form input gradient dx = k1·g + k2·x + k3.
/// Runs of S elements are processed with <see cref="Vector{T}"/> in blocks summed into doubles.
/// </summary>
internal static class BatchNormKernels
{
    private const int Block = 256;

    /// <summary>
    /// Mean and biased variance of each channel. Pass 1 estimates the mean; pass 2 sums d = x − m̂ and d², and
    /// var = (Σd² − (Σd)²/M)/M corrects for the error in m̂ (Chan et al.'s corrected two-pass algorithm).
    /// </summary>
    public static void Statistics(float[] x, int xOffset, ChannelLayout l, float[] mean, float[] variance)
    {
        if (PlaneParallel.Worth(l.C, 2L * l.N * l.C * l.S))
        {
            PlaneParallel.For(l.C, (c0, c1) => StatisticsRange(x, xOffset, l, mean, variance, c0, c1));
        }
        else
        {
            StatisticsRange(x, xOffset, l, mean, variance, 0, l.C);
        }
    }

    private static void StatisticsRange(float[] x, int xOffset, ChannelLayout l, float[] mean, float[] variance, int c0, int c1)
    {
        for (int c = c0; c < c1; c++)
        {
            double sum = 0;
            for (int n = 0; n < l.N; n++)
            {
                sum += SumProducts(x.AsSpan(xOffset + l.Run(n, c), l.S), default, 0f, out _);
            }
            float estimate = (float)(sum / l.M);
            double sd = 0, sd2 = 0;
            for (int n = 0; n < l.N; n++)
            {
                var run = x.AsSpan(xOffset + l.Run(n, c), l.S);
                sd += SumProducts(run, default, estimate, out double squares, square: true);
                sd2 += squares;
            }
            mean[c] = (float)(estimate + sd / l.M);
            variance[c] = (float)Math.Max((sd2 - sd * sd / l.M) / l.M, 0);
        }
    }

    /// <summary>
    /// Returns Σ d with d = a − shift; <paramref name="products"/> gets Σ d·b, or Σ d² when b is empty and
    /// <paramref name="square"/> is set (otherwise 0). Accumulated per block in float vectors, across blocks in double.
    /// </summary>
    private static double SumProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float shift, out double products,
        bool square = false)
    {
        double total = 0;
        products = 0;
        bool withB = !b.IsEmpty || square;
        int width = Vector<float>.Count;
        var vshift = new Vector<float>(shift);
        for (int start = 0; start < a.Length; start += Block)
        {
            int end = Math.Min(start + Block, a.Length);
            var vs = Vector<float>.Zero;
            var vp = Vector<float>.Zero;
            int i = start;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i + width <= end; i += width)
                {
                    var d = new Vector<float>(a.Slice(i)) - vshift;
                    vs += d;
                    if (withB)
                    {
                        vp += d * (square ? d : new Vector<float>(b.Slice(i)));
                    }
                }
            }
            float s = Vector.Sum(vs), p = Vector.Sum(vp);
            for (; i < end; i++)
            {
                float d = a[i] - shift;
                s += d;
                if (withB)
                {
                    p += d * (square ? d : b[i]);
                }
            }
            total += s;
            products += p;
        }
        return total;
    }

    /// <summary>y = x·scale[c] + shift[c] over every run (y may alias x).</summary>
    public static void Affine(float[] x, int xOffset, float[] y, ChannelLayout l, float[] scale, float[] shift)
    {
        for (int n = 0; n < l.N; n++)
        {
            for (int c = 0; c < l.C; c++)
            {
                int o = l.Run(n, c);
                MultiplyAdd(x.AsSpan(xOffset + o, l.S), scale[c], default, 0f, shift[c], y.AsSpan(o, l.S));
            }
        }
    }

    /// <summary>dst = a·ka + b·kb + k (b may be empty, then kb is ignored).</summary>
    private static void MultiplyAdd(ReadOnlySpan<float> a, float ka, ReadOnlySpan<float> b, float kb, float k, Span<float> dst)
    {
        bool withB = !b.IsEmpty;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            var va = new Vector<float>(ka);
            var vb = new Vector<float>(kb);
            var vk = new Vector<float>(k);
            for (; i + width <= a.Length; i += width)
            {
                var r = new Vector<float>(a.Slice(i)) * va + vk;
                if (withB)
                {
                    r += new Vector<float>(b.Slice(i)) * vb;
                }
                r.CopyTo(dst.Slice(i));
            }
        }
        for (; i < a.Length; i++)
        {
            dst[i] = a[i] * ka + k + (withB ? b[i] * kb : 0f);
        }
    }

    /// <summary>Per channel: sumG[c] = Σ g and sumGx[c] = Σ g·(x − mean[c]).</summary>
    public static void GradientSums(float[] g, int gOffset, float[] x, int xOffset, ChannelLayout l, float[] mean,
        float[] sumG, float[] sumGx)
    {
        if (PlaneParallel.Worth(l.C, 2L * l.N * l.C * l.S))
        {
            PlaneParallel.For(l.C, (c0, c1) => GradientSumsRange(g, gOffset, x, xOffset, l, mean, sumG, sumGx, c0, c1));
        }
        else
        {
            GradientSumsRange(g, gOffset, x, xOffset, l, mean, sumG, sumGx, 0, l.C);
        }
    }

    private static void GradientSumsRange(float[] g, int gOffset, float[] x, int xOffset, ChannelLayout l, float[] mean,
        float[] sumG, float[] sumGx, int c0, int c1)
    {
        for (int c = c0; c < c1; c++)
        {
            double sg = 0, sgx = 0;
            for (int n = 0; n < l.N; n++)
            {
                int o = l.Run(n, c);
                // Σ (x − mean)·g comes out as the products; Σ g itself as a plain sum.
                SumProducts(x.AsSpan(xOffset + o, l.S), g.AsSpan(gOffset + o, l.S), mean[c], out double products);
                sgx += products;
                sg += SumProducts(g.AsSpan(gOffset + o, l.S), default, 0f, out _);
            }
            sumG[c] = (float)sg;
            sumGx[c] = (float)sgx;
        }
    }

    /// <summary>dx = k1[c]·g + k2[c]·x + k3[c] over every run.</summary>
    public static void InputGradient(float[] g, int gOffset, float[] x, int xOffset, float[] dx, ChannelLayout l,
        float[] k1, float[] k2, float[] k3)
    {
        for (int n = 0; n < l.N; n++)
        {
            for (int c = 0; c < l.C; c++)
            {
                int o = l.Run(n, c);
                MultiplyAdd(g.AsSpan(gOffset + o, l.S), k1[c], x.AsSpan(xOffset + o, l.S), k2[c], k3[c], dx.AsSpan(o, l.S));
            }
        }
    }
}
