using System.Diagnostics;
using System.Globalization;
using Hamr.Data.Datasets;
using Hamr.Data.Synthetic;
using Hamr.HandModel.OpenHand;
using Hamr.Model.Evaluation;
using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Tensors;
using Hamr.Tensors.Kernels;
using Hamr.Tensors.NN;
using Hamr.Tensors.Optim;

namespace Hamr.Model.Training;

/// <summary>
/// Trains a HAMR network end to end from a <see cref="TrainingConfig"/>, in an output folder that holds the whole run:
/// <c>train.json</c> (the config), <c>checkpoint.safetensors</c> (written atomically every
/// <see cref="TrainingConfig.CheckpointInterval"/> steps, at the end and when stopped), <c>best.safetensors</c> (the
/// weights with the lowest validation MPJPE so far), <c>model.safetensors</c> (the last weights), <c>train_log.csv</c>
/// and <c>val_log.csv</c>. Starting on a folder with a checkpoint resumes it: the same losses follow as if the run had
/// never stopped (batch k is a pure function of k; the optimiser, batch-norm statistics and dropout streams are
/// restored), and log rows after the checkpoint are dropped. A loss or gradient that is not finite stops the run with
/// a <see cref="TrainingDivergedException"/>, leaving the last checkpoint intact.
/// </summary>
public sealed class Trainer
{
    public const string ConfigFile = "train.json";
    public const string CheckpointFile = "checkpoint.safetensors";
    public const string BestFile = "best.safetensors";
    public const string ModelFile = "model.safetensors";
    public const string TrainLogFile = "train_log.csv";
    public const string ValidationLogFile = "val_log.csv";

    private static readonly string[] s_terms = ["total", "heatmap", "hmkp", "kp2d", "kp3d", "limits", "plane", "shape", "cam", "seg"];

    private readonly string? _configDirectory;
    private readonly HamrLoss _loss;
    private readonly Optimizer _optimizer;
    private readonly ILearningRateSchedule _schedule;
    private readonly Dictionary<string, TensorRandom> _randomStreams;
    private IHandBatchSource? _source;
    private List<SyntheticBatch>? _validation;
    private readonly double[] _window = new double[s_terms.Length + 2]; // loss terms, gradient norm, steps
    private long _bestStep = -1;
    private double _bestMetric = double.PositiveInfinity;

    /// <summary>
    /// A trainer writing into <paramref name="outputDirectory"/>; relative data paths of the config are resolved
    /// against <paramref name="configDirectory"/> (the config file's folder; default the working folder).
    /// </summary>
    public Trainer(TrainingConfig config, string outputDirectory, string? configDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        Config = config.Validate();
        OutputDirectory = outputDirectory;
        _configDirectory = configDirectory;
        if (config.Threads > 0)
        {
            ParallelFor.MaxDegree = config.Threads;
        }
        var hand = OpenHandModel.LoadRight();
        Network = new HamrNetwork(config.NetworkConfig, hand);
        _loss = new HamrLoss(hand, config.Loss);
        var o = config.Optimizer;
        _optimizer = o.Kind == "adamw"
            ? new AdamW(Network.Parameters(), o.LearningRate, o.Beta1, o.Beta2, weightDecay: o.WeightDecay)
            : new Adam(Network.Parameters(), o.LearningRate, o.Beta1, o.Beta2, weightDecay: o.WeightDecay);
        _schedule = CreateSchedule(o, config.Steps);
        _randomStreams = RandomStreams(Network, "");
    }

    public TrainingConfig Config { get; }

    public string OutputDirectory { get; }

    public HamrNetwork Network { get; }

    /// <summary>Completed optimiser steps (restored on resume).</summary>
    public long Step { get; private set; }

    /// <summary>Called on every log row (console progress).</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Called after each validation.</summary>
    public event Action<ValidationResult>? Validated;

    /// <summary>Informational messages (resuming, checkpoint written, best model).</summary>
    public event Action<string>? Message;

    public string CheckpointPath => Path.Combine(OutputDirectory, CheckpointFile);

