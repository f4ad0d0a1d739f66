using System.Diagnostics;
using System.Globalization;
using Hamr.Tensors.Kernels;

namespace Hamr.Benchmarks;

/// <summary>
/// Single-thread cost of each piece of the GEMM convolution for one image of each conv-stack layer
/// (im2col, forward GEMM, weight-gradient GEMM, input-gradient GEMM, col2im), best of several repetitions,
/// so conv overheads can be told apart from GEMM time on a noisy machine; then the whole Conv2d op per layer.
/// Verb: convkernels. Env: CONV_THREADS (op-level threads, default 2), CONV_NOX / CONV_NOW (leave the input /
/// the weight and bias without gradient, to time the weight or the input gradient alone).
/// </summary>
internal static class ConvKernelsBench
{
    public static int Run(string[] args)
    {
        int reps = args.Length > 1 && args[0] == "--reps" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        typeof(Gemm).Assembly.GetType("Hamr.Tensors.Kernels.ParallelFor")?.GetProperty("MaxDegree")?.SetValue(null, 1);
        int[] ch = [3, 32, 64, 128, 256];
        int size = 128;
        Console.WriteLine("layer        im2col   fwdGemm  wGemm    xGemm    col2im   (ms per image, best of " + reps + ")");
        for (int l = 0; l < 4; l++)
        {
            var win = new ConvWindow(3, 3, 2, 2, 1, 1, 1, 1);
            int c = ch[l], o = ch[l + 1], oh = win.OutH(size), ow = win.OutW(size), p = oh * ow, rows = c * 9;
            var x = Random(c * size * size);
            var w = Random(o * rows);
            var col = new float[rows * p];
            var y = Random(o * p);
            var gw = new float[o * rows];
            var gx = new float[c * size * size];
            double im2col = Best(reps, () => ConvIm2Col.Im2Col(x, c, size, size, win, oh, ow, col));
            double fwd = Best(reps, () => Gemm.Sgemm(false, false, o, p, rows, 1f, w, rows, col, p, 0f, y, p));
            double wg = Best(reps, () => Gemm.Sgemm(false, true, o, rows, p, 1f, y, p, col, p, 1f, gw, rows));
            double xg = Best(reps, () => Gemm.Sgemm(true, false, rows, p, o, 1f, w, rows, y, p, 0f, col, p));
            double c2i = Best(reps, () => ConvIm2Col.Col2Im(col, c, size, size, win, oh, ow, gx));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"conv{l + 1} {c,3}->{o,-3} {im2col,8:F3} {fwd,8:F3} {wg,8:F3} {xg,8:F3} {c2i,8:F3}"));
            size = oh;
        }
        OpLevel(reps);
        return 0;
    }

    /// <summary>Whole Conv2d op forward and backward at each layer's batch-16 shape (default threads).</summary>
    private static void OpLevel(int reps)
    {
        typeof(Gemm).Assembly.GetType("Hamr.Tensors.Kernels.ParallelFor")?.GetProperty("MaxDegree")?.SetValue(null, s_threads);
        ConvParallel.MaxDegree = s_threads;
        var rng = new Hamr.Tensors.TensorRandom(3);
        int[] ch = [3, 32, 64, 128, 256];
        int size = 128;
        Console.WriteLine("layer        forward  backward (ms per batch of 16, best of " + reps + ")");
        for (int l = 0; l < 4; l++)
        {
            var x = Hamr.Tensors.Tensor.RandN(rng, 16, ch[l], size, size).RequireGrad(l > 0 && Environment.GetEnvironmentVariable("CONV_NOX") is null);
            bool noW = Environment.GetEnvironmentVariable("CONV_NOW") is not null;
            var w = Hamr.Tensors.Tensor.RandN(rng, ch[l + 1], ch[l], 3, 3).RequireGrad(!noW);
            var b = Hamr.Tensors.Tensor.RandN(rng, ch[l + 1]).RequireGrad(!noW);
            size = (size - 1) / 2 + 1;
            var gy = Hamr.Tensors.Tensor.RandN(rng, 16, ch[l + 1], size, size);
            double fwd = Best(reps, () =>
            {
                using var scope = Hamr.Tensors.TensorScope.Begin();
                using var _ = Hamr.Tensors.GradMode.NoGrad();
                Hamr.Tensors.Tensor.Conv2d(x, w, b, 2, 2, 1, 1);
            });
            double bwd = !x.RequiresGrad && !w.RequiresGrad ? 0 : Best(reps, () =>
            {
                using var scope = Hamr.Tensors.TensorScope.Begin();
                var y = Hamr.Tensors.Tensor.Conv2d(x, w, b, 2, 2, 1, 1);
                long t0 = Stopwatch.GetTimestamp();
                y.Backward(gy);
                s_lastBackwardMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }, () => s_lastBackwardMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conv{l + 1} {ch[l],3}->{ch[l + 1],-3} {fwd,8:F3} {bwd,8:F3}"));
        }
    }

    private static double s_lastBackwardMs;
    private static readonly int s_threads = int.Parse(Environment.GetEnvironmentVariable("CONV_THREADS") ?? "2", CultureInfo.InvariantCulture);

    private static double Best(int reps, Action a, Func<double> measured)
    {
        double best = double.MaxValue;
        for (int i = 0; i < reps; i++)
        {
            a();
            best = Math.Min(best, measured());
        }
        return best;
    }

    private static float[] Random(int n)
    {
        var rng = new Random(1);
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = (float)rng.NextDouble() - 0.5f;
        }
        return a;
    }

    private static double Best(int reps, Action a)
    {
        double best = double.MaxValue;
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            a();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return best;
    }
}
