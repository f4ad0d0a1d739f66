using Hamr.Geometry;
using Hamr.Tensors;

namespace Hamr.HandModel.Priors;

/// <summary>Hand poses the sampler knows by name.</summary>
public enum NamedPose
{
    /// <summary>Flat hand, every finger joint at 0 (the rest pose).</summary>
    Open,

    /// <summary>Fingers slightly curled, as a hand at rest.</summary>
    Relaxed,

    /// <summary>Closed fist, thumb over the middle phalanges.</summary>
    Fist,

    /// <summary>Index extended, the other fingers curled, thumb over them.</summary>
    Point,

    /// <summary>Tip pinch: index and thumb flexed toward each other, other fingers relaxed.</summary>
    Pinch,

    /// <summary>Power grasp around a cylinder of a few centimetres.</summary>
    Grasp,

    /// <summary>Fist with the thumb extended.</summary>
    ThumbsUp,
}

/// <summary>
/// Seeded right-hand (or any model's) poses θ [16, 3] in MANO axis-angle, made in anatomical degrees and converted
/// with the model's frames: named poses, uniform samples within the joint limits, blends of two poses, and a uniformly
/// random global (wrist) rotation. Named poses are approximate postures, all inside the limits; the wrist is 0 unless
/// a global rotation is asked for. The same seed gives the same sequence.
/// </summary>
public sealed class PoseSampler
{
    private const int Fingers = JointLimits.FingerJointCount;

    private readonly TensorRandom _random;

    public PoseSampler(JointLimits limits, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _random = new TensorRandom(seed);
    }

    /// <summary>
    /// A sampler for <paramref name="model"/> that keeps fingers out of each other: its limits, and
    /// <see cref="Collisions"/> set (sampled poses are drawn again while fingers interpenetrate).
    /// </summary>
    public PoseSampler(HandModel model, ulong seed)
        : this(new JointLimits(model), seed)
    {
        Collisions = new FingerCollisions(model);
    }

    public JointLimits Limits { get; }

    /// <summary>
    /// When set, <see cref="Uniform"/> and <see cref="RandomBlend"/> draw again (up to <see cref="MaxTries"/> times in
    /// all, then keep the draw with the smallest overlap) while two fingers interpenetrate by more than
    /// <see cref="FingerCollisions.DefaultToleranceMeters"/>. Null (the default): every draw is kept.
    /// </summary>
    public FingerCollisions? Collisions { get; init; }

    /// <summary>Draws per sample when <see cref="Collisions"/> is set.</summary>
    public int MaxTries { get; init; } = 32;

