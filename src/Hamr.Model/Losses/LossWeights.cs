using System.Text.Json;

namespace Hamr.Model.Losses;

/// <summary>
/// L = λhm·Lheatmap + λ2D·L2D + λ3D·L3D + λgeo·(λlim·Llimits + λplane·Lplane + λβ·‖β‖²) + λcam·Lcam + λseg·Lseg, the
/// per-iteration terms summed over the T iterations with <see cref="IterationWeights"/> (deep supervision), and the
/// settings of the targets the losses build (heatmap σ, silhouette size and σ). Serialisable to JSON.
/// Units of the raw terms: Lheatmap per map (Σ over pixels of squared differences, peak 1); L2D normalised crop units²;
/// L3D and Lplane m²; Llimits rad²; Lcam (s, tx, ty) squared; Lseg mean absolute difference per pixel. The defaults
/// bring a 1 cm 3D error (0.1), its ~0.08 projected error (0.064) and a converged heatmap (~0.5) to similar sizes;
/// they are starting points for training, not tuned values.
/// </summary>
public sealed record LossWeights
{
    public float Heatmap { get; init; } = 1f;

    public float Keypoints2D { get; init; } = 10f;

    /// <summary>
    /// Weight of the integral-regression term: L1 between the soft-argmax keypoints of every stack's heatmaps and the
    /// labels (normalised crop units; Sun et al. 2018). Not one of HAMR's six terms: it gets the hourglass off the
    /// all-zero plateau that the L2 heatmap loss starts on (hundreds of steps at 32×32 with σ = 1). 0 = off.
    /// </summary>
    public float HeatmapKeypoints { get; init; }

    /// <summary>Softmax sharpness of the soft-argmax in <see cref="HeatmapKeypoints"/>.</summary>
    public float SoftArgmaxBeta { get; init; } = 10f;

    public float Keypoints3D { get; init; } = 1000f;

    /// <summary>Multiplies the sum of the three geometric terms below.</summary>
    public float Geometry { get; init; } = 1f;

    public float JointLimits { get; init; } = 1f;

    public float FlexionPlane { get; init; } = 1000f;

    public float ShapePrior { get; init; } = 0.01f;

    public float Camera { get; init; } = 1f;

    public float Segmentation { get; init; } = 1f;

    /// <summary>Weight of each regression iteration's terms (length T); null = 1 for every iteration.</summary>
    public float[]? IterationWeights { get; init; }

    /// <summary>Standard deviation of the ground-truth Gaussians, heatmap pixels.</summary>
    public float HeatmapSigma { get; init; } = 1f;

    /// <summary>Side of the soft silhouette and of the downsampled ground-truth mask, pixels.</summary>
    public int SilhouetteSize { get; init; } = 32;

    /// <summary>
    /// Soft rasteriser sharpness σ, px² at <see cref="SilhouetteSize"/> (smaller = sharper edges). Each face visits the
    /// pixels within √(9.2σ) of it: 0.05 px² reaches 0.68 px, 3–4× cheaper than 0.3 px² (1.7 px) for a 1159-vertex hand.
    /// </summary>
    public float SilhouetteSigma { get; init; } = 0.05f;

    /// <summary>The weight of iteration t of T.</summary>
    public float IterationWeight(int t, int iterations)
    {
        if (IterationWeights is null)
        {
            return 1f;
        }
        if (IterationWeights.Length != iterations)
        {
            throw new ArgumentException($"{IterationWeights.Length} iteration weights for a network of {iterations} iterations");
        }
        return IterationWeights[t];
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public LossWeights Validate()
    {
        float[] lambdas = [Heatmap, HeatmapKeypoints, SoftArgmaxBeta, Keypoints2D, Keypoints3D, Geometry, JointLimits, FlexionPlane, ShapePrior, Camera, Segmentation];
        if (lambdas.Any(w => !(w >= 0 && float.IsFinite(w))) || (IterationWeights?.Any(w => !(w >= 0 && float.IsFinite(w))) ?? false))
        {
            throw new ArgumentException("loss weights must be finite and non-negative");
        }
        if (!(HeatmapSigma > 0 && float.IsFinite(HeatmapSigma)))
        {
            throw new ArgumentException($"HeatmapSigma {HeatmapSigma} must be positive");
        }
        if (SilhouetteSize is < 4 or > 512 || !(SilhouetteSigma > 0 && float.IsFinite(SilhouetteSigma)))
        {
            throw new ArgumentException($"silhouette size {SilhouetteSize} (4..512) or σ {SilhouetteSigma} (> 0) out of range");
        }
        return this;
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses and validates weights; <paramref name="source"/> names the file or string in errors.</summary>
    public static LossWeights FromJson(string json, string source = "JSON")
    {
        LossWeights? weights;
        try
        {
            weights = JsonSerializer.Deserialize<LossWeights>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not loss weights ({e.Message})", e);
        }
        return (weights ?? throw new ArgumentException($"{source}: empty loss weights")).Validate();
    }

    // Records compare arrays by reference; weights are equal when every value is.
    public bool Equals(LossWeights? other) => other is not null && ToJson() == other.ToJson();

    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);
}
