using System.Diagnostics;
using System.Globalization;
using Hamr.Tensors.Kernels;

namespace Hamr.Benchmarks;

/// <summary>
/// Single-thread cost of the depthwise kernels (forward, input gradient, weight gradient) for each depthwise
/// layer of the mobile network at batch 16, best of several repetitions, with the implied multiply-adds per
/// nanosecond. Verb: dwkernels [--reps 10] [--batch 16] [--threads 1].
/// </summary>
internal static class DepthwiseBench
{
    public static int Run(string[] args)
    {
        int reps = BenchOptions.Int(args, "--reps", 10);
        int n = BenchOptions.Int(args, "--batch", 16);
        int threads = BenchOptions.Int(args, "--threads", 1);
        ParallelFor.MaxDegree = threads;
        ConvParallel.MaxDegree = threads;
        (int K, int S, int C, int Size)[] layers = [(3, 1, 32, 64), (3, 2, 64, 64), (3, 1, 128, 32), (5, 2, 128, 32), (5, 1, 256, 16)];
        Console.WriteLine($"layer              forward  inputGrad weightGrad  (ms, batch {n}, {threads} thread(s), best of {reps}; MAC/ns)");
        foreach (var (k, st, c, size) in layers)
        {
            var win = new ConvWindow(k, k, st, st, k / 2, k / 2, 1, 1);
            int oh = win.OutH(size), ow = win.OutW(size);
            var s = new ConvShape(n, c, size, size, c, c, oh, ow, win);
            var x = Random(n * c * size * size);
            var w = Random(c * k * k);
            var b = Random(c);
            var y = new float[n * c * oh * ow];
            var gx = new float[x.Length];
            var gw = new float[w.Length];
            var gb = new float[c];
            double macs = (double)n * c * oh * ow * k * k;
            double f = Best(reps, () => Split(n * c, threads, (lo, hi) => ConvDepthwise.Forward(s, x, w, b, y, lo, hi)));
            double gi = Best(reps, () => Split(n * c, threads, (lo, hi) => ConvDepthwise.BackwardInput(s, w, y, gx, lo, hi)));
            double gwt = Best(reps, () => Split(c, threads, (lo, hi) => ConvDepthwise.BackwardWeight(s, x, y, gw, gb, lo, hi)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dw{k}x{k} s{st} {c,3} {size,3}² {f,8:F3} {gi,9:F3} {gwt,10:F3}   ({macs / f / 1e6:F1} {macs / gi / 1e6:F1} {macs / gwt / 1e6:F1})"));
        }
        Console.WriteLine("pointwise             batch-wide  per-image  (ms, forward)");
        foreach (var (c, o, size) in new[] { (256, 256, 1), (256, 256, 4), (128, 256, 8), (256, 256, 16) })
        {
            var s = new ConvShape(n, c, size, size, o, 1, size, size, new ConvWindow(1, 1, 1, 1, 0, 0, 1, 1));
            var x = Hamr.Tensors.Tensor.Wrap(Random(n * c * size * size), [n, c, size, size]);
            var w = Hamr.Tensors.Tensor.Wrap(Random(o * c), [o, c, 1, 1]);
            var b = Hamr.Tensors.Tensor.Wrap(Random(o), [o]);
            var y = Hamr.Tensors.Tensor.Zeros(n, o, size, size);
            double wide = Best(reps, () =>
            {
                using var scope = Hamr.Tensors.TensorScope.Begin();
                ConvPointwise.Forward(s, x, w, b, y);
            });
            double perImage = Best(reps, () => ConvGemm.Forward(s, x.AsSpan(), w.AsSpan(), b.AsSpan(), y.AsSpan(), default, 0, n));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pw {c,3}->{o,-3} {size,2}x{size,-2}     {wide,8:F3}  {perImage,9:F3}"));
        }
        return 0;
    }

    private static void Split(int items, int threads, Action<int, int> body) =>
        ParallelFor.Run(threads, i => body(items * i / threads, items * (i + 1) / threads));

    private static double Best(int reps, Action a)
    {
        a();
        double best = double.MaxValue;
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            a();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return best;
    }

    private static float[] Random(int length)
    {
        var r = new Random(1);
        var a = new float[length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(r.NextDouble() - 0.5);
        }
        return a;
    }
}
