using Hamr.HandModel.Priors;
using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// Lgeo, HAMR's geometric regularisers on the predicted hand (Zhang et al., ICCV 2019, Sec. 3: joint angles within
/// anatomical limits, fingers bending in their flexion planes, a shape prior), each averaged over the batch:
/// <list type="bullet">
/// <item>joint limits: <see cref="JointLimits.Penalty"/> on θ (axis-angle; 6D predictions go through the log map);</item>
/// <item>flexion plane: a finger's PIP and DIP (the thumb's MCP and IP) are hinges, so its DIP and tip move in one plane:
/// the plane through the PIP keypoint whose normal is the PIP's flexion axis as carried by the proximal phalanx,
/// n = G_MCP·e_f(PIP) (e_f from <see cref="AnatomicalFrames"/>, G_MCP the MCP joint's rotation in camera space).
/// The term is Σ over the 5 fingers of the squared distances of DIP and tip from that plane, m². It is exactly 0 for
/// DIP under any PIP flexion, ~0 for the tip (DIP's axis is nearly PIP's in the rest hand) and grows with PIP/DIP
/// abduction and twist — what a hinge cannot do;</item>
/// <item>shape prior: ‖β‖² (β is in units of the shape space's standard deviations).</item>
/// </list>
/// The paper's exact formulation of the plane constraint was not available to us; this is our definition of it.
/// </summary>
public sealed class GeometryLoss
{
    // Per finger (thumb, index, middle, ring, pinky): the MANO joint carrying the hinge (MCP; thumb CMC), the hinge
    // joint (PIP; thumb MCP), and the 21-keypoint indices of the hinge, the next joint and the tip.
    private static readonly int[] CarrierJoint = [13, 1, 4, 10, 7];
    private static readonly int[] HingeJoint = [14, 2, 5, 11, 8];
    private static readonly int[] HingeKeypoint = [2, 6, 10, 14, 18];
    private static readonly int[] DistalKeypoint = [3, 7, 11, 15, 19];
    private static readonly int[] TipKeypoint = [4, 8, 12, 16, 20];

    private readonly Tensor _flexionAxes;   // [5, 1, 3]: e_f of each hinge joint, rest frame

    public GeometryLoss(HandModel.HandModel model)
        : this(new JointLimits(model))
    {
    }

    public GeometryLoss(JointLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        var axes = new float[HingeJoint.Length * 3];
        for (int f = 0; f < HingeJoint.Length; f++)
        {
            var a = limits.Frames.Axes(HingeJoint[f]);        // rows e_f, e_a, e_t
            for (int c = 0; c < 3; c++)
            {
                axes[3 * f + c] = (float)a[c];
            }
        }
        _flexionAxes = Tensor.FromArray(axes, HingeJoint.Length, 1, 3);
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
        var normals = (globalRotations.IndexSelect(1, CarrierJoint) * _flexionAxes).Sum(-1);   // [B, 5, 3]
        var hinge = keypoints3D.IndexSelect(1, HingeKeypoint);                                   // [B, 5, 3]
        var distal = ((keypoints3D.IndexSelect(1, DistalKeypoint) - hinge) * normals).Sum(-1);  // [B, 5]
        var tip = ((keypoints3D.IndexSelect(1, TipKeypoint) - hinge) * normals).Sum(-1);        // [B, 5]
        return (distal.Square() + tip.Square()).Sum(1);                                          // [B]
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
