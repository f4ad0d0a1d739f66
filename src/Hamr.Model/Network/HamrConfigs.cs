namespace Hamr.Model.Network;

/// <summary>The named network configurations, in one table.</summary>
public static class HamrConfigs
{
    /// <summary>
    /// The CPU default: 128×128 crops, 32×32 heatmaps, 2 stacks × 64 channels. Sized by measurement so that a batch-16
    /// training step (forward + backward, hand layer included) stays near 0.5 s on 2 cores (bench verb hamr-s).
    /// </summary>
    public static HamrConfig Small { get; } = new HamrConfig
    {
        Name = "hamr-s",
        InputSize = 128,
        StemChannels = 32,
        Channels = 64,
        Stacks = 2,
        HourglassDepth = 3,
        EncoderChannels = [64, 128, 256],
        RegressorHidden = [256, 256],
        RegressorDropout = 0f,
        Iterations = 3,
        Pose = PoseRepresentation.SixD,
    }.Validate();

    /// <summary>
    /// As the original HAMR: 256×256 crops, 2 stacks × 256 channels, 64×64 heatmaps, an encoder of six stride-2
    /// convolutions down to a 2048-d feature, FC 1024-1024 with dropout 0.5, T = 3.
    /// </summary>
    public static HamrConfig Paper { get; } = new HamrConfig
    {
        Name = "hamr-paper",
        InputSize = 256,
        StemChannels = 64,
        Channels = 256,
        Stacks = 2,
        HourglassDepth = 4,
        EncoderChannels = [256, 256, 256, 512, 1024, 2048],
        RegressorHidden = [1024, 1024],
        RegressorDropout = 0.5f,
        Iterations = 3,
        Pose = PoseRepresentation.SixD,
    }.Validate();

    /// <summary>Configurations by name.</summary>
    public static IReadOnlyDictionary<string, HamrConfig> ByName { get; } =
        new Dictionary<string, HamrConfig>(StringComparer.OrdinalIgnoreCase)
        {
            [Small.Name] = Small,
            [Paper.Name] = Paper,
        };

    /// <summary>The configuration called <paramref name="name"/>; the exception lists the known names.</summary>
    public static HamrConfig Get(string name) =>
        ByName.TryGetValue(name, out var config)
            ? config
            : throw new ArgumentException($"unknown HAMR config '{name}' (known: {string.Join(", ", ByName.Keys)})", nameof(name));
}
