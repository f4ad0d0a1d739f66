namespace Hamr.HandModel.Priors;

/// <summary>
/// A rough interpenetration measure for hand poses: each of the 15 phalanges (thumb metacarpal, proximal and distal
/// phalanx; each finger's proximal, middle and distal phalanx) is a capsule along its keypoint segment, with the radius
/// measured on the model's rest mesh; two capsules of different fingers overlapping by more than a tolerance (soft
/// tissue yields a little, 3 mm by default) count as fingers passing through each other. Used to measure the pose
/// sampler's plausibility and, optionally, to reject its samples (<see cref="PoseSampler.Collisions"/>). Shape β is
/// not taken into account (radii and keypoints are those of β = 0). Not thread-safe (one scratch output).
/// </summary>
public sealed class FingerCollisions
{
    /// <summary>Default overlap (metres) beyond which two fingers count as interpenetrating.</summary>
    public const double DefaultToleranceMeters = 0.003;

    /// <summary>The capsules: keypoints (project order) at their ends, the finger (0 thumb … 4 pinky), the MANO joint moving them.</summary>
    private static readonly (int A, int B, int Finger, int Joint)[] Segments =
    [
        (1, 2, 0, 13), (2, 3, 0, 14), (3, 4, 0, 15),
        (5, 6, 1, 1), (6, 7, 1, 2), (7, 8, 1, 3),
        (9, 10, 2, 4), (10, 11, 2, 5), (11, 12, 2, 6),
        (13, 14, 3, 10), (14, 15, 3, 11), (15, 16, 3, 12),
        (17, 18, 4, 7), (18, 19, 4, 8), (19, 20, 4, 9),
    ];

    private readonly double[] _radius = new double[Segments.Length];
    private readonly HandLayer _layer;
    private readonly HandLayerOutput _output;

    /// <summary>Capsule radii from <paramref name="model"/>'s rest mesh.</summary>
    public FingerCollisions(HandModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _layer = new HandLayer(model);
        _output = _layer.CreateOutput(1);
        _layer.Forward([], new float[HandModel.JointCount * 3], [], _output);
        var rest = _output.Keypoints;
        for (int s = 0; s < Segments.Length; s++)
        {
            // Mean distance to the bone of the vertices skinned mostly (≥ 0.6) to the phalanx and lying along its middle 90 %.
            var (a, b, _, joint) = Segments[s];
            double sum = 0;
            int count = 0;
            for (int i = 0; i < model.VertexCount; i++)
            {
                if (model.SkinWeights[HandModel.JointCount * i + joint] < 0.6f)
                {
                    continue;
                }
                var (distance, t) = PointSegment(model.TemplateVertices.AsSpan(3 * i, 3), rest.AsSpan(3 * a, 3), rest.AsSpan(3 * b, 3));
                if (t is > 0.05 and < 0.95)
                {
                    sum += distance;
                    count++;
                }
            }
            _radius[s] = count > 0 ? sum / count : throw new ArgumentException($"{model.Name}: no vertex is skinned to {HandJoints.JointNames[joint]}'s phalanx", nameof(model));
        }
        // The thumb metacarpal's vertices are the thenar eminence (~17 mm on the open hand), soft tissue that the index
        // presses into in a fist: the metacarpal gets the proximal phalanx's radius instead.
        _radius[0] = _radius[1];
    }

    /// <summary>Number of capsules (15).</summary>
    public static int CapsuleCount => Segments.Length;

    /// <summary>Radius of capsule s in metres (order: thumb 1–3, index 1–3, middle, ring, pinky).</summary>
    public double Radius(int capsule) => _radius[capsule];

    /// <summary>
    /// The largest overlap (metres; negative = the closest two fingers' gap) between capsules of different fingers, for
    /// keypoints [21, 3] in the project's order, and the two capsules.
    /// </summary>
    public (double OverlapMeters, int CapsuleA, int CapsuleB) WorstOverlap(ReadOnlySpan<float> keypoints)
    {
        if (keypoints.Length != HandJoints.KeypointCount * 3)
        {
            throw new ArgumentException($"keypoints must be [21, 3], got {keypoints.Length} values", nameof(keypoints));
        }
        double worst = double.NegativeInfinity;
        int worstA = -1, worstB = -1;
        for (int s1 = 0; s1 < Segments.Length; s1++)
        {
            for (int s2 = s1 + 1; s2 < Segments.Length; s2++)
            {
                if (Segments[s1].Finger == Segments[s2].Finger)
                {
                    continue;
                }
                double d = SegmentDistance(
                    keypoints.Slice(3 * Segments[s1].A, 3), keypoints.Slice(3 * Segments[s1].B, 3),
                    keypoints.Slice(3 * Segments[s2].A, 3), keypoints.Slice(3 * Segments[s2].B, 3));
                double overlap = _radius[s1] + _radius[s2] - d;
                if (overlap > worst)
                {
                    (worst, worstA, worstB) = (overlap, s1, s2);
                }
            }
        }
        return (worst, worstA, worstB);
    }

