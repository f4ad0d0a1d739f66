using Hamr.Model.Network;
using Hamr.Model.Training;
using Hamr.Tensors.Io;
using Hamr.Tests.Shared;

namespace Hamr.Model.Tests.Training;

public sealed class TrainerTests
{
    /// <summary>A run of a few steps of a tiny network (with dropout, so its random stream must be checkpointed) on 32 px synthetic hands.</summary>
    private static TrainingConfig Tiny(int steps = 4, double lr = 1e-3) => new TrainingConfig
    {
        Network = Support.Tiny.Config() with { RegressorDropout = 0.3f },
        Data = new TrainingData { Synthetic = new SyntheticDataSettings { Supersample = 1 }, Workers = 1, ValidationSeed = 77 },
        Optimizer = new OptimizerSettings { LearningRate = lr, WarmupSteps = 1, Schedule = "cosine", MinLearningRate = 0 },
        BatchSize = 2,
        Steps = steps,
        Seed = 3,
        LogInterval = 1,
        ValidationInterval = 2,
        ValidationSamples = 4,
        CheckpointInterval = 1,
        Threads = 1,
    }.Validate();

    private static string[] LossRows(string directory) =>
        File.ReadAllLines(Path.Combine(directory, Trainer.TrainLogFile)).Select(l => string.Join(",", l.Split(',').Take(15))).ToArray();

    private static Dictionary<string, float[]> Weights(string path) =>
        SafetensorsFile.Read(path).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    [Fact]
    public void A_stopped_and_resumed_run_gives_the_same_losses_and_bitwise_the_same_weights()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var config = Tiny();
        var straight = new Trainer(config, a.Path).Run();
        Assert.Equal(4, straight.Step);
        Assert.False(straight.Stopped);

        using (var cancel = new CancellationTokenSource())
        {
            var first = new Trainer(config, b.Path);
            first.Progress += p =>
            {
                if (p.Step == 2)
                {
                    cancel.Cancel();
                }
            };
            var stopped = first.Run(cancel.Token);
            Assert.True(stopped.Stopped);
            Assert.Equal(2, stopped.Step);
        }
        var resumed = new Trainer(config, b.Path).Run();
        Assert.True(resumed.Resumed);
        Assert.Equal(4, resumed.Step);

