using System.Globalization;
using Hamr.Tensors;
using Hamr.Tensors.Io;

namespace Hamr.Model.Training;

/// <summary>
/// Everything needed to continue a run exactly, in one safetensors file written atomically: the network's state
/// (<c>model/…</c>: parameters and batch-norm statistics), the optimiser's state (<c>optim/…</c>: step counts and moment
/// estimates), and in the metadata the training config, the completed step, the best validation figure so far and the
/// states of the dropout random streams. The data stream needs no state: batch k is a pure function of k.
/// </summary>
public sealed record TrainingCheckpoint(
    TrainingConfig Config,
    long Step,
    double BestMetric,
    long BestStep,
    IReadOnlyDictionary<string, Tensor> Model,
    IReadOnlyDictionary<string, Tensor> Optimizer,
    IReadOnlyDictionary<string, string> RandomStates)
{
    /// <summary>
    /// The running sums of the log row in progress (loss terms, gradient norm, then the number of steps summed), so a
    /// run stopped between log rows writes the same rows after resuming.
    /// </summary>
    public double[] LogWindow { get; init; } = [];

    public const string Format = "hamr-checkpoint/1";
    private const string ModelPrefix = "model/";
    private const string OptimPrefix = "optim/";
    private const string RandomPrefix = "rng/";

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically (a crash leaves the previous file intact).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, v) in Model)
        {
            tensors[ModelPrefix + k] = v;
        }
        foreach (var (k, v) in Optimizer)
        {
            tensors[OptimPrefix + k] = v;
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["training"] = Config.ToJson(),
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
            ["best_metric"] = BestMetric.ToString("R", CultureInfo.InvariantCulture),
            ["best_step"] = BestStep.ToString(CultureInfo.InvariantCulture),
            ["log_window"] = string.Join(" ", LogWindow.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        };
        foreach (var (k, v) in RandomStates)
        {
            metadata[RandomPrefix + k] = v;
        }
        SafetensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint; anything that is not one raises <see cref="SafetensorsFormatException"/> naming the file.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        var content = SafetensorsFile.Read(path);
        var meta = content.Metadata;
        string Get(string key) => meta.TryGetValue(key, out var v) ? v : throw new SafetensorsFormatException(path, $"not a training checkpoint: no '{key}' metadata");
        if (Get("format") != Format)
        {
            throw new SafetensorsFormatException(path, $"checkpoint format '{meta["format"]}' is not {Format}");
        }
        TrainingConfig config;
        try
        {
            config = TrainingConfig.FromJson(Get("training"), $"{path} (training config)");
        }
        catch (ArgumentException e)
        {
            throw new SafetensorsFormatException(path, e.Message, e);
        }
        if (!long.TryParse(Get("step"), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
            || !double.TryParse(Get("best_metric"), NumberStyles.Float, CultureInfo.InvariantCulture, out double best)
            || !long.TryParse(Get("best_step"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long bestStep))
        {
            throw new SafetensorsFormatException(path, "step, best_metric or best_step metadata is not a number");
        }
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var optimizer = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, v) in content.Tensors)
        {
            if (k.StartsWith(ModelPrefix, StringComparison.Ordinal))
            {
                model[k[ModelPrefix.Length..]] = v;
            }
            else if (k.StartsWith(OptimPrefix, StringComparison.Ordinal))
            {
                optimizer[k[OptimPrefix.Length..]] = v;
            }
            else
            {
                throw new SafetensorsFormatException(path, $"unexpected tensor '{k}' in a training checkpoint");
            }
        }
        var random = meta.Where(kv => kv.Key.StartsWith(RandomPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[RandomPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        double[] window = [];
        if (meta.TryGetValue("log_window", out var w) && w.Length > 0)
        {
            var parts = w.Split(' ');
            window = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out window[i]))
                {
                    throw new SafetensorsFormatException(path, $"log_window metadata holds '{parts[i]}', not a number");
                }
            }
        }
        return new TrainingCheckpoint(config, step, best, bestStep, model, optimizer, random) { LogWindow = window };
    }
}
