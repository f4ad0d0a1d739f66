namespace Hamr.Data.Synthetic;

/// <summary>
/// What the synthetic hand generator makes: the seed (sample i of a seed is always the same), the square crop size,
/// and the mix of variations. Defaults are the training mix.
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>Version of the generator's recipe, written into datasets: bumped whenever a seed's samples change.</summary>
    public const int GeneratorVersion = 1;

    public ulong Seed { get; init; }

    /// <summary>Side of the square crop in pixels (128 or 256 for training; 32..1024 accepted).</summary>
    public int Size { get; init; } = 128;

    /// <summary>Samples per pixel along each axis when rendering (2: anti-aliased edges; 1: fastest).</summary>
    public int Supersample { get; init; } = 2;

    /// <summary>Probability that a sample is a left hand.</summary>
    public float LeftHandProbability { get; init; } = 0.5f;

    /// <summary>Probability that a sample gets one or two occluders drawn over the hand.</summary>
    public float OccluderProbability { get; init; } = 0.3f;

    /// <summary>Blur, sensor noise and colour jitter (off: the clean render over its background).</summary>
    public bool Degrade { get; init; } = true;

    /// <summary>Nearest and farthest distance of the hand from the camera, metres.</summary>
    public float MinDistanceMeters { get; init; } = 0.25f;

    public float MaxDistanceMeters { get; init; } = 0.80f;

    /// <summary>
    /// A folder of the user's background photos (PNG or JPEG), used for
    /// <see cref="PhotoBackgroundProbability"/> of the samples; null for procedural backgrounds only.
    /// </summary>
    public string? BackgroundFolder { get; init; }

    public float PhotoBackgroundProbability { get; init; } = 0.5f;

    internal void Validate()
    {
        if (Size is < 32 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "crop size must be 32..1024 pixels");
        }
        if (Supersample is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(Supersample), Supersample, "supersampling must be 1..4");
        }
        CheckProbability(LeftHandProbability, nameof(LeftHandProbability));
        CheckProbability(OccluderProbability, nameof(OccluderProbability));
        CheckProbability(PhotoBackgroundProbability, nameof(PhotoBackgroundProbability));
        if (!(MinDistanceMeters >= 0.1f && MaxDistanceMeters >= MinDistanceMeters && MaxDistanceMeters <= 10f))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDistanceMeters), $"distances must satisfy 0.1 ≤ min ≤ max ≤ 10 m, got {MinDistanceMeters}..{MaxDistanceMeters}");
        }
    }

    private static void CheckProbability(float p, string name)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(name, p, "a probability must be in [0, 1]");
        }
    }
}