    /// <summary>Anatomical degrees [15, 3] of a named pose (flexion, abduction, twist of joints 1..15, MANO order).</summary>
    public static float[] NamedDegrees(NamedPose pose)
    {
        // Per finger: (MCP, PIP, DIP) flexion; thumb: CMC (flexion, abduction, twist), MCP and IP flexion. Order of the
        // 15 joints: index, middle, pinky, ring, thumb (MANO). The thumbs of Fist, Point, Pinch and Grasp were found by a
        // grid search over the thumb's five angles within the limits on the open hand, fingers kept out of each other
        // (FingerCollisions, 2.5 mm), minimising: Fist, the thumb tip's distance to the index or middle middle phalanx
        // plus half the IP's to the index middle phalanx; Point, the same with the middle finger's; Pinch, |thumb tip −
        // index tip| − 1.2 cm; Grasp, |thumb tip − index DIP| − 3 cm (around a ~3 cm object). ThumbsUp's thumb is
        // straight, slightly extended and adducted. OpenHandPoseTests measures the results; docs/images shows them.
        var (index, middle, pinky, ring, thumb) = pose switch
        {
            NamedPose.Open => (Flat, Flat, Flat, Flat, ThumbPose(0, 0, 0, 0, 0)),
            NamedPose.Relaxed => (Finger(15, 25, 10), Finger(20, 30, 12), Finger(30, 40, 15), Finger(25, 35, 14), ThumbPose(10, 15, 0, 10, 10)),
            NamedPose.Fist => (Finger(85, 100, 60), Finger(88, 100, 60), Finger(90, 100, 60), Finger(90, 100, 60), ThumbPose(-10, 10, 15, 60, 66)),
            NamedPose.Point => (Flat, Finger(88, 100, 60), Finger(90, 100, 60), Finger(90, 100, 60), ThumbPose(25, -15, 9, 20, 56)),
            NamedPose.Pinch => (Finger(53, 63, 27), Finger(20, 30, 12), Finger(25, 35, 15), Finger(22, 32, 14), ThumbPose(15, 25, 0, 10, 65)),
            NamedPose.Grasp => (Finger(55, 70, 35), Finger(58, 72, 35), Finger(60, 75, 38), Finger(60, 74, 36), ThumbPose(20, 25, -5, 0, 15)),
            NamedPose.ThumbsUp => (Finger(85, 100, 60), Finger(88, 100, 60), Finger(90, 100, 60), Finger(90, 100, 60), ThumbPose(-10, -10, 0, 0, 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(pose), pose, "unknown pose"),
        };
        return [.. index, .. middle, .. pinky, .. ring, .. thumb];
    }

    private static readonly float[] Flat = new float[9];

    private static float[] Finger(float mcp, float pip, float dip) => [mcp, 0, 0, pip, 0, 0, dip, 0, 0];

    private static float[] ThumbPose(float cmcFlexion, float cmcAbduction, float cmcTwist, float mcp, float ip) =>
        [cmcFlexion, cmcAbduction, cmcTwist, mcp, 0, 0, ip, 0, 0];

    /// <summary>θ [16, 3] of a named pose (wrist 0).</summary>
    public float[] Named(NamedPose pose)
    {
        var theta = new float[HandModel.JointCount * 3];
        Limits.FromAnatomical(NamedDegrees(pose), theta);
        return theta;
    }

    /// <summary>
    /// θ [16, 3] with every anatomical component uniform in its range (wrist 0): unnatural but valid poses (about a
    /// third of them with fingers through each other on the open hand; see <see cref="Collisions"/>).
    /// </summary>
    public float[] Uniform() => Draw(UniformOnce);

    private float[] UniformOnce()
    {
        var degrees = new float[Fingers * 3];
        for (int j = 0; j < Fingers; j++)
        {
            var row = Limits.Table[j];
            degrees[3 * j] = _random.Uniform(row.Flexion.Min, row.Flexion.Max);
            degrees[3 * j + 1] = _random.Uniform(row.Abduction.Min, row.Abduction.Max);
            degrees[3 * j + 2] = _random.Uniform(row.Twist.Min, row.Twist.Max);
        }
        var theta = new float[HandModel.JointCount * 3];
        Limits.FromAnatomical(degrees, theta);
        return theta;
    }

    /// <summary>One draw, or with <see cref="Collisions"/> the first draw without interpenetration (else the least bad).</summary>
    private float[] Draw(Func<float[]> draw)
    {
        if (Collisions is null)
        {
            return draw();
        }
        float[] best = [];
        double bestOverlap = double.PositiveInfinity;
        for (int i = 0; i < Math.Max(MaxTries, 1); i++)
        {
            var theta = draw();
            double overlap = Collisions.WorstOverlapOfPose(theta).OverlapMeters;
            if (overlap <= FingerCollisions.DefaultToleranceMeters)
            {
                return theta;
            }
            if (overlap < bestOverlap)
            {
                (best, bestOverlap) = (theta, overlap);
            }
        }
        return best;
    }

    /// <summary>(1 − t)·a + t·b in anatomical degrees (the limits are a box there, so blends of valid poses stay valid).</summary>
    public float[] Blend(NamedPose a, NamedPose b, float t)
    {
        var da = NamedDegrees(a);
        var db = NamedDegrees(b);
        for (int i = 0; i < da.Length; i++)
        {
            da[i] += t * (db[i] - da[i]);
        }
        var theta = new float[HandModel.JointCount * 3];
        Limits.FromAnatomical(da, theta);
        return theta;
    }

    /// <summary>
    /// A natural-looking random pose: a blend of two random named poses at a random t, plus Gaussian jitter of
    /// <paramref name="jitterDegrees"/> on every component, clamped into the limits. About a third of them put fingers
    /// through each other (mostly the thumb, half-way between lying over the fingers and away from them) unless
    /// <see cref="Collisions"/> is set.
    /// </summary>
    public float[] RandomBlend(float jitterDegrees = 5f) => Draw(() => RandomBlendOnce(jitterDegrees));

    private float[] RandomBlendOnce(float jitterDegrees)
    {
        var poses = Enum.GetValues<NamedPose>();
        var da = NamedDegrees(poses[_random.NextInt(poses.Length)]);
        var db = NamedDegrees(poses[_random.NextInt(poses.Length)]);
        float t = _random.NextFloat();
        for (int i = 0; i < da.Length; i++)
        {
            da[i] += t * (db[i] - da[i]) + jitterDegrees * _random.NextGaussian();
        }
        Limits.ClampAnatomical(da);
        var theta = new float[HandModel.JointCount * 3];
        Limits.FromAnatomical(da, theta);
        return theta;
    }

    /// <summary>Sets θ's wrist entry to a uniformly distributed rotation (normalised Gaussian quaternion).</summary>
    public void RandomGlobalRotation(Span<float> theta)
    {
        if (theta.Length != HandModel.JointCount * 3)
        {
            throw new ArgumentException($"θ must be [16, 3], got {theta.Length} values", nameof(theta));
        }
        Span<float> q = [_random.NextGaussian(), _random.NextGaussian(), _random.NextGaussian(), _random.NextGaussian()];
        Rotations.QuaternionToAxisAngle<float>(q, theta[..3]);
    }
}
