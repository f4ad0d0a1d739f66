using System.Globalization;
using Hamr.HandModel.OpenHand;
using Hamr.Tensors;
using Hamr.Tensors.Io;

namespace Hamr.Model.Network;

/// <summary>
/// A trained HAMR network as one safetensors file: the state dictionary (parameters and batch-norm statistics) and, in
/// the metadata, the network config (<c>hamr.config</c>), the training config that made it (<c>hamr.training</c>), the
/// step and validation figures. <see cref="Load(string)"/> rebuilds the network from the file alone; the committed
/// hamr-s weights are embedded in this assembly (<see cref="LoadDefault"/>).
/// </summary>
public static class HamrWeights
{
    public const string FormatKey = "format";
    public const string Format = "hamr-weights/1";
    public const string ConfigKey = "hamr.config";
    public const string TrainingKey = "hamr.training";
    public const string StepKey = "hamr.step";

    /// <summary>The embedded resource holding the committed hamr-s weights.</summary>
    public const string DefaultResource = "Hamr.Model.Assets.hamr-s.safetensors";

    /// <summary>Writes the network's state and config (and any extra metadata) atomically.</summary>
    public static void Save(HamrNetwork network, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [FormatKey] = Format,
            [ConfigKey] = network.Config.ToJson(),
        };
        SafetensorsFile.Write(path, network.StateDict(), meta);
    }

    /// <summary>Loads a weights file written by <see cref="Save"/> into a new network on the open right hand.</summary>
    public static HamrNetwork Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromContent(SafetensorsFile.Read(path), path);
    }

    /// <summary>Loads weights from a stream (<paramref name="sourceName"/> names it in errors).</summary>
    public static HamrNetwork Load(Stream stream, string sourceName) => FromContent(SafetensorsFile.Read(stream, sourceName), sourceName);

    /// <summary>Whether this build carries trained hamr-s weights.</summary>
    public static bool HasDefault => typeof(HamrWeights).Assembly.GetManifestResourceInfo(DefaultResource) is not null;

    /// <summary>The committed hamr-s network (trained on synthetic hands), in eval mode.</summary>
    public static HamrNetwork LoadDefault()
    {
        using var stream = typeof(HamrWeights).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"this build has no embedded weights ({DefaultResource})");
        var network = Load(stream, DefaultResource);
        network.Eval();
        return network;
    }

    /// <summary>As <see cref="Load(string)"/>, also returning the file's metadata (one read of the file).</summary>
    public static (HamrNetwork Network, IReadOnlyDictionary<string, string> Metadata) LoadWithMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var content = SafetensorsFile.Read(path);
        return (FromContent(content, path), content.Metadata);
    }

    /// <summary>As <see cref="LoadDefault"/>, also returning the embedded file's metadata.</summary>
    public static (HamrNetwork Network, IReadOnlyDictionary<string, string> Metadata) LoadDefaultWithMetadata()
    {
        using var stream = typeof(HamrWeights).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"this build has no embedded weights ({DefaultResource})");
        var content = SafetensorsFile.Read(stream, DefaultResource);
        var network = FromContent(content, DefaultResource);
        network.Eval();
        return (network, content.Metadata);
    }

    /// <summary>The metadata of a weights file (config, training config, step, validation figures).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => SafetensorsFile.Read(path).Metadata;

    private static HamrNetwork FromContent(SafetensorsContent content, string source)
    {
        if (!content.Metadata.TryGetValue(ConfigKey, out var configJson))
        {
            throw new SafetensorsFormatException(source, $"no '{ConfigKey}' metadata: not a HAMR weights file");
        }
        HamrConfig config;
        try
        {
            config = HamrConfig.FromJson(configJson, $"{source} ({ConfigKey})");
        }
        catch (ArgumentException e)
        {
            throw new SafetensorsFormatException(source, e.Message, e);
        }
        var network = new HamrNetwork(config, OpenHandModel.LoadRight());
        try
        {
            network.LoadStateDict(content.Tensors);
        }
        catch (Hamr.Tensors.NN.StateDictException e)
        {
            throw new SafetensorsFormatException(source, $"weights do not fit config '{config.Name}': {e.Message}", e);
        }
        return network;
    }

    /// <summary>The training step recorded in a weights file's metadata, or −1.</summary>
    public static long Step(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(StepKey, out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long step) ? step : -1;
}
