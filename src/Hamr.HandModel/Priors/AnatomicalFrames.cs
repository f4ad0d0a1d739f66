namespace Hamr.HandModel.Priors;

/// <summary>
/// Each finger joint's anatomical frame, derived from a model's rest joints and tips, in the world-aligned rest frame
/// that MANO's pose vector uses. For joint j with distal bone direction d (to its child joint, or its tip):
/// <list type="bullet">
/// <item>palm normal n = (index1 − wrist) × (pinky1 − wrist), normalised (negated for a left hand), pointing out of the
/// palm; ulnar direction u = pinky1 − index1, normalised;</item>
/// <item>in the plane orthogonal to d: n⊥ (n made orthogonal to d) and u⊥ (u made orthogonal to d and n⊥);</item>
/// <item>the flexion target p⊥ (the pulp's direction): n⊥ for the fingers; for the thumb, whose pulp faces across the
/// palm, n⊥ turned toward u⊥ by <see cref="ThumbFlexionDegrees"/>;</item>
/// <item>flexion axis e_f = d × p⊥: a positive rotation about it moves the bone toward p⊥;</item>
/// <item>abduction axis e_a = ±p⊥, signed so that a positive rotation moves the bone toward the radial side for the
/// fingers (−u), and away from the palm and the index (n − u) for the thumb;</item>
/// <item>twist axis e_t = d on a right hand, −d on a left hand (mirror-consistent).</item>
/// </list>
/// A pose vector θ_j (axis-angle) has anatomical components (θ_j·e_f, θ_j·e_a, θ_j·e_t): components of the rotation
/// vector, not Euler angles; for a rotation about one of the axes they are exactly the joint angle.
/// </summary>
public sealed class AnatomicalFrames
{
    /// <summary>The distal joint of each tip, in tip order (thumb, index, middle, ring, pinky).</summary>
    private static readonly int[] TipJoint = [15, 3, 6, 12, 9];

    /// <summary>
    /// Angle (degrees) of the thumb's flexion target from n⊥ toward u⊥, about the bone. The WebXR generic hand's rig puts
    /// the thumb pulp (its joints' −Y axes; WebXR: "perpendicular to the skin, towards the palm") at 88°, 75° and 82°
    /// for the CMC, MCP and IP bones, and the fingers' pulps within 11° of n⊥ (tools/hand/pulp_directions.py): the thumb,
    /// pronated ~80° against the fingers, flexes across the palm, as anatomy describes (thumb flexion–extension roughly
    /// in the plane of the palm, abduction perpendicular to it). Our choice, replacing the first version's bisector of n
    /// and u projected along d (which left the thumb flexing ~40° too far out of the palm).
    /// </summary>
    public const double ThumbFlexionDegrees = 80;

    private static readonly double ThumbFlexionCos = Math.Cos(ThumbFlexionDegrees * Math.PI / 180);
    private static readonly double ThumbFlexionSin = Math.Sin(ThumbFlexionDegrees * Math.PI / 180);

    private readonly double[] _axes = new double[HandModel.JointCount * 9]; // [16, 3, 3]: rows e_f, e_a, e_t; wrist = I

    /// <summary>Frames from rest joints [16, 3] and tips [5, 3] (thumb, index, middle, ring, pinky).</summary>
    public AnatomicalFrames(ReadOnlySpan<float> restJoints, ReadOnlySpan<float> restTips, Handedness side)
    {
        if (restJoints.Length != 48 || restTips.Length != 15)
        {
            throw new ArgumentException($"frames need rest joints [16, 3] and tips [5, 3], got {restJoints.Length} and {restTips.Length} values");
        }
        var wrist = Point(restJoints, 0);
        var n = Normalize(Cross(Sub(Point(restJoints, 1), wrist), Sub(Point(restJoints, 7), wrist)));
        if (side == Handedness.Left)
        {
            n = Scale(n, -1);
        }
        var u = Normalize(Sub(Point(restJoints, 7), Point(restJoints, 1)));
        _axes[0] = _axes[4] = _axes[8] = 1;
        for (int j = 1; j < HandModel.JointCount; j++)
        {
            bool thumb = j >= 13;
            int tip = Array.IndexOf(TipJoint, j);
            var end = tip >= 0 ? Point(restTips, tip) : Point(restJoints, j + 1);
            var d = Normalize(Sub(end, Point(restJoints, j)));
            var nPerp = Normalize(Sub(n, Scale(d, Dot(n, d))));
            var pPerp = nPerp;
            if (thumb)
            {
                var uPerp = Sub(u, Scale(d, Dot(u, d)));
                uPerp = Normalize(Sub(uPerp, Scale(nPerp, Dot(uPerp, nPerp))));
                pPerp = Add(Scale(nPerp, ThumbFlexionCos), Scale(uPerp, ThumbFlexionSin));
            }
            var flex = Cross(d, pPerp);
            var abductionTarget = thumb ? Sub(n, u) : Scale(u, -1);
            // A rotation about p⊥ moves d along p⊥ × d = −e_f: choose the sign that moves it toward the target.
            var abduct = Dot(abductionTarget, flex) >= 0 ? Scale(pPerp, -1) : pPerp;
            flex.CopyTo(_axes, 9 * j);
            abduct.CopyTo(_axes, 9 * j + 3);
            // Twist is right-handed about d on a right hand and about −d on a left one, so that a value means the same
            // anatomical rotation on either hand (the mirror rule θ_left = (θx, −θy, −θz) maps e to −M·e for all three axes).
            (side == Handedness.Left ? Scale(d, -1) : d).CopyTo(_axes, 9 * j + 6);
        }
    }

    /// <summary>Joint j's axes as rows [3, 3]: flexion, abduction, twist (unit vectors in the rest frame).</summary>
    public ReadOnlySpan<double> Axes(int joint) => _axes.AsSpan(9 * joint, 9);

    /// <summary>Anatomical components in degrees (flexion, abduction, twist) of joint j's axis-angle θ_j.</summary>
    public void ToDegrees(int joint, ReadOnlySpan<float> axisAngle, Span<float> degrees)
    {
        var a = Axes(joint);
        for (int k = 0; k < 3; k++)
        {
            degrees[k] = (float)((a[3 * k] * axisAngle[0] + a[3 * k + 1] * axisAngle[1] + a[3 * k + 2] * axisAngle[2]) * (180 / Math.PI));
        }
    }

    /// <summary>Joint j's axis-angle θ_j from anatomical components in degrees.</summary>
    public void FromDegrees(int joint, ReadOnlySpan<float> degrees, Span<float> axisAngle)
    {
        var a = Axes(joint);
        for (int c = 0; c < 3; c++)
        {
            axisAngle[c] = (float)((a[c] * degrees[0] + a[3 + c] * degrees[1] + a[6 + c] * degrees[2]) * (Math.PI / 180));
        }
    }

    private static double[] Point(ReadOnlySpan<float> p, int i) => [p[3 * i], p[3 * i + 1], p[3 * i + 2]];

    private static double[] Sub(double[] a, double[] b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

    private static double[] Add(double[] a, double[] b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];

    private static double[] Scale(double[] a, double s) => [a[0] * s, a[1] * s, a[2] * s];

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

    private static double[] Cross(double[] a, double[] b) =>
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

    private static double[] Normalize(double[] a)
    {
        double n = Math.Sqrt(Dot(a, a));
        if (!(n > 1e-12))
        {
            throw new ArgumentException("degenerate rest pose: two joints coincide or the palm has no area");
        }
        return Scale(a, 1 / n);
    }
}
