using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hamr.Model.Network;

/// <summary>How the regressor parameterises each of the 16 joint rotations in Θ.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PoseRepresentation>))]
public enum PoseRepresentation
{
    /// <summary>6 numbers per joint (the first two columns of the matrix, Gram–Schmidt; Zhou et al. 2019): continuous.</summary>
    SixD,

    /// <summary>3 numbers per joint (MANO axis-angle), as the original HAMR.</summary>
    AxisAngle,
}

/// <summary>
/// A HAMR network's architecture, by value: input and heatmap sizes, hourglass widths and stacks, the regressor's
/// encoder and fully connected widths, iterations and the pose representation. Serialisable to JSON (saved beside
/// trained weights); <see cref="HamrConfigs"/> names the standard ones.
/// </summary>
public sealed record HamrConfig
{
    /// <summary>Keypoints (= heatmaps per stack) of the 21-point skeleton.</summary>
    public const int KeypointCount = 21;

    /// <summary>Shape coefficients β regressed.</summary>
    public const int ShapeCount = 10;

    /// <summary>Joint rotations of the hand model (wrist + 15 finger joints).</summary>
    public const int JointCount = 16;

    /// <summary>Camera parameters (s, tx, ty).</summary>
    public const int CameraCount = 3;

    public string Name { get; init; } = "custom";

    /// <summary>Side of the square input crop, pixels (a multiple of 4: the stem reduces it 4× to the heatmaps).</summary>
    public int InputSize { get; init; } = 128;

    /// <summary>Output channels of the stem's 7×7 stride-2 convolution.</summary>
    public int StemChannels { get; init; } = 32;

    /// <summary>Feature width of the hourglasses (residual blocks use a bottleneck of half this).</summary>
    public int Channels { get; init; } = 64;

    /// <summary>Hourglass stacks, each supervised with its own 21 heatmaps.</summary>
    public int Stacks { get; init; } = 2;

    /// <summary>Levels of each hourglass (2× max-pool per level): the heatmap side must be divisible by 2^depth.</summary>
    public int HourglassDepth { get; init; } = 3;

    /// <summary>Widths of the regressor encoder's 3×3 stride-2 convolutions; the last is the feature size.</summary>
    public int[] EncoderChannels { get; init; } = [64, 128, 256];

    /// <summary>Hidden widths of the fully connected update [feature, Θ_t] → ΔΘ.</summary>
    public int[] RegressorHidden { get; init; } = [256, 256];

    /// <summary>Dropout after each hidden FC layer in training (0 = none; HAMR/HMR use 0.5).</summary>
    public float RegressorDropout { get; init; }

    /// <summary>Refinement iterations T, each kept for deep supervision.</summary>
    public int Iterations { get; init; } = 3;

    public PoseRepresentation Pose { get; init; } = PoseRepresentation.SixD;

    /// <summary>
    /// Initial weak-perspective scale s (normalised crop units per metre). A hand of ~0.19 m framed with 15–50% margin
    /// spans ~1.3–1.7 of the crop's [−1, 1], so s ≈ 8.
    /// </summary>
    public float MeanCameraScale { get; init; } = 8f;

    /// <summary>Seed of the deterministic initialisation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Heatmap side: the input reduced 4× (stride-2 stem convolution, then a 2× max-pool).</summary>
    [JsonIgnore]
    public int HeatmapSize => InputSize / 4;

    /// <summary>Numbers per joint rotation in Θ.</summary>
    [JsonIgnore]
    public int PoseWidth => Pose == PoseRepresentation.SixD ? 6 : 3;

    /// <summary>Length of Θ = [camera 3 | pose 16·PoseWidth | β 10].</summary>
    [JsonIgnore]
    public int ThetaSize => CameraCount + JointCount * PoseWidth + ShapeCount;

    /// <summary>Length of the encoder's feature vector.</summary>
    [JsonIgnore]
    public int FeatureSize => EncoderChannels[^1];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public HamrConfig Validate()
    {
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException($"HAMR config '{Name}': {message}");
            }
        }
        Require(InputSize is >= 16 and <= 1024 && InputSize % 4 == 0, $"InputSize {InputSize} must be a multiple of 4 in 16..1024");
        Require(HourglassDepth is >= 1 and <= 6, $"HourglassDepth {HourglassDepth} must be 1..6");
        Require(HeatmapSize % (1 << HourglassDepth) == 0, $"heatmap side {HeatmapSize} is not divisible by 2^{HourglassDepth}");
        Require(StemChannels is >= 1 and <= 4096, $"StemChannels {StemChannels} must be 1..4096");
        Require(Channels is >= 2 and <= 4096 && Channels % 2 == 0, $"Channels {Channels} must be even, 2..4096");
        Require(Stacks is >= 1 and <= 8, $"Stacks {Stacks} must be 1..8");
        Require(EncoderChannels is { Length: >= 1 } && EncoderChannels.All(c => c is >= 1 and <= 8192), "EncoderChannels needs 1..8192 channels per layer");
        Require(RegressorHidden is not null && RegressorHidden.All(c => c is >= 1 and <= 8192), "RegressorHidden needs 1..8192 units per layer");
        Require(RegressorDropout is >= 0 and < 1, $"RegressorDropout {RegressorDropout} must be in [0, 1)");
        Require(Iterations is >= 1 and <= 10, $"Iterations {Iterations} must be 1..10");
        Require(Enum.IsDefined(Pose), $"unknown pose representation {Pose}");
        Require(MeanCameraScale > 0 && float.IsFinite(MeanCameraScale), $"MeanCameraScale {MeanCameraScale} must be positive");
        return this;
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses and validates a config; <paramref name="source"/> names the file or string in errors.</summary>
    public static HamrConfig FromJson(string json, string source = "JSON")
    {
        HamrConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<HamrConfig>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not a HAMR config ({e.Message})", e);
        }
        return (config ?? throw new ArgumentException($"{source}: empty HAMR config")).Validate();
    }

    // Records compare arrays by reference; configs are equal when every value is.
    public bool Equals(HamrConfig? other) => other is not null && ToJson() == other.ToJson();

    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);
}
