using Hamr.HandModel.Priors;
using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// Lgeo, HAMR's geometric regularisers on the predicted hand (Zhang et al., ICCV 2019, arXiv 1902.09305: joint angles within
/// anatomical limits, fingers bending in their flexion planes, a shape prior), each averaged over the batch:
/// <list type="bullet">
/// <item>joint limits: <see cref="JointLimits.Penalty"/> on θ (axis-angle; 6D predictions go through the log map);</item>
/// <item>flexion plane: a finger's PIP and DIP (the thumb's MCP and IP) are hinges, so the finger flexes in one plane.
/// The plane of a hinge passes through it with its flexion axis as the normal, carried by the bone before it: for the
/// PIP, n₁ = G_MCP·e_f(PIP), and for the DIP, n₂ = G_PIP·e_f(DIP) (e_f from <see cref="AnatomicalFrames"/>, G a joint's
/// rotation in camera space). The DIP keypoint must lie in the PIP's plane and the tip in the DIP's; the term is Σ over
/// the 5 fingers of the two squared distances, m². The two planes coincide when the model's PIP and DIP axes are
/// parallel; taking each hinge's own axis keeps the term exactly 0 under any hinge flexion (one plane through the PIP
/// for all three points leaves the open model's rest tips 0.4–2.5 mm off it). It grows with PIP/DIP abduction, the
/// sideways bending a hinge cannot do (twist about the bone moves no keypoint; the joint limits cover it);</item>
/// <item>shape prior: ‖β‖² (β is in units of the shape space's standard deviations).</item>
/// </list>
/// The paper's exact formulation of the plane constraint was not available to us; this is our definition of it.
/// </summary>
public sealed class GeometryLoss
{
    // Per finger (thumb, index, middle, ring, pinky), MANO joints: the joint carrying the first hinge (MCP; thumb CMC),
    // the first hinge (PIP; thumb MCP) and the second (DIP; thumb IP); and the 21-keypoint indices of the two hinges and
    // the tip.
    private static readonly int[] CarrierJoint = [13, 1, 4, 10, 7];
    private static readonly int[] FirstHinge = [14, 2, 5, 11, 8];
    private static readonly int[] SecondHinge = [15, 3, 6, 12, 9];
    private static readonly int[] FirstHingeKeypoint = [2, 6, 10, 14, 18];
    private static readonly int[] SecondHingeKeypoint = [3, 7, 11, 15, 19];
    private static readonly int[] TipKeypoint = [4, 8, 12, 16, 20];

    private readonly Tensor _firstAxes;     // [5, 1, 3]: e_f of the first hinges, rest frame
    private readonly Tensor _secondAxes;    // [5, 1, 3]: e_f of the second hinges

    public GeometryLoss(HandModel.HandModel model)
        : this(new JointLimits(model))
    {
    }

    public GeometryLoss(JointLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _firstAxes = FlexionAxes(limits.Frames, FirstHinge);
        _secondAxes = FlexionAxes(limits.Frames, SecondHinge);
    }

    private static Tensor FlexionAxes(AnatomicalFrames frames, int[] joints)
    {
        var axes = new float[joints.Length * 3];
        for (int f = 0; f < joints.Length; f++)
        {
            var a = frames.Axes(joints[f]);                   // rows e_f, e_a, e_t
            for (int c = 0; c < 3; c++)
            {
                axes[3 * f + c] = (float)a[c];
            }
        }
        return Tensor.FromArray(axes, joints.Length, 1, 3);
    }

    public JointLimits Limits { get; }

    /// <summary>Mean over the batch of the joint-limit penalty of θ [B, 16, 3] (rad²).</summary>
    public Tensor JointLimitPenalty(Tensor axisAngle) => Limits.Penalty(axisAngle).Mean();

    /// <summary>Per-hand flexion-plane term [B] (m²) from root-relative or camera keypoints [B, 21, 3] and joint rotations [B, 16, 3, 3].</summary>
    public Tensor FlexionPlaneDistances(Tensor keypoints3D, Tensor globalRotations)
    {
        ArgumentNullException.ThrowIfNull(keypoints3D);
        ArgumentNullException.ThrowIfNull(globalRotations);
        if (keypoints3D.Rank != 3 || keypoints3D.Dim(1) != 21 || keypoints3D.Dim(2) != 3
            || globalRotations.Rank != 4 || globalRotations.Dim(0) != keypoints3D.Dim(0) || globalRotations.Dim(1) != 16)
        {
            throw new ArgumentException($"flexion plane needs keypoints [B, 21, 3] and rotations [B, 16, 3, 3], got [{string.Join(", ", keypoints3D.GetShape())}] and [{string.Join(", ", globalRotations.GetShape())}]");
        }
        var n1 = (globalRotations.IndexSelect(1, CarrierJoint) * _firstAxes).Sum(-1);           // [B, 5, 3]
        var n2 = (globalRotations.IndexSelect(1, FirstHinge) * _secondAxes).Sum(-1);            // [B, 5, 3]
        var hinge1 = keypoints3D.IndexSelect(1, FirstHingeKeypoint);                             // [B, 5, 3]
        var hinge2 = keypoints3D.IndexSelect(1, SecondHingeKeypoint);                            // [B, 5, 3]
        var d1 = ((hinge2 - hinge1) * n1).Sum(-1);                                               // [B, 5]
        var d2 = ((keypoints3D.IndexSelect(1, TipKeypoint) - hinge2) * n2).Sum(-1);             // [B, 5]
        return (d1.Square() + d2.Square()).Sum(1);                                               // [B]
    }

    /// <summary>Mean over the batch of <see cref="FlexionPlaneDistances"/>.</summary>
    public Tensor FlexionPlane(Tensor keypoints3D, Tensor globalRotations) => FlexionPlaneDistances(keypoints3D, globalRotations).Mean();

    /// <summary>Mean over the batch of ‖β‖², β [B, S].</summary>
    public static Tensor ShapePrior(Tensor beta)
    {
        ArgumentNullException.ThrowIfNull(beta);
        if (beta.Rank != 2)
        {
            throw new ArgumentException($"β must be [B, S], got [{string.Join(", ", beta.GetShape())}]", nameof(beta));
        }
        return beta.Square().Sum(1).Mean();
    }
}