        Assert.Equal(LossRows(a.Path), LossRows(b.Path));
        Assert.Equal(5, LossRows(a.Path).Length);
        Assert.Equal(File.ReadAllLines(Path.Combine(a.Path, Trainer.ValidationLogFile)), File.ReadAllLines(Path.Combine(b.Path, Trainer.ValidationLogFile)));
        var wa = Weights(Path.Combine(a.Path, Trainer.ModelFile));
        var wb = Weights(Path.Combine(b.Path, Trainer.ModelFile));
        Assert.Equal(wa.Keys.Order(), wb.Keys.Order());
        foreach (var (name, values) in wa)
        {
            Assert.True(values.AsSpan().SequenceEqual(wb[name]), $"tensor {name} differs after resume");
        }
    }

    [Fact]
    public void Resuming_from_an_older_checkpoint_drops_the_later_log_rows_and_redoes_them_identically()
    {
        using var dir = new TempDirectory();
        var config = Tiny();
        string backup = Path.Combine(dir.Path, "step2.bak");
        var trainer = new Trainer(config, dir.Path);
        trainer.Message += m =>
        {
            if (m.StartsWith("checkpoint at step 2:", StringComparison.Ordinal))
            {
                File.Copy(trainer.CheckpointPath, backup);
            }
        };
        trainer.Run();
        var rows = LossRows(dir.Path);
        var weights = Weights(Path.Combine(dir.Path, Trainer.ModelFile));

        File.Copy(backup, Path.Combine(dir.Path, Trainer.CheckpointFile), overwrite: true); // as if the run had died after step 2
        var again = new Trainer(config, dir.Path).Run();
        Assert.True(again.Resumed);
        Assert.Equal(rows, LossRows(dir.Path));
        foreach (var (name, values) in Weights(Path.Combine(dir.Path, Trainer.ModelFile)))
        {
            Assert.True(values.AsSpan().SequenceEqual(weights[name]), name);
        }
    }

    [Fact]
    public void A_log_with_older_columns_keeps_its_rows_up_to_the_checkpoint_by_column_name()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "log.csv");
        File.WriteAllText(path, "step,total,seg\n1,5,0.5\n2,4,0.4\n3,3,0.3\n");
        var log = new CsvLog(path, ["step", "total", "hmkp", "seg"], resumeStep: 2);
        log.Append(3, [2.5, 0.1, 0.2]);
        Assert.Equal(["step,total,hmkp,seg", "1,5,,0.5", "2,4,,0.4", "3,2.5,0.1,0.2"], File.ReadAllLines(path));
    }

    [Fact]
    public void Training_lowers_the_loss_and_writes_every_file_of_the_run()
    {
        using var dir = new TempDirectory();
        var config = Tiny(steps: 12, lr: 3e-3) with { ValidationInterval = 6 };
        var summary = new Trainer(config, dir.Path).Run();
        Assert.True(summary.BestStep > 0);
        Assert.True(double.IsFinite(summary.BestMpjpeMm));
        foreach (var file in new[] { Trainer.ConfigFile, Trainer.CheckpointFile, Trainer.BestFile, Trainer.ModelFile, Trainer.TrainLogFile, Trainer.ValidationLogFile })
        {
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(dir.Path, ".*")));
        var totals = File.ReadAllLines(Path.Combine(dir.Path, Trainer.TrainLogFile)).Skip(1)
            .Select(l => double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(12, totals.Length);
        Assert.True(totals[^3..].Average() < totals[..3].Average(), $"loss did not fall: {string.Join(", ", totals)}");

        // The weights files rebuild the network, with the training config in their metadata.
        var best = HamrWeights.Load(Path.Combine(dir.Path, Trainer.BestFile));
        Assert.Equal(config.NetworkConfig, best.Config);
        var meta = HamrWeights.ReadMetadata(Path.Combine(dir.Path, Trainer.ModelFile));
        Assert.Equal(config, TrainingConfig.FromJson(meta[HamrWeights.TrainingKey]));
        Assert.Equal(12, HamrWeights.Step(meta));
        Assert.Equal(config, TrainingConfig.Load(Path.Combine(dir.Path, Trainer.ConfigFile)));
    }

    [Fact]
    public void A_diverging_run_stops_with_a_clear_error_and_keeps_the_last_good_checkpoint()
    {
        using var dir = new TempDirectory();
        var config = Tiny(steps: 6, lr: 1e30) with { Optimizer = new OptimizerSettings { LearningRate = 1e30, WarmupSteps = 0, Schedule = "constant", GradientClip = 0 } };
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(config, dir.Path).Run());
        Assert.InRange(e.Step, 2, 6);
        Assert.Contains($"step {e.Step}", e.Message, StringComparison.Ordinal);
        Assert.Matches("not finite|NaN|∞|Infinity", e.Message);
        var checkpoint = TrainingCheckpoint.Load(Path.Combine(dir.Path, Trainer.CheckpointFile));
        Assert.Equal(e.Step - 1, checkpoint.Step);
    }

    [Fact]
    public void Resuming_with_a_different_config_names_the_difference()
    {
        using var dir = new TempDirectory();
        new Trainer(Tiny(steps: 1), dir.Path).Run();
        var changed = Tiny(steps: 2) with { Seed = 4 };
        var e = Assert.Throws<ArgumentException>(() => new Trainer(changed, dir.Path).Run());
        Assert.Contains("seed", e.Message, StringComparison.Ordinal);
        Assert.Contains(Trainer.CheckpointFile, e.Message, StringComparison.Ordinal);

        // Steps and intervals may change: a finished run can be extended.
        var longer = new Trainer(Tiny(steps: 2) with { LogInterval = 2 }, dir.Path).Run();
        Assert.True(longer.Resumed);
        Assert.Equal(2, longer.Step);
    }

    [Fact]
    public void Config_json_round_trips_and_bad_configs_name_the_file_and_field()
    {
        var config = Tiny();
        Assert.Equal(config, TrainingConfig.FromJson(config.ToJson()));
        string repoConfig = Path.Combine(RepoPaths.Root ?? ".", "configs", "hamr-s-synthetic.json");
        if (File.Exists(repoConfig))
        {
            var shipped = TrainingConfig.Load(repoConfig);
            Assert.Equal("hamr-s", shipped.NetworkConfig.Name);
        }

        var unknown = Assert.Throws<ArgumentException>(() => TrainingConfig.FromJson("""{ "stepz": 3 }""", "x.json"));
        Assert.Contains("x.json", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("stepz", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("batchSize", Assert.Throws<ArgumentException>(() => TrainingConfig.FromJson("""{ "batchSize": 0 }""")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown model", Assert.Throws<ArgumentException>(() => TrainingConfig.FromJson("""{ "model": "nope" }""")).Message, StringComparison.Ordinal);
        Assert.Contains("schedule", Assert.Throws<ArgumentException>(() => TrainingConfig.FromJson("""{ "optimizer": { "schedule": "zigzag" } }""")).Message, StringComparison.Ordinal);
        Assert.Contains("cannot read", Assert.Throws<ArgumentException>(() => TrainingConfig.Load("/nonexistent/train.json")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused_with_its_name()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, Trainer.CheckpointFile);
        SafetensorsFile.Write(path, new Dictionary<string, Hamr.Tensors.Tensor> { ["x"] = Hamr.Tensors.Tensor.Zeros(2) });
        var e = Assert.Throws<SafetensorsFormatException>(() => new Trainer(Tiny(), dir.Path).Run());
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
