using System.Diagnostics;
using System.Globalization;
using Hamr.HandModel;
using Hamr.HandModel.OpenHand;
using Hamr.Tensors;
using Hamr.Tensors.Kernels;
using Tensor = Hamr.Tensors.Tensor;

namespace Hamr.Benchmarks;

/// <summary>
/// The hand model layer: one hand on the plain float path (µs per call), a batch on the plain path (µs per hand), and a
/// batch-32 forward + backward on the autograd path (ms; loss = Σ vertices·R + Σ keypoints·R', gradients in β and θ).
/// Options: --batch 32 --iters 2000 --steps 50 --warmup 10 --threads 1 --profile (forward alone too) --posedirs (135 pose blend shapes, as MANO;
/// the open model ships none). bench/handlayer/run.sh runs the PyTorch 1.13 anchor beside it.
/// Results 2026-11-22 (synthetic 1360-vertex hand, 10 shapes, 1.38 joints per vertex; 2-core AMD EPYC, load ~18):
/// plain one hand 11 µs (104 µs with 135 pose blend shapes), batch-32 autograd fwd+bwd 3.7 ms (5.2 ms); PyTorch 1.13
/// smplx lbs 1016 µs and 20.5 ms. Open hand (1159 vertices, 2.25 joints per vertex), one brief run on the same loaded
/// machine (load ~14): plain one hand 14 µs (125 µs with 135 random pose blend shapes), batch 32 13 µs per hand (20),
/// autograd fwd+bwd 4.0 ms (6.7). Table and method: bench/handlayer/README.md.
/// </summary>
internal static class HandLayerBench
{
    /// <summary>
    /// The model benchmarked, in one spot: the open hand (<c>OpenHandModel.LoadRight()</c>: 1159 vertices, 10 shapes);
    /// with <c>--posedirs</c> the same hand with 135 random pose blend shapes of MANO's size (the open model ships none).
    /// </summary>
    private static HandModel.HandModel Model(bool poseDirs)
    {
        var open = OpenHandModel.LoadRight();
        if (!poseDirs)
        {
            return open;
        }
        var rng = new TensorRandom(5);
        var dirs = new float[open.VertexCount * 3 * 135];
        for (int i = 0; i < dirs.Length; i++)
        {
            dirs[i] = 0.002f * rng.NextGaussian();
        }
        return new HandModel.HandModel(open.Name + "-posedirs", open.Side, open.TemplateVertices, open.Faces, open.ShapeDirs, dirs,
            open.JointRegressor, open.TipRegressor, open.Parents, open.SkinWeights);
    }

    public static int Run(string[] args)
    {
        int batch = BenchOptions.Int(args, "--batch", 32);
        int iters = BenchOptions.Int(args, "--iters", 2000);
        int steps = BenchOptions.Int(args, "--steps", 50);
        int warmup = BenchOptions.Int(args, "--warmup", 10);
        int threads = BenchOptions.Int(args, "--threads", 1);
        bool poseDirs = args.Contains("--posedirs");
        ParallelFor.MaxDegree = threads;

        var model = Model(poseDirs);
        var layer = new HandLayer(model);
        var rng = new TensorRandom(1);
        var beta = Tensor.RandN(rng, batch, model.ShapeCount).ToArray();
        var theta = (Tensor.RandN(rng, batch, 16, 3) * 0.5f).ToArray();
        var translation = (Tensor.RandN(rng, batch, 3) * 0.1f).ToArray();

        // 1. Plain path, one hand.
        var one = layer.CreateOutput(1);
        Action plainOne = () => layer.Forward(beta.AsSpan(0, model.ShapeCount), theta.AsSpan(0, 48), translation.AsSpan(0, 3), one);
        double oneUs = TimeUs(plainOne, iters);
        long before = GC.GetAllocatedBytesForCurrentThread();
        plainOne();
        long plainAlloc = GC.GetAllocatedBytesForCurrentThread() - before;

        // 2. Plain path, the whole batch.
        var many = layer.CreateOutput(batch);
        double batchUs = TimeUs(() => layer.Forward(beta, theta, translation, many), Math.Max(iters / batch, 20));

        // 3. Autograd path, batch forward + backward.
        var betaT = Tensor.FromArray(beta, batch, model.ShapeCount).RequireGrad();
        var thetaT = Tensor.FromArray(theta, batch, 16, 3).RequireGrad();
        var transT = Tensor.FromArray(translation, batch, 3);
        var rv = Tensor.RandN(rng, batch, model.VertexCount, 3);
        var rk = Tensor.RandN(rng, batch, 21, 3);
        void Step()
        {
            using var scope = TensorScope.Begin();
            betaT.Grad = null;
            thetaT.Grad = null;
            var r = layer.Forward(betaT, thetaT, transT);
            var loss = (r.Vertices * rv).Sum() + (r.Keypoints * rk).Sum();
            loss.Backward();
        }
        for (int i = 0; i < warmup; i++)
        {
            Step();
        }
        var chunkMs = new List<double>();
        StepTimer.TimeChunks(steps, Step, chunkMs);
        double stepMs = chunkMs[chunkMs.Count / 2];

        string split = "";
        if (args.Contains("--profile"))
        {
            // Forward alone (under a scope, so the backward's share is the difference).
            var fwd = new List<double>();
            StepTimer.TimeChunks(steps, () =>
            {
                using var scope = TensorScope.Begin();
                var r = layer.Forward(betaT, thetaT, transT);
                _ = (r.Vertices * rv).Sum() + (r.Keypoints * rk).Sum();
            }, fwd);
            split = string.Create(CultureInfo.InvariantCulture, $" autograd_fwd_ms={fwd[fwd.Count / 2]:F3}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hamr handlayer vertices={model.VertexCount} shapes={model.ShapeCount} posedirs={(poseDirs ? 1 : 0)} joints_per_vertex={layer.SkinJointsPerVertex:F2} threads={threads} batch={batch} plain_one_us={oneUs:F2} plain_batch_us_per_hand={batchUs / batch:F2} plain_alloc_bytes={plainAlloc} autograd_fwd_bwd_ms={stepMs:F3} autograd_best_ms={chunkMs[0]:F3}{split}"));
        return 0;
    }

    /// <summary>Median over 20 chunks of the per-call µs.</summary>
    private static double TimeUs(Action call, int iters)
    {
        for (int i = 0; i < Math.Min(iters, 200); i++)
        {
            call();
        }
        int chunk = Math.Max(iters / 20, 1);
        var us = new List<double>();
        for (int c = 0; c < 20; c++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < chunk; i++)
            {
                call();
            }
            us.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds / chunk);
        }
        us.Sort();
        return us[us.Count / 2];
    }
}
