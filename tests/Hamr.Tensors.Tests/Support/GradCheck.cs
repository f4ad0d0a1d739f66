namespace Hamr.Tensors.Tests.Support;

/// <summary>
/// Gradient checks: autograd's gradient of L = Σ f(x)·R (R a fixed random projection) against central
/// differences. <see cref="AgainstReference"/> differentiates a double-precision reference of f (the strict
/// check: h = 1e-6 in double); <see cref="Check"/> differentiates the float forward itself, summed in double
/// (a looser check for composite expressions).
/// </summary>
public static class GradCheck
{
    /// <summary>Checks forward values against <paramref name="reference"/> and gradients against its double Jacobian.</summary>
    public static void AgainstReference(Func<Tensor[], Tensor> f, Func<double[][], double[]> reference, Tensor[] inputs,
        double forwardTolerance = 1e-4, double rtol = 2e-3, double atol = 2e-4, ulong seed = 7)
    {
        var values = inputs.Select(t => t.ToArray().Select(v => (double)v).ToArray()).ToArray();
        var output = f(inputs);
        var expected = reference(values);
        var actual = output.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            Assert.True(err <= forwardTolerance * (1 + Math.Abs(expected[i])),
                $"forward element {i}: got {actual[i]}, reference {expected[i]} (error {err:G3})");
        }
        var projection = Projection(output.Shape.ToArray(), seed);
        Backprop(output, projection);
        var r = projection.ToArray();
        const double h = 1e-6;
        for (int t = 0; t < inputs.Length; t++)
        {
            if (!inputs[t].RequiresGrad)
            {
                continue;
            }
            var analytic = inputs[t].Grad?.ToArray() ?? new float[inputs[t].Count];
            for (int j = 0; j < values[t].Length; j++)
            {
                double v = values[t][j];
                values[t][j] = v + h;
                double plus = Dot(reference(values), r);
                values[t][j] = v - h;
                double minus = Dot(reference(values), r);
                values[t][j] = v;
                Compare(t, j, analytic[j], (plus - minus) / (2 * h), rtol, atol);
            }
        }
    }

    /// <summary>Checks autograd against central differences of the float forward (accumulated in double).</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-2, double rtol = 2e-2,
        double atol = 2e-3, ulong seed = 7)
    {
        var output = f(inputs);
        var projection = Projection(output.Shape.ToArray(), seed);
        Backprop(output, projection);
        var r = projection.ToArray();
        for (int t = 0; t < inputs.Length; t++)
        {
            var x = inputs[t];
            if (!x.RequiresGrad)
            {
                continue;
            }
            Assert.True(x.IsContiguous, "gradcheck inputs must be contiguous");
            var analytic = x.Grad?.ToArray() ?? new float[x.Count];
            var span = x.AsSpan();
            for (int j = 0; j < span.Length; j++)
            {
                float v = span[j];
                span[j] = (float)(v + eps);
                double plus = Evaluate(f, inputs, r);
                span[j] = (float)(v - eps);
                double minus = Evaluate(f, inputs, r);
                span[j] = v;
                Compare(t, j, analytic[j], (plus - minus) / (2 * eps), rtol, atol);
            }
        }
    }

    private static Tensor Projection(int[] shape, ulong seed) =>
        Tensor.RandUniform(new TensorRandom(seed), -1f, 1f, shape);

    private static void Backprop(Tensor output, Tensor projection)
    {
        Assert.True(output.RequiresGrad, "output does not require a gradient: no input was marked RequiresGrad");
        (output * projection).Sum().Backward();
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, float[] r)
    {
        using var _ = GradMode.NoGrad();
        var y = f(inputs).ToArray();
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += (double)y[i] * r[i];
        }
        return s;
    }

    private static double Dot(double[] y, float[] r)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * r[i];
        }
        return s;
    }

    private static void Compare(int input, int element, double analytic, double numeric, double rtol, double atol)
    {
        double err = Math.Abs(analytic - numeric);
        Assert.True(err <= atol + rtol * Math.Max(Math.Abs(analytic), Math.Abs(numeric)),
            $"input {input} element {element}: autograd {analytic:G6}, numeric {numeric:G6} (error {err:G3})");
    }
}
