namespace Hamr.Tensors.Tests.Elementwise;

/// <summary>Double-precision reference helpers and kink-free inputs for the elementwise tests.</summary>
internal static class Ref
{
    public static double[] Map(double[] x, Func<double, double> f) => x.Select(f).ToArray();

    /// <summary>Random values in [lo, hi) pushed at least <paramref name="gap"/> away from each kink.</summary>
    public static Tensor AwayFrom(ulong seed, int[] shape, float lo, float hi, float[] kinks, float gap = 0.05f, bool grad = true)
    {
        var t = Tensor.RandUniform(new TensorRandom(seed), lo, hi, shape);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++)
        {
            foreach (var k in kinks)
            {
                if (MathF.Abs(s[i] - k) < gap)
                {
                    s[i] = s[i] >= k ? k + gap : k - gap;
                }
            }
        }
        return t.RequireGrad(grad);
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>erf by its Taylor series (plenty for |x| ≤ 4 in double).</summary>
    public static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>The gradient an op sends back for an all-ones output gradient.</summary>
    public static float[] OnesGrad(Tensor x, Func<Tensor, Tensor> f)
    {
        x.Grad = null;
        f(x).Sum().Backward();
        return x.Grad!.ToArray();
    }
}