    /// <summary>The worst overlap of pose θ [16, 3] at β = 0 (see <see cref="WorstOverlap(ReadOnlySpan{float})"/>).</summary>
    public (double OverlapMeters, int CapsuleA, int CapsuleB) WorstOverlapOfPose(ReadOnlySpan<float> theta)
    {
        _layer.Forward([], theta, [], _output);
        return WorstOverlap(_output.Keypoints);
    }

    /// <summary>Whether two fingers of pose θ [16, 3] overlap by more than <paramref name="toleranceMeters"/>.</summary>
    public bool Interpenetrates(ReadOnlySpan<float> theta, double toleranceMeters = DefaultToleranceMeters) =>
        WorstOverlapOfPose(theta).OverlapMeters > toleranceMeters;

    /// <summary>Distance from p to the segment [a, b] and the parameter t of p's projection on its line (unclamped).</summary>
    private static (double Distance, double T) PointSegment(ReadOnlySpan<float> p, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double abx = b[0] - a[0], aby = b[1] - a[1], abz = b[2] - a[2];
        double t = ((p[0] - a[0]) * abx + (p[1] - a[1]) * aby + (p[2] - a[2]) * abz) / (abx * abx + aby * aby + abz * abz);
        double c = Math.Clamp(t, 0, 1);
        double dx = a[0] + c * abx - p[0], dy = a[1] + c * aby - p[1], dz = a[2] + c * abz - p[2];
        return (Math.Sqrt(dx * dx + dy * dy + dz * dz), t);
    }

    /// <summary>Closest distance between segments [p1, q1] and [p2, q2] (Ericson, Real-Time Collision Detection, 5.1.9).</summary>
    internal static double SegmentDistance(ReadOnlySpan<float> p1, ReadOnlySpan<float> q1, ReadOnlySpan<float> p2, ReadOnlySpan<float> q2)
    {
        double d1x = q1[0] - p1[0], d1y = q1[1] - p1[1], d1z = q1[2] - p1[2];
        double d2x = q2[0] - p2[0], d2y = q2[1] - p2[1], d2z = q2[2] - p2[2];
        double rx = p1[0] - p2[0], ry = p1[1] - p2[1], rz = p1[2] - p2[2];
        double a = d1x * d1x + d1y * d1y + d1z * d1z, e = d2x * d2x + d2y * d2y + d2z * d2z;
        double f = d2x * rx + d2y * ry + d2z * rz, c = d1x * rx + d1y * ry + d1z * rz, b = d1x * d2x + d1y * d2y + d1z * d2z;
        if (a < 1e-18 || e < 1e-18)
        {
            // A degenerate segment is a point: the distance from it to the other segment (or point).
            if (a < 1e-18 && e < 1e-18)
            {
                return Math.Sqrt(rx * rx + ry * ry + rz * rz);
            }
            return a < 1e-18 ? PointSegment(p1, p2, q2).Distance : PointSegment(p2, p1, q1).Distance;
        }
        double denominator = a * e - b * b;
        // Parallel segments (denominator 0): any s works; take 0 and clamp t.
        double s = denominator > 1e-18 ? Math.Clamp((b * f - c * e) / denominator, 0, 1) : 0;
        double t = (b * s + f) / e;
        if (t < 0)
        {
            t = 0;
            s = Math.Clamp(-c / a, 0, 1);
        }
        else if (t > 1)
        {
            t = 1;
            s = Math.Clamp((b - c) / a, 0, 1);
        }
        double x = rx + d1x * s - d2x * t, y = ry + d1y * s - d2y * t, z = rz + d1z * s - d2z * t;
        return Math.Sqrt(x * x + y * y + z * z);
    }
}
