namespace Hamr.HandModel.Priors;

/// <summary>A range of one joint angle in degrees (Min ≤ Max).</summary>
public readonly record struct AngleRange(float Min, float Max)
{
    public bool Contains(float degrees, float toleranceDegrees = 0f) =>
        degrees >= Min - toleranceDegrees && degrees <= Max + toleranceDegrees;
}

/// <summary>
/// One articulated joint's range of motion in its anatomical frame (<see cref="AnatomicalFrames"/>), in degrees:
/// flexion (+ toward the palm, − extension), abduction (+ radial for the fingers, + away from the palm and index for
/// the thumb), twist (right-handed about the distal bone direction on a right hand, mirrored on a left), and where the
/// numbers come from.
/// </summary>
public sealed record JointLimit(int Joint, AngleRange Flexion, AngleRange Abduction, AngleRange Twist, string Source)
{
    public string Name => HandJoints.JointNames[Joint];
}

/// <summary>
/// Active ranges of motion of the 15 finger joints, relative to the model's rest pose (a flat hand: every finger joint
/// at 0°). Sources:
/// <list type="bullet">
/// <item>Lin, Wu, Huang, "Modeling the constraints of human hand motion", IEEE Workshop on Human Motion 2000: static
/// limits MCP flexion 0–90°, PIP 0–110°, DIP 0–90°, MCP abduction −15–15° (the same bounds as Lee &amp; Kunii,
/// "Model-based analysis of hand posture", IEEE CG&amp;A 1995).</item>
/// <item>American Academy of Orthopaedic Surgeons, "Joint Motion: Method of Measuring and Recording" (1965), normal
/// values: MCP hyperextension 45°, DIP hyperextension 10°, thumb MCP flexion 50°, thumb IP flexion 80° and
/// hyperextension 20°, thumb CMC abduction 70°, flexion 15°, extension 20°.</item>
/// <item>Hume, Gellman, McKellop, Brumfield, "Functional range of motion of the joints of the hand", J Hand Surg Am
/// 15(2):240–243, 1990: active flexion of the thumb MCP 56° and IP 73°.</item>
/// <item>Cooney, Lucca, Chao, Linscheid, "The kinesiology of the thumb trapeziometacarpal joint", J Bone Joint Surg Am
/// 63(9):1371–1381, 1981: CMC arcs of flexion–extension 53°, abduction–adduction 42°, axial rotation 17°.</item>
/// </list>
/// Where a source gives no bound (abduction and twist of hinge joints) the range is a tolerance of our choosing,
/// marked as such. The thumb's ranges are widened because the rest thumb of MANO-style models is not the anatomical
/// neutral position and its frame is approximate (see <see cref="AnatomicalFrames"/>).
/// </summary>
public static class JointLimitTable
{
    private const string Mcp = "flexion 0–90 (Lin et al. 2000); extension to −30, inside AAOS 1965's 45° hyperextension (our bound for active motion); abduction ±15 (Lin et al. 2000; Lee & Kunii 1995); twist ±10 (our tolerance: MCP axial rotation is passive only)";
    private const string Pip = "flexion 0–110 (Lin et al. 2000); abduction and twist ±5 (our tolerance: a hinge)";
    private const string Dip = "flexion 0–90 (Lin et al. 2000), hyperextension 10 (AAOS 1965); abduction and twist ±5 (our tolerance: a hinge)";
    private const string ThumbCmc = "arcs from Cooney et al. 1981 (flexion–extension 53, abduction–adduction 42, axial rotation 17) and AAOS 1965 (abduction 70, flexion 15, extension 20), placed around the rest thumb and widened by ~15 for the approximate frame (our choice)";
    private const string ThumbMcp = "flexion 56 (Hume et al. 1990; AAOS 1965: 50), extension to −10 (our tolerance); abduction and twist ±10 (our tolerance)";
    private const string ThumbIp = "flexion 80, hyperextension 20 (AAOS 1965; Hume et al. 1990: 73 active flexion), we keep −15; abduction and twist ±5 (our tolerance: a hinge)";

    private static JointLimit Finger1(int j) => new(j, new(-30, 90), new(-15, 15), new(-10, 10), Mcp);

    private static JointLimit Finger2(int j) => new(j, new(0, 110), new(-5, 5), new(-5, 5), Pip);

    private static JointLimit Finger3(int j) => new(j, new(-10, 90), new(-5, 5), new(-5, 5), Dip);

    /// <summary>Limits for joints 1–15 in MANO order (index 0 is joint 1, index1); the wrist is unconstrained.</summary>
    public static IReadOnlyList<JointLimit> Default { get; } =
    [
        Finger1(1), Finger2(2), Finger3(3),
        Finger1(4), Finger2(5), Finger3(6),
        Finger1(7), Finger2(8), Finger3(9),
        Finger1(10), Finger2(11), Finger3(12),
        new(13, new(-25, 50), new(-15, 60), new(-20, 25), ThumbCmc),
        new(14, new(-10, 60), new(-10, 10), new(-10, 10), ThumbMcp),
        new(15, new(-15, 80), new(-5, 5), new(-5, 5), ThumbIp),
    ];
}
