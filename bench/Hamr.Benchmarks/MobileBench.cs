using System.Diagnostics;
using System.Globalization;
using Hamr.Tensors;
using Hamr.Tensors.Kernels;
using Hamr.Tensors.NN;
using Hamr.Tensors.Optim;
using Tensor = Hamr.Tensors.Tensor;

namespace Hamr.Benchmarks;

/// <summary>
/// Throughput of the MobileNet-style "mobile" network (input N×3×128×128; conv3×3 s2 3→32 + ReLU6; five
/// depthwise-separable blocks dw(3×3|5×5, s1|s2) + ReLU6 + pw 1×1 + ReLU6: 32→64, 64→128 (s2), 128→128,
/// 128→256 (5×5 s2), 256→256 (5×5); global average pool; Linear 256→64; MSE; SGD lr 0.01 momentum 0.9),
/// to compare with bench/mobile/mobile_libtorch.cpp. Modes: --train (forward + backward + SGD) or
/// --inference (forward only, no-grad, eval). Options: --batch 16 --steps 50 --warmup 10 --warmup-ms 1500 --threads 2 --profile.
/// </summary>
internal static class MobileBench
{
    // (kernel, stride, in, out) of each depthwise-separable block.
    private static readonly (int K, int S, int In, int Out)[] s_blocks =
        [(3, 1, 32, 64), (3, 2, 64, 128), (3, 1, 128, 128), (5, 2, 128, 256), (5, 1, 256, 256)];

    public static int Run(string[] args)
    {
        int batch = BenchOptions.Int(args, "--batch", 16);
        int steps = BenchOptions.Int(args, "--steps", 50);
        int warmup = BenchOptions.Int(args, "--warmup", 10);
        int threads = BenchOptions.Int(args, "--threads", 2);
        int warmupMs = BenchOptions.Int(args, "--warmup-ms", 1500);
        bool profile = args.Contains("--profile");
        bool train = !args.Contains("--inference");
        ParallelFor.MaxDegree = threads;
        ConvParallel.MaxDegree = threads;

        var rng = new TensorRandom(1);
        var net = new Net(rng);
        var x = Tensor.RandN(rng, batch, 3, 128, 128);
        var target = Tensor.RandN(rng, batch, 64);
        var sgd = new Sgd(net.Parameters(), 0.01, momentum: 0.9);
        var times = new StepTimes(Net.LayerNames);
        if (!train)
        {
            net.Eval();
        }

        // At least --warmup steps and --warmup-ms milliseconds, so the JIT has promoted the kernels to optimised
        // (tier-1) code before timing; short batch-1 steps would otherwise be timed partly on tier-0 code.
        long warmStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmup || Stopwatch.GetElapsedTime(warmStart).TotalMilliseconds < warmupMs; i++)
        {
            Step(net, sgd, x, target, train, null);
        }
        Action timedStep = () => Step(net, sgd, x, target, train, profile ? times : null);
        var chunkMs = new List<double>();
        long allocated = GC.GetTotalAllocatedBytes(true);
        StepTimer.TimeChunks(steps, timedStep, chunkMs);
        long allocPerStep = (GC.GetTotalAllocatedBytes(true) - allocated) / Math.Max(steps, 1);
        double median = chunkMs[chunkMs.Count / 2];
        string mode = train ? "train" : "inference";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hamr mobile mode={mode} batch={batch} threads={threads} steps={steps} img_per_s={batch * 1000.0 / median:F1} ms_per_step={median:F3} alloc_bytes_per_step={allocPerStep}"));
        if (profile)
        {
            times.Print(steps, chunkMs[0]);
        }
        return 0;
    }

    private static void Step(Net net, Sgd sgd, Tensor x, Tensor target, bool train, StepTimes? times)
    {
        using var scope = TensorScope.Begin();
        if (!train)
        {
            using var noGrad = GradMode.NoGrad();
            net.Forward(x, times);
            return;
        }
        var y = net.Forward(x, times);
        var loss = Tensor.MseLoss(y, target);
        sgd.ZeroGrad();
        times?.BackwardStart();
        loss.Backward();
        times?.BackwardEnd();
        sgd.Step();
    }

    /// <summary>The network as a list of (module, ReLU6 after it) layers plus the head, with timing probes.</summary>
    private sealed class Net : Module
    {
        private readonly Conv2d[] _convs;
        private readonly Linear _fc;
        private readonly ReLU6 _relu6 = new();

        public static readonly string[] LayerNames = BuildNames();

        public Net(TensorRandom rng)
        {
            var convs = new List<Conv2d> { new(3, 32, 3, rng, stride: 2, padding: 1) };
            foreach (var (k, s, cin, cout) in s_blocks)
            {
                convs.Add(new Conv2d(cin, cin, k, rng, stride: s, padding: k / 2, groups: cin));
                convs.Add(new Conv2d(cin, cout, 1, rng));
            }
            _convs = [.. convs];
            for (int i = 0; i < _convs.Length; i++)
            {
                RegisterModule($"conv{i}", _convs[i]);
            }
            _fc = RegisterModule("fc", new Linear(256, 64, rng));
        }

        private static string[] BuildNames()
        {
            var names = new List<string> { "stem 3x3 s2 3->32" };
            foreach (var (k, s, cin, cout) in s_blocks)
            {
                names.Add($"dw{k}x{k} s{s} {cin}");
                names.Add($"pw {cin}->{cout}");
            }
            names.Add("pool+fc");
            return [.. names];
        }

        public override Tensor Forward(Tensor input) => Forward(input, null);

        public Tensor Forward(Tensor x, StepTimes? times)
        {
            for (int i = 0; i < _convs.Length; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                x = _convs[i].Forward(x);
                times?.Activation(i, t0);
                x = _relu6.Forward(x);
                times?.Forward(i, t0);
                if (times is not null && GradMode.IsEnabled)
                {
                    x = times.Probe(x, i);
                }
            }
            long t1 = Stopwatch.GetTimestamp();
            var y = _fc.Forward(x.GlobalAvgPool2d());
            times?.Forward(_convs.Length, t1);
            return y;
        }
    }

    /// <summary>Per-layer times: forward around each layer, backward between identity probes the graph passes through.</summary>
    private sealed class StepTimes(string[] names)
    {
        private readonly double[] _forward = new double[names.Length];
        private readonly BackwardProbes _backward = new(names.Length);
        private readonly double[] _conv = new double[names.Length];

        public void Forward(int layer, long t0) => _forward[layer] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        /// <summary>Marks the end of layer i's conv (the rest of its forward time is the activation).</summary>
        public void Activation(int layer, long t0) => _conv[layer] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        public void BackwardStart() => _backward.Start();

        public void BackwardEnd() => _backward.End();

        public Tensor Probe(Tensor x, int layer) => _backward.Probe(x, layer);

        public void Print(int steps, double bestStepMs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"profile (ms per step, mean over {steps} steps; best chunk {bestStepMs:F2} ms/step)"));
            for (int i = 0; i < names.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {names[i],-20} forward {_forward[i] / steps,7:F3} (conv {_conv[i] / steps,7:F3})  backward {_backward[i] / steps,7:F3}"));
            }
        }
    }
}