    /// <summary>
    /// Trains until <see cref="TrainingConfig.Steps"/> or until <paramref name="cancellation"/> fires (then a checkpoint
    /// is written and the run can be resumed). Returns the step reached and the best validation figure.
    /// </summary>
    public TrainingSummary Run(CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(OutputDirectory);
        bool resumed = TryResume();
        if (!resumed)
        {
            Hamr.Tensors.Io.AtomicFile.WriteAllBytes(Path.Combine(OutputDirectory, ConfigFile), System.Text.Encoding.UTF8.GetBytes(Config.ToJson() + "\n"));
        }
        var trainLog = new CsvLog(Path.Combine(OutputDirectory, TrainLogFile),
            ["step", "samples", "lr", .. s_terms, "grad_norm", "steps_averaged", "img_per_s", "elapsed_s"], Step);
        var valLog = new CsvLog(Path.Combine(OutputDirectory, ValidationLogFile),
            ["step", "val_loss", "mpjpe_mm", "pa_mpjpe_mm", "epe2d_px", "best"], Step);

        _source ??= CreateSource();
        var batch = _source.CreateBatch();
        if (batch.Size != Network.Config.InputSize)
        {
            throw new ArgumentException($"the data's crops are {batch.Size} px, network '{Network.Config.Name}' takes {Network.Config.InputSize} px");
        }

        var clock = Stopwatch.StartNew();
        var windowClock = Stopwatch.StartNew();
        long startStep = Step;
        bool stopped = false;
        Network.Train();
        while (Step < Config.Steps)
        {
            if (cancellation.IsCancellationRequested)
            {
                stopped = true;
                break;
            }
            var (terms, gradNorm) = TrainStep(batch);
            Step++;
            for (int i = 0; i < terms.Length; i++)
            {
                _window[i] += terms[i];
            }
            _window[^2] += gradNorm;
            _window[^1]++;

            bool last = Step == Config.Steps;
            if (Step % Config.LogInterval == 0 || last)
            {
                double seconds = windowClock.Elapsed.TotalSeconds;
                double window = _window[^1];
                int timed = (int)Math.Min(window, Step - startStep);
                double imagesPerSecond = timed * Config.BatchSize / Math.Max(seconds, 1e-9);
                var means = _window.Take(s_terms.Length).Select(s => s / window).ToArray();
                trainLog.Append(Step, [Step * Config.BatchSize, _optimizer.LearningRate, .. means, _window[^2] / window, window, imagesPerSecond, clock.Elapsed.TotalSeconds]);
                double remaining = (Config.Steps - Step) * seconds / Math.Max(timed, 1);
                Progress?.Invoke(new TrainingProgress(Step, Config.Steps, _optimizer.LearningRate,
                    s_terms.Zip(means).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal), _window[^2] / window,
                    imagesPerSecond, clock.Elapsed, TimeSpan.FromSeconds(remaining)));
                Array.Clear(_window);
                windowClock.Restart();
            }
            if ((Config.ValidationInterval > 0 && Step % Config.ValidationInterval == 0) || last)
            {
                Validate(valLog);
            }
            if (Step % Config.CheckpointInterval == 0 || last)
            {
                SaveCheckpoint();
            }
        }
        if (stopped && Step > startStep && Step % Config.CheckpointInterval != 0)
        {
            SaveCheckpoint();
        }
        if (!stopped || Step > startStep)
        {
            Network.Eval();
            HamrWeights.Save(Network, Path.Combine(OutputDirectory, ModelFile), WeightsMetadata());
            Network.Train();
        }
        return new TrainingSummary(Step, stopped, resumed, _bestStep, _bestMetric, clock.Elapsed);
    }

    /// <summary>One optimiser step on the batch at the current step; returns the raw loss terms and the gradient norm.</summary>
    private (double[] Terms, float GradNorm) TrainStep(SyntheticBatch batch)
    {
        _source!.Fill(Step * Config.BatchSize, batch);
        batch.MirrorLeftToRight();
        using var scope = TensorScope.Begin();
        var targets = Targets(batch);
        var output = Network.Run(batch.Images);
        foreach (var iteration in output.Iterations)
        {
            // The losses assume finite predictions (the soft rasteriser refuses others): report overflowed weights here.
            if (!iteration.Theta.ToArray().All(float.IsFinite))
            {
                throw new TrainingDivergedException(Step + 1, "the network's predicted parameters are not finite (its weights overflowed)");
            }
        }
        var loss = _loss.Compute(output, targets);
        var values = loss.ToDictionary();
        var terms = s_terms.Select(t => (double)values[t]).ToArray();
        if (!double.IsFinite(terms[0]))
        {
            throw new TrainingDivergedException(Step + 1, $"the loss is {Describe(values)}");
        }
        _optimizer.ZeroGrad();
        loss.Total.Backward();
        float clip = Config.Optimizer.GradientClip;
        float norm = GradientClipping.ClipGradNorm(_optimizer.Parameters, clip > 0 ? clip : float.PositiveInfinity);
        if (!float.IsFinite(norm))
        {
            throw new TrainingDivergedException(Step + 1, $"the gradient norm is {norm.ToString(CultureInfo.InvariantCulture)} (loss {Describe(values)})");
        }
        _optimizer.Step(_schedule);
        return (terms, norm);
    }

    private static string Describe(IReadOnlyDictionary<string, float> values) =>
        string.Join(", ", values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G4}")));

    /// <summary>The loss targets of a (right-hand) batch in the network's conventions.</summary>
    public static HamrTargets Targets(SyntheticBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var k3 = batch.Keypoints3D;
        return new HamrTargets
        {
            Keypoints2D = CropCoordinates.ToNormalized(batch.Keypoints2D, batch.Size),
            Visibility = batch.Visibility,
            Keypoints3D = k3 - k3.Slice(1, 0, 1),
            Camera = batch.Cameras,
            Masks = batch.Masks.Reshape(batch.BatchSize, batch.Size, batch.Size),
        };
    }

    /// <summary>Scores the network on the validation set (eval mode, no gradients) and keeps the best weights.</summary>
    public ValidationResult Validate() => Validate(null);

    private ValidationResult Validate(CsvLog? log)
    {
        _validation ??= CreateValidationSet();
        Network.Eval();
        double loss = 0, mpjpe = 0, pa = 0, epe = 0;
        long samples = 0, joints = 0, visible = 0;
        const int K = HamrConfig.KeypointCount;
        var rootErrors = new double[K];
        var alignedErrors = new double[K];
        var pixelErrors = new double[K];
        foreach (var batch in _validation)
        {
            using var scope = TensorScope.Begin();
            using var noGrad = GradMode.NoGrad();
            var targets = Targets(batch);
            var output = Network.Run(batch.Images);
            loss += _loss.Compute(output, targets).Total.Item() * batch.BatchSize;
            var p3 = output.Keypoints3D.ToArray();
            var t3 = targets.Keypoints3D!.ToArray();
            var p2 = CropCoordinates.ToPixels(output.Keypoints2D, batch.Size).ToArray();
            var t2 = batch.Keypoints2D.ToArray();
            var vis = batch.Visibility.ToArray();
            for (int b = 0; b < batch.BatchSize; b++)
            {
                var predicted = p3.AsSpan(b * K * 3, K * 3);
                var truth = t3.AsSpan(b * K * 3, K * 3);
                HandMetrics.JointErrorsMm(predicted, truth, EvalProtocol.RootRelative, rootErrors);
                HandMetrics.JointErrorsMm(predicted, truth, EvalProtocol.Procrustes, alignedErrors);
                HandMetrics.KeypointErrorsPx(p2.AsSpan(b * K * 2, K * 2), t2.AsSpan(b * K * 2, K * 2), pixelErrors);
                for (int q = 0; q < K; q++)
                {
                    mpjpe += rootErrors[q];
                    pa += alignedErrors[q];
                    joints++;
                    if (vis[b * K + q] > 0)
                    {
                        epe += pixelErrors[q];
                        visible++;
                    }
                }
                samples++;
            }
        }
        Network.Train();
        var result = new ValidationResult(Step, loss / Math.Max(samples, 1), mpjpe / Math.Max(joints, 1),
            pa / Math.Max(joints, 1), epe / Math.Max(visible, 1), false);
        if (result.MpjpeMm < _bestMetric)
        {
            _bestMetric = result.MpjpeMm;
            _bestStep = Step;
            result = result with { IsBest = true };
            Network.Eval();
            HamrWeights.Save(Network, Path.Combine(OutputDirectory, BestFile), WeightsMetadata(result));
            Network.Train();
        }
        log?.Append(Step, [result.Loss, result.MpjpeMm, result.PaMpjpeMm, result.Epe2DPx, result.IsBest ? 1 : 0]);
        Validated?.Invoke(result);
        return result;
    }

    private Dictionary<string, string> WeightsMetadata(ValidationResult? validation = null)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [HamrWeights.TrainingKey] = Config.ToJson(),
            [HamrWeights.StepKey] = Step.ToString(CultureInfo.InvariantCulture),
        };
        if (validation is not null)
        {
            meta["hamr.val_mpjpe_mm"] = validation.MpjpeMm.ToString("F3", CultureInfo.InvariantCulture);
            meta["hamr.val_pa_mpjpe_mm"] = validation.PaMpjpeMm.ToString("F3", CultureInfo.InvariantCulture);
            meta["hamr.val_epe2d_px"] = validation.Epe2DPx.ToString("F3", CultureInfo.InvariantCulture);
        }
        return meta;
    }

    private void SaveCheckpoint()
    {
        var checkpoint = new TrainingCheckpoint(Config, Step, _bestMetric, _bestStep, Network.StateDict(), _optimizer.StateDict(),
            _randomStreams.ToDictionary(kv => kv.Key, kv => kv.Value.SaveState(), StringComparer.Ordinal))
        {
            LogWindow = (double[])_window.Clone(),
        };
        checkpoint.Save(CheckpointPath);
        Message?.Invoke($"checkpoint at step {Step}: {CheckpointPath}");
    }

    /// <summary>Loads the folder's checkpoint if there is one; its config must equal ours up to the run length and intervals.</summary>
    private bool TryResume()
    {
        if (!File.Exists(CheckpointPath))
        {
            return false;
        }
        var checkpoint = TrainingCheckpoint.Load(CheckpointPath);
        var differences = Differences(checkpoint.Config, Config);
        if (differences.Count > 0)
        {
            throw new ArgumentException($"{CheckpointPath}: the checkpoint was trained with a different config ({string.Join("; ", differences)}); " +
                "use a new output folder, or the same config (only steps, intervals, threads and workers may change on resume)");
        }
        Network.LoadStateDict(checkpoint.Model);
        _optimizer.LoadStateDict(checkpoint.Optimizer);
        foreach (var (name, stream) in _randomStreams)
        {
            if (!checkpoint.RandomStates.TryGetValue(name, out var state))
            {
                throw new ArgumentException($"{CheckpointPath}: no random state for '{name}'");
            }
            try
            {
                stream.RestoreState(state);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{CheckpointPath}: random state of '{name}': {e.Message}", e);
            }
        }
        if (checkpoint.LogWindow.Length == _window.Length)
        {
            checkpoint.LogWindow.CopyTo(_window, 0);
        }
        Step = checkpoint.Step;
        _bestMetric = checkpoint.BestMetric;
        _bestStep = checkpoint.BestStep;
        if (Step > Config.Steps)
        {
            throw new ArgumentException($"{CheckpointPath}: the checkpoint is at step {Step}, beyond the config's {Config.Steps} steps");
        }
        Message?.Invoke(_bestStep < 0
            ? $"resuming {CheckpointPath} at step {Step} (no validation yet)"
            : string.Create(CultureInfo.InvariantCulture, $"resuming {CheckpointPath} at step {Step} (best validation MPJPE {_bestMetric:F2} mm at step {_bestStep})"));
        return true;
    }

    /// <summary>Fields that differ between two configs, ignoring those a resumed run may change.</summary>
    public static IReadOnlyList<string> Differences(TrainingConfig stored, TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        static TrainingConfig Normalise(TrainingConfig c) => c with
        {
            Steps = 1,
            LogInterval = 1,
            ValidationInterval = 1,
            CheckpointInterval = 1,
            Threads = 0,
            Data = c.Data with { Workers = 0 },
        };
        var a = System.Text.Json.Nodes.JsonNode.Parse(Normalise(stored).ToJson())!.AsObject();
        var b = System.Text.Json.Nodes.JsonNode.Parse(Normalise(current).ToJson())!.AsObject();
        var result = new List<string>();
        foreach (var key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)))
        {
            string x = a[key]?.ToJsonString() ?? "null", y = b[key]?.ToJsonString() ?? "null";
            if (x != y)
            {
                result.Add($"{key}: checkpoint {Shorten(x)}, config {Shorten(y)}");
            }
        }
        return result;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    private IHandBatchSource CreateSource()
    {
        var data = Config.Data;
        if (data.Folder is not null)
        {
            string folder = _configDirectory is null ? data.Folder : Path.Combine(_configDirectory, data.Folder);
            return new HandDatasetBatchSource(HandDatasetFolder.Open(folder), Config.BatchSize, Config.Seed);
        }
        var options = data.Synthetic!.ToOptions(Config.Seed, Network.Config.InputSize, _configDirectory);
        return new SyntheticBatchSource(options, Config.BatchSize, data.Workers);
    }

    private List<SyntheticBatch> CreateValidationSet()
    {
        var data = Config.Data;
        if (data.ValidationSeed == Config.Seed)
        {
            throw new ArgumentException($"training config: the validation seed {data.ValidationSeed} equals the training seed");
        }
        var settings = data.Synthetic ?? new SyntheticDataSettings();
        var options = settings.ToOptions(data.ValidationSeed, Network.Config.InputSize, _configDirectory);
        int count = Config.ValidationSamples, size = Math.Min(Config.BatchSize, Math.Max(count, 1));
        var source = new SyntheticBatchSource(options, size, data.Workers);
        var batches = new List<SyntheticBatch>();
        using var persistent = TensorScope.Suspend();
        for (int first = 0; first + size <= count; first += size)
        {
            var batch = source.CreateBatch();
            source.Fill(first, batch);
            batch.MirrorLeftToRight();
            batches.Add(batch);
        }
        return batches;
    }

    private static ILearningRateSchedule CreateSchedule(OptimizerSettings o, int steps)
    {
        ILearningRateSchedule main = o.Schedule switch
        {
            "cosine" => new CosineLr(o.LearningRate, steps, o.MinLearningRate),
            "step" => new MultiStepLr(o.LearningRate, o.Milestones, o.Gamma),
            _ => new ConstantLr(o.LearningRate),
        };
        return o.WarmupSteps > 0 ? new WarmupLr(main, o.WarmupSteps) : main;
    }

    /// <summary>Every dropout module's random stream by its dotted module name.</summary>
    private static Dictionary<string, TensorRandom> RandomStreams(Module module, string prefix)
    {
        var result = new Dictionary<string, TensorRandom>(StringComparer.Ordinal);
        foreach (var (name, child) in module.NamedChildren())
        {
            string full = prefix + name;
            switch (child)
            {
                case Dropout d:
                    result[full] = d.Random;
                    break;
                case Dropout2d d2:
                    result[full] = d2.Random;
                    break;
                default:
                    foreach (var kv in RandomStreams(child, full + "."))
                    {
                        result[kv.Key] = kv.Value;
                    }
                    break;
            }
        }
        return result;
    }
}

/// <summary>One log row of training: means over the steps since the previous row.</summary>
public sealed record TrainingProgress(
    long Step,
    long Steps,
    double LearningRate,
    IReadOnlyDictionary<string, double> Losses,
    double GradientNorm,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining);

/// <summary>Validation figures of the final iteration: loss (same weights as training), root-relative and Procrustes MPJPE, 2D EPE.</summary>
public sealed record ValidationResult(long Step, double Loss, double MpjpeMm, double PaMpjpeMm, double Epe2DPx, bool IsBest);

/// <summary>How a <see cref="Trainer.Run"/> ended.</summary>
public sealed record TrainingSummary(long Step, bool Stopped, bool Resumed, long BestStep, double BestMpjpeMm, TimeSpan Elapsed);

/// <summary>The loss or the gradient stopped being finite; names the step and the values. The last checkpoint is intact.</summary>
public sealed class TrainingDivergedException(long step, string problem)
    : Exception($"training diverged at step {step}: {problem}; stopped without writing a checkpoint (the last one is intact). Lower the learning rate or clip gradients harder.")
{
    public long Step { get; } = step;
}
