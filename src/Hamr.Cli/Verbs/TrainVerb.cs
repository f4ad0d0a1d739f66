using System.Globalization;
using System.Runtime.InteropServices;
using Hamr.Model.Training;
using Hamr.Tensors.Io;

namespace Hamr.Cli.Verbs;

/// <summary>`hamr train`: trains a HAMR network from a JSON config into an output folder, resuming it when it holds a checkpoint.</summary>
internal static class TrainVerb
{
    private const string Usage =
        "usage: hamr train --config FILE --out DIR [--steps N] [--threads N]\n" +
        "  Trains a HAMR network as the JSON config says (model, data, loss weights, optimiser, schedule, batch size,\n" +
        "  steps, intervals, seed; see configs/hamr-s-synthetic.json). DIR receives train.json, checkpoint.safetensors\n" +
        "  (atomic, with the optimiser state), best.safetensors (lowest validation MPJPE), model.safetensors (last\n" +
        "  weights), train_log.csv and val_log.csv. If DIR already holds a checkpoint the run resumes from it exactly\n" +
        "  (the config must be the same but for steps, intervals, threads and workers). Ctrl+C or SIGTERM writes a\n" +
        "  checkpoint and stops; run the same command again to continue.\n" +
        "  --steps N     override the config's total steps (e.g. to extend a finished run)\n" +
        "  --threads N   override the config's engine threads";

    public static int Run(string[] args)
    {
        string? configPath = null, output = null;
        int? steps = null, threads = null;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--config":
                        configPath = Value();
                        break;
                    case "--out":
                        output = Value();
                        break;
                    case "--steps":
                        steps = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "--threads":
                        threads = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "-h" or "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            if (configPath is null || output is null)
            {
                throw new ArgumentException("--config and --out are required");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"hamr train: {e.Message}\n{Usage}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("hamr train: stopping after this step (writing a checkpoint)...");
                cancel.Cancel();
            }
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            var config = TrainingConfig.Load(configPath);
            if (steps is { } s || threads is not null)
            {
                config = (config with { Steps = steps ?? config.Steps, Threads = threads ?? config.Threads }).Validate();
            }
            var trainer = new Trainer(config, output, Path.GetDirectoryName(Path.GetFullPath(configPath)));
            trainer.Message += m => Console.WriteLine(m);
            trainer.Progress += Print;
            trainer.Validated += v => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  validation at step {v.Step}: loss {v.Loss:F4}, MPJPE {v.MpjpeMm:F2} mm, PA-MPJPE {v.PaMpjpeMm:F2} mm, 2D EPE {v.Epe2DPx:F2} px{(v.IsBest ? "  (best so far: best.safetensors)" : "")}"));
            Console.WriteLine($"training {config.NetworkConfig.Name} ({trainer.Network.ParameterCount():N0} parameters) for {config.Steps} steps of {config.BatchSize} into {output}");
            var summary = trainer.Run(cancel.Token);
            string best = summary.BestStep < 0 ? "no validation yet"
                : string.Create(CultureInfo.InvariantCulture, $"best validation MPJPE {summary.BestMpjpeMm:F2} mm at step {summary.BestStep}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(summary.Stopped ? "stopped" : "finished")} at step {summary.Step} after {summary.Elapsed:hh\\:mm\\:ss}; {best}"));
            return 0;
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine($"hamr train: {e.Message}");
            return 3;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or SafetensorsFormatException
            or Hamr.Data.Datasets.HandDatasetFormatException or Hamr.Tensors.Optim.OptimizerStateException or Hamr.Tensors.NN.StateDictException)
        {
            Console.Error.WriteLine($"hamr train: {e.Message}");
            return 1;
        }
    }

    private static void Print(TrainingProgress p)
    {
        static string Clock(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : $"{t.Minutes}m{t.Seconds:00}s";
        var l = p.Losses;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.Steps} ({100.0 * p.Step / p.Steps:F1}%)  loss {l["total"]:F4} [hm {l["heatmap"]:F3} hmkp {l["hmkp"]:F3} 2d {l["kp2d"]:F4} 3d {l["kp3d"]:F5} lim {l["limits"]:F4} plane {l["plane"]:F5} β {l["shape"]:F3} cam {l["cam"]:F3} seg {l["seg"]:F3}]  |g| {p.GradientNorm:F2}  lr {p.LearningRate:G3}  {p.ImagesPerSecond:F1} img/s  elapsed {Clock(p.Elapsed)}  ETA {Clock(p.Remaining)}"));
    }
}
