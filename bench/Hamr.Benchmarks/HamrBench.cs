using System.Diagnostics;
using System.Globalization;
using Hamr.HandModel.OpenHand;
using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Kernels;
using Hamr.Tensors.Optim;
using Tensor = Hamr.Tensors.Tensor;

namespace Hamr.Benchmarks;

/// <summary>
/// The HAMR network (default hamr-s) with the open hand: inference latency (batch 1, eval mode, no gradients: network +
/// hand layer for all T iterations), and a training step at batch 16 (forward, every loss term with labels made from
/// random hands, backward, Adam), in ms. Options: --config hamr-s --batch 16 --steps 20 --warmup 3 --threads 2
/// --no-seg (drop Lseg) --channels/--stacks/--stem/--depth N (override the config, for sizing) --profile (forward
/// split into hourglass / regressor / hand layer, loss, backward + Adam).
/// Results 2026-11-22, 2-core AMD EPYC shared with other jobs (load average 10–17), hamr-s (948k parameters), 9 runs:
/// inference batch 1: 8.7–22 ms (median of runs ~14); training step batch 16 (forward + all six losses + backward +
/// Adam): 435 ms at the quietest run (forward 149 = hourglass 137 + regressor 11 + hand layer 2; losses 26, of which the
/// soft silhouettes of 3 × 16 meshes are most; backward + Adam 244), 630–980 ms under load; process CPU time 380–510 ms
/// per step. Sizing alternatives (CPU ms/step, same session): 1 stack 343, 48 channels 379, 2 × 64 (chosen) 457.
/// hamr-paper (36.4M parameters): inference batch 1 ~0.3 s; a batch-2 training step ~2 s.
/// </summary>
internal static class HamrBench
{
    public static int Run(string[] args)
    {
        string name = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "hamr-s";
        int batch = BenchOptions.Int(args, "--batch", 16);
        int steps = BenchOptions.Int(args, "--steps", 20);
        int warmup = BenchOptions.Int(args, "--warmup", 3);
        int threads = BenchOptions.Int(args, "--threads", 2);
        ParallelFor.MaxDegree = threads;
        var config = HamrConfigs.Get(name);
        // Overrides for sizing experiments.
        config = config with
        {
            Channels = BenchOptions.Int(args, "--channels", config.Channels),
            Stacks = BenchOptions.Int(args, "--stacks", config.Stacks),
            StemChannels = BenchOptions.Int(args, "--stem", config.StemChannels),
            HourglassDepth = BenchOptions.Int(args, "--depth", config.HourglassDepth),
        };
        var model = OpenHandModel.LoadRight();
        var net = new HamrNetwork(config, model);
        var weights = args.Contains("--no-seg") ? new LossWeights { Segmentation = 0 } : new LossWeights();
        var loss = new HamrLoss(model, weights);

        // 1. Inference: one crop.
        net.Eval();
        var one = TargetFactory.NoiseImages(1, config.InputSize, 1);
        void Infer()
        {
            using var scope = TensorScope.Begin();
            using var noGrad = GradMode.NoGrad();
            _ = net.Run(one).Vertices[0, 0, 0];
        }
        for (int i = 0; i < warmup + 2; i++)
        {
            Infer();
        }
        var inferMs = new List<double>();
        StepTimer.TimeChunks(Math.Max(steps, 10), Infer, inferMs);

        // 2. Training step.
        net.Train();
        var images = TargetFactory.NoiseImages(batch, config.InputSize, 2);
        var (targets, _, _, _) = TargetFactory.Random(model, batch, 3, weights.SilhouetteSize);
        var adam = new Adam(net.Parameters(), lr: 1e-4);
        double fwdMs = 0, lossMs = 0, bwdMs = 0, hgMs = 0, regMs = 0;
        int timed = 0;
        void Step()
        {
            using var scope = TensorScope.Begin();
            long t0 = Stopwatch.GetTimestamp();
            var hourglass = net.Hourglass.Run(images);
            long ta = Stopwatch.GetTimestamp();
            var thetas = net.Regressor.Run(hourglass.Features, hourglass.Heatmaps[^1]);
            long tb = Stopwatch.GetTimestamp();
            var output = new HamrOutput(hourglass.Heatmaps, net.Decode(thetas));
            long t1 = Stopwatch.GetTimestamp();
            hgMs += Stopwatch.GetElapsedTime(t0, ta).TotalMilliseconds;
            regMs += Stopwatch.GetElapsedTime(ta, tb).TotalMilliseconds;
            var l = loss.Compute(output, targets);
            long t2 = Stopwatch.GetTimestamp();
            net.ZeroGrad();
            l.Total.Backward();
            adam.Step();
            long t3 = Stopwatch.GetTimestamp();
            fwdMs += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            lossMs += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            bwdMs += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
            timed++;
        }
        for (int i = 0; i < warmup; i++)
        {
            Step();
        }
        fwdMs = lossMs = bwdMs = hgMs = regMs = 0;
        timed = 0;
        var stepMs = new List<double>();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        StepTimer.TimeChunks(steps, Step, stepMs);
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / steps;
        string split = args.Contains("--profile")
            ? string.Create(CultureInfo.InvariantCulture, $" fwd_ms={fwdMs / timed:F1} (hourglass {hgMs / timed:F1}, regressor {regMs / timed:F1}, hand layer {(fwdMs - hgMs - regMs) / timed:F1}) loss_ms={lossMs / timed:F1} bwd_adam_ms={bwdMs / timed:F1}")
            : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hamr {config.Name} params={net.ParameterCount()} threads={threads} infer_b1_ms={inferMs[inferMs.Count / 2]:F1} infer_b1_best_ms={inferMs[0]:F1} train_b{batch}_ms={stepMs[stepMs.Count / 2]:F1} train_best_ms={stepMs[0]:F1} cpu_ms_per_step={cpuMs:F1} img_per_s={batch * 1000.0 / stepMs[stepMs.Count / 2]:F1}{split}"));
        return 0;
    }
}
