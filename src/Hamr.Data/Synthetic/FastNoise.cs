using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Additive Gaussian sensor noise from a table of 1024 standard normal values indexed by random bits: three samples
/// per 32-bit draw instead of a logarithm and a sine each (ImageTransforms.AddGaussianNoise is exact but costs more
/// than the rest of a 128-px sample). Deterministic in the generator's state.
/// </summary>
internal static class FastNoise
{
    private static readonly float[] s_normals = MakeTable();

    /// <summary>Adds N(0, σ²) noise (σ in 8-bit levels) to every byte, rounded and saturated.</summary>
    public static void Add(Span<byte> pixels, float sigma, TensorRandom random)
    {
        var table = s_normals;
        int i = 0;
        while (i < pixels.Length)
        {
            uint bits = random.NextUInt();
            for (int k = 0; k < 3 && i < pixels.Length; k++, i++, bits >>= 10)
            {
                float v = pixels[i] + sigma * table[bits & 1023] + 0.5f;
                pixels[i] = v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
            }
        }
    }

    /// <summary>The normal distribution's quantiles at the midpoints of 1024 equal-probability bins.</summary>
    private static float[] MakeTable()
    {
        var table = new float[1024];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)InverseNormal((i + 0.5) / table.Length);
        }
        return table;
    }

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9).</summary>
    private static double InverseNormal(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;
        if (p < Low || p > 1 - Low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p < Low ? p : 1 - p));
            double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < Low ? x : -x;
        }
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
