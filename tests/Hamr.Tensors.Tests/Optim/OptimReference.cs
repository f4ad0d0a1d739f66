using Hamr.Tensors.Optim;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Optim;

/// <summary>
/// Naive double-precision references of torch.optim's documented algorithms (no PyTorch is available to make
/// goldens): SGD (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html), Adam and AdamW (the pseudo-code in
/// torch.optim.Adam / AdamW docs, with the bias-corrected denominator sqrt(v)/sqrt(1 − β2^t) + eps).
/// </summary>
internal static class OptimReference
{
    /// <summary>Deterministic per-step gradients, independent of the parameters so both runs see the same values.</summary>
    public static float[][] Gradients(ulong seed, int steps, int n) =>
        Enumerable.Range(0, steps).Select(t => TestData.Random(seed + (ulong)t * 7919, n).ToArray()).ToArray();

    /// <summary>Runs <paramref name="optimizer"/> over a single parameter with the given gradients (Grad is replaced each step).</summary>
    public static void Run(Optimizer optimizer, Tensor parameter, IEnumerable<float[]> gradients, Func<int, double>? lr = null)
    {
        int t = 0;
        foreach (var g in gradients)
        {
            if (lr is not null)
            {
                optimizer.LearningRate = lr(t);
            }
            parameter.Grad = Tensor.FromArray(g, parameter.GetShape());
            optimizer.Step();
            t++;
        }
    }

    public static double[] Sgd(double[] p0, float[][] grads, double lr, double momentum, double dampening, double wd, bool nesterov)
    {
        var p = (double[])p0.Clone();
        double[]? buf = null;
        foreach (var gf in grads)
        {
            var d = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                d[i] = gf[i] + wd * p[i];
            }
            if (momentum != 0)
            {
                if (buf is null)
                {
                    buf = (double[])d.Clone();
                }
                else
                {
                    for (int i = 0; i < p.Length; i++)
                    {
                        buf[i] = momentum * buf[i] + (1 - dampening) * d[i];
                    }
                }
                for (int i = 0; i < p.Length; i++)
                {
                    d[i] = nesterov ? d[i] + momentum * buf[i] : buf[i];
                }
            }
            for (int i = 0; i < p.Length; i++)
            {
                p[i] -= lr * d[i];
            }
        }
        return p;
    }

    public static double[] Adam(double[] p0, float[][] grads, Func<int, double> lr, double beta1, double beta2, double eps,
        double wd, bool amsgrad, bool decoupled)
    {
        var p = (double[])p0.Clone();
        int n = p.Length;
        var m = new double[n];
        var v = new double[n];
        var vmax = new double[n];
        for (int t = 1; t <= grads.Length; t++)
        {
            double a = lr(t - 1);
            for (int i = 0; i < n; i++)
            {
                double g = grads[t - 1][i];
                if (decoupled)
                {
                    p[i] *= 1 - a * wd;
                }
                else
                {
                    g += wd * p[i];
                }
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                vmax[i] = Math.Max(vmax[i], v[i]);
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double denom = Math.Sqrt(amsgrad ? vmax[i] : v[i]) / Math.Sqrt(1 - Math.Pow(beta2, t)) + eps;
                p[i] -= a * mHat / denom;
            }
        }
        return p;
    }

    public static void AssertClose(double[] expected, float[] actual, double tolerance = 2e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(expected[i] - actual[i]);
            Assert.True(err <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (error {err:E3})");
        }
    }
}
