using System.Text.Json;
using System.Text.Json.Serialization;
using Hamr.Model.Losses;
using Hamr.Model.Network;

namespace Hamr.Model.Training;

/// <summary>
/// Everything a training run depends on, in one JSON file: the network (a named config, optionally replaced by a full
/// <see cref="HamrConfig"/>), the data, the loss weights, the optimiser and schedule, batch size, steps, validation
/// and checkpoint intervals and the seed. Two runs with equal configs produce the same losses step for step; the file
/// is stored inside every checkpoint and beside the weights it made.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Name of a <see cref="HamrConfigs"/> entry (hamr-s, hamr-paper); ignored when <see cref="Network"/> is set.</summary>
    public string Model { get; init; } = "hamr-s";

    /// <summary>A full network config that replaces <see cref="Model"/> (sizing experiments, tests).</summary>
    public HamrConfig? Network { get; init; }

    public TrainingData Data { get; init; } = new();

    public LossWeights Loss { get; init; } = new();

    public OptimizerSettings Optimizer { get; init; } = new();

    public int BatchSize { get; init; } = 16;

    /// <summary>Optimiser steps of the whole run (a resumed run may raise it to train longer).</summary>
    public int Steps { get; init; } = 100_000;

    /// <summary>Seed of the training data stream (the network's initial weights come from its own config's seed).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Steps between console/CSV log lines.</summary>
    public int LogInterval { get; init; } = 20;

    /// <summary>Steps between validations (and best-model checks); 0 = validate only at the end.</summary>
    public int ValidationInterval { get; init; } = 1000;

    /// <summary>Synthetic validation samples, from <see cref="TrainingData.ValidationSeed"/> (never a training seed).</summary>
    public int ValidationSamples { get; init; } = 256;

    /// <summary>Steps between checkpoints (always written at the end and when stopped).</summary>
    public int CheckpointInterval { get; init; } = 250;

    /// <summary>Engine threads (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>The network config this run trains.</summary>
    [JsonIgnore]
    public HamrConfig NetworkConfig => Network ?? HamrConfigs.Get(Model);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public TrainingConfig Validate()
    {
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException($"training config: {message}");
            }
        }
        Require(Network is not null || HamrConfigs.ByName.ContainsKey(Model), $"unknown model '{Model}' (known: {string.Join(", ", HamrConfigs.ByName.Keys)})");
        Network?.Validate();
        Require(Data is not null, "data is missing");
        Data!.Validate();
        Require(Loss is not null, "loss is missing");
        Loss!.Validate();
        Require(Optimizer is not null, "optimizer is missing");
        Optimizer!.Validate(Steps);
        Require(BatchSize is >= 1 and <= 4096, $"batchSize {BatchSize} must be 1..4096");
        Require(Steps is >= 1 and <= 100_000_000, $"steps {Steps} must be 1..100000000");
        Require(LogInterval >= 1, $"logInterval {LogInterval} must be ≥ 1");
        Require(ValidationInterval >= 0, $"validationInterval {ValidationInterval} must be ≥ 0");
        Require(ValidationSamples is >= 0 and <= 100_000, $"validationSamples {ValidationSamples} must be 0..100000");
        Require(CheckpointInterval >= 1, $"checkpointInterval {CheckpointInterval} must be ≥ 1");
        Require(Threads is >= 0 and <= 256, $"threads {Threads} must be 0..256");
        Require(Data.Folder is not null || Data.Synthetic is null || Data.Synthetic.Size == 0 || Data.Synthetic.Size == NetworkConfig.InputSize,
            $"synthetic size {Data.Synthetic?.Size} differs from the network's input size {NetworkConfig.InputSize} (leave it 0 to follow the network)");
        return this;
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses and validates a config; <paramref name="source"/> names the file in errors. Unknown fields are errors.</summary>
    public static TrainingConfig FromJson(string json, string source = "JSON")
    {
        TrainingConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TrainingConfig>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not a training config ({e.Message})", e);
        }
        try
        {
            return (config ?? throw new ArgumentException("empty")).Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>Reads and validates a config file; a missing or malformed file is an <see cref="ArgumentException"/> naming it.</summary>
    public static TrainingConfig Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{path}: cannot read the training config ({e.Message})", e);
        }
        return FromJson(json, path);
    }

    // Records compare nested records and arrays by reference; configs are equal when their JSON is.
    public bool Equals(TrainingConfig? other) => other is not null && ToJson() == other.ToJson();

    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// The training data: synthetic hands made on the fly (default), or a dataset folder written by <c>hamr synth</c>.
/// Left hands are mirrored into right hands (the network regresses the right-hand model). Validation always uses
/// synthetic samples of <see cref="ValidationSeed"/>, which must differ from the training seed.
/// </summary>
public sealed record TrainingData
{
    /// <summary>The generator's settings (its seed is replaced by the run's <see cref="TrainingConfig.Seed"/>).</summary>
    public SyntheticDataSettings? Synthetic { get; init; } = new();

    /// <summary>A dataset folder (relative paths are relative to the config file's folder); replaces synthetic data.</summary>
    public string? Folder { get; init; }

    /// <summary>Generator workers (0 = one per engine thread).</summary>
    public int Workers { get; init; }

    /// <summary>Seed of the synthetic validation set.</summary>
    public ulong ValidationSeed { get; init; } = 1_000_003;

    internal void Validate()
    {
        if (Synthetic is null && Folder is null)
        {
            throw new ArgumentException("training config: data needs 'synthetic' settings or a 'folder'");
        }
        if (Workers is < 0 or > 256)
        {
            throw new ArgumentException($"training config: data.workers {Workers} must be 0..256");
        }
        Synthetic?.Validate();
    }
}

/// <summary>The synthetic generator's settings in a training config (see <see cref="Hamr.Data.Synthetic.SyntheticOptions"/>).</summary>
public sealed record SyntheticDataSettings
{
    /// <summary>Crop side; 0 = the network's input size.</summary>
    public int Size { get; init; }

    public int Supersample { get; init; } = 2;

    public float LeftHandProbability { get; init; } = 0.5f;

    public float OccluderProbability { get; init; } = 0.3f;

    public bool Degrade { get; init; } = true;

    public float MinDistanceMeters { get; init; } = 0.25f;

    public float MaxDistanceMeters { get; init; } = 0.80f;

    /// <summary>A folder of background photos (relative to the config file's folder), or null for procedural backgrounds.</summary>
    public string? BackgroundFolder { get; init; }

    public float PhotoBackgroundProbability { get; init; } = 0.5f;

    /// <summary>The generator options for <paramref name="seed"/> at <paramref name="size"/> px.</summary>
    public Hamr.Data.Synthetic.SyntheticOptions ToOptions(ulong seed, int size, string? baseDirectory) => new()
    {
        Seed = seed,
        Size = size,
        Supersample = Supersample,
        LeftHandProbability = LeftHandProbability,
        OccluderProbability = OccluderProbability,
        Degrade = Degrade,
        MinDistanceMeters = MinDistanceMeters,
        MaxDistanceMeters = MaxDistanceMeters,
        BackgroundFolder = BackgroundFolder is null || baseDirectory is null ? BackgroundFolder : Path.Combine(baseDirectory, BackgroundFolder),
        PhotoBackgroundProbability = PhotoBackgroundProbability,
    };

    internal void Validate()
    {
        if (Size != 0 && Size is < 32 or > 1024)
        {
            throw new ArgumentException($"training config: data.synthetic.size {Size} must be 0 or 32..1024");
        }
    }
}

/// <summary>Adam (or AdamW) and its learning-rate schedule, with optional gradient-norm clipping.</summary>
public sealed record OptimizerSettings
{
    /// <summary>"adam" or "adamw".</summary>
    public string Kind { get; init; } = "adam";

    public double LearningRate { get; init; } = 1e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double WeightDecay { get; init; }

    /// <summary>"constant", "cosine" (to <see cref="MinLearningRate"/> at the last step) or "step" (×<see cref="Gamma"/> at each milestone).</summary>
    public string Schedule { get; init; } = "cosine";

    /// <summary>Linear warm-up from 10% of the rate over this many steps (0 = none).</summary>
    public int WarmupSteps { get; init; } = 500;

    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>Steps at which the "step" schedule multiplies the rate by <see cref="Gamma"/>.</summary>
    public int[] Milestones { get; init; } = [];

    public double Gamma { get; init; } = 0.1;

    /// <summary>Largest global gradient 2-norm (0 = no clipping; the norm is logged either way).</summary>
    public float GradientClip { get; init; } = 5f;

    internal void Validate(int steps)
    {
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException($"training config: optimizer: {message}");
            }
        }
        Require(Kind is "adam" or "adamw", $"kind '{Kind}' must be adam or adamw");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"learningRate {LearningRate} must be positive");
        Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, "beta1 and beta2 must be in [0, 1)");
        Require(WeightDecay >= 0, "weightDecay must be ≥ 0");
        Require(Schedule is "constant" or "cosine" or "step", $"schedule '{Schedule}' must be constant, cosine or step");
        Require(WarmupSteps >= 0 && WarmupSteps <= steps, $"warmupSteps {WarmupSteps} must be 0..steps");
        Require(MinLearningRate >= 0 && MinLearningRate <= LearningRate, "minLearningRate must be in [0, learningRate]");
        Require(Milestones is not null && Milestones.All(m => m > 0), "milestones must be positive steps");
        Require(Gamma > 0 && double.IsFinite(Gamma), "gamma must be positive");
        Require(GradientClip >= 0 && float.IsFinite(GradientClip), "gradientClip must be ≥ 0");
    }
}
