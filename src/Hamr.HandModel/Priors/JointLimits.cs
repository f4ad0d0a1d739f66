using Hamr.Tensors;

namespace Hamr.HandModel.Priors;

/// <summary>
/// Anatomical joint limits for a particular hand model: the limit table (<see cref="JointLimitTable"/>) expressed in
/// the model's anatomical frames (<see cref="AnatomicalFrames"/>), with the conversion between MANO axis-angle θ and
/// anatomical degrees, a containment check, and a differentiable penalty for training (Lgeo).
/// </summary>
public sealed class JointLimits
{
    /// <summary>Finger joints constrained (1..15 in MANO order; the wrist's global rotation is free).</summary>
    public const int FingerJointCount = HandModel.JointCount - 1;

    private readonly Tensor _axes;      // [15, 3, 3]: rows e_f, e_a, e_t of joints 1..15
    private readonly Tensor _low;       // [15, 3] radians
    private readonly Tensor _high;      // [15, 3] radians

    /// <summary>Limits for <paramref name="model"/>: frames from its rest joints (β = 0) and rest tips.</summary>
    public JointLimits(HandModel model, IReadOnlyList<JointLimit>? table = null)
        : this(RestPoints(model, model.JointRegressor, HandModel.JointCount), RestPoints(model, model.TipRegressor, HandModel.TipCount), model.Side, table)
    {
    }

    /// <summary>Limits from rest joints [16, 3] and tips [5, 3] (thumb, index, middle, ring, pinky).</summary>
    public JointLimits(ReadOnlySpan<float> restJoints, ReadOnlySpan<float> restTips, Handedness side, IReadOnlyList<JointLimit>? table = null)
    {
        Frames = new AnatomicalFrames(restJoints, restTips, side);
        Table = table ?? JointLimitTable.Default;
        if (Table.Count != FingerJointCount || Table.Select((l, i) => l.Joint == i + 1).Any(ok => !ok))
        {
            throw new ArgumentException("a limit table needs one row per finger joint 1..15, in order", nameof(table));
        }
        var axes = new float[FingerJointCount * 9];
        var low = new float[FingerJointCount * 3];
        var high = new float[FingerJointCount * 3];
        for (int j = 1; j <= FingerJointCount; j++)
        {
            var a = Frames.Axes(j);
            for (int k = 0; k < 9; k++)
            {
                axes[9 * (j - 1) + k] = (float)a[k];
            }
            var row = Table[j - 1];
            AngleRange[] ranges = [row.Flexion, row.Abduction, row.Twist];
            for (int k = 0; k < 3; k++)
            {
                low[3 * (j - 1) + k] = ranges[k].Min * MathF.PI / 180f;
                high[3 * (j - 1) + k] = ranges[k].Max * MathF.PI / 180f;
            }
        }
        _axes = Tensor.Wrap(axes, FingerJointCount, 3, 3);
        _low = Tensor.Wrap(low, FingerJointCount, 3);
        _high = Tensor.Wrap(high, FingerJointCount, 3);
    }

    public AnatomicalFrames Frames { get; }

    /// <summary>The 15 rows of limits, for joints 1..15.</summary>
    public IReadOnlyList<JointLimit> Table { get; }

    /// <summary>Anatomical degrees [15, 3] (flexion, abduction, twist of joints 1..15) of a pose θ [16, 3].</summary>
    public void ToAnatomical(ReadOnlySpan<float> theta, Span<float> degrees)
    {
        CheckPose(theta, degrees.Length);
        for (int j = 1; j <= FingerJointCount; j++)
        {
            Frames.ToDegrees(j, theta.Slice(3 * j, 3), degrees.Slice(3 * (j - 1), 3));
        }
    }

    /// <summary>The finger joints of θ [16, 3] from anatomical degrees [15, 3]; θ's wrist entry is left as it is.</summary>
    public void FromAnatomical(ReadOnlySpan<float> degrees, Span<float> theta)
    {
        CheckPose(theta, degrees.Length);
        for (int j = 1; j <= FingerJointCount; j++)
        {
            Frames.FromDegrees(j, degrees.Slice(3 * (j - 1), 3), theta.Slice(3 * j, 3));
        }
    }

    /// <summary>Whether every finger joint of θ [16, 3] is inside its ranges (widened by the tolerance).</summary>
    public bool IsWithin(ReadOnlySpan<float> theta, float toleranceDegrees = 1e-3f)
    {
        Span<float> degrees = stackalloc float[FingerJointCount * 3];
        ToAnatomical(theta, degrees);
        return IsWithinAnatomical(degrees, toleranceDegrees);
    }

    /// <summary>Whether anatomical degrees [15, 3] are inside the ranges (widened by the tolerance).</summary>
    public bool IsWithinAnatomical(ReadOnlySpan<float> degrees, float toleranceDegrees = 1e-3f)
    {
        for (int j = 0; j < FingerJointCount; j++)
        {
            var row = Table[j];
            if (!row.Flexion.Contains(degrees[3 * j], toleranceDegrees) || !row.Abduction.Contains(degrees[3 * j + 1], toleranceDegrees)
                || !row.Twist.Contains(degrees[3 * j + 2], toleranceDegrees))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Clamps anatomical degrees [15, 3] into the ranges, in place.</summary>
    public void ClampAnatomical(Span<float> degrees)
    {
        for (int j = 0; j < FingerJointCount; j++)
        {
            var row = Table[j];
            degrees[3 * j] = Math.Clamp(degrees[3 * j], row.Flexion.Min, row.Flexion.Max);
            degrees[3 * j + 1] = Math.Clamp(degrees[3 * j + 1], row.Abduction.Min, row.Abduction.Max);
            degrees[3 * j + 2] = Math.Clamp(degrees[3 * j + 2], row.Twist.Min, row.Twist.Max);
        }
    }

    /// <summary>
    /// Limit penalty per hand for poses θ [B, 16, 3] → [B]: Σ over the 15 finger joints and 3 anatomical components of
    /// the squared excess outside the range, in radians² (0 inside). Differentiable in θ; the wrist is free.
    /// </summary>
    public Tensor Penalty(Tensor theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        if (theta.Rank != 3 || theta.Dim(1) != HandModel.JointCount || theta.Dim(2) != 3)
        {
            throw new ArgumentException($"Penalty needs θ [B, 16, 3], got [{string.Join(", ", theta.GetShape())}]", nameof(theta));
        }
        var fingers = theta.Slice(1, 1, FingerJointCount);                         // [B, 15, 3]
        var components = (fingers.Unsqueeze(2) * _axes).Sum(-1);                    // [B, 15, 3]: (θ·e_f, θ·e_a, θ·e_t)
        var excess = (components - _high).Relu() + (_low - components).Relu();     // [B, 15, 3]
        return excess.Square().Sum([1, 2]);                                        // [B]
    }

    private static void CheckPose(ReadOnlySpan<float> theta, int degreesLength)
    {
        if (theta.Length != HandModel.JointCount * 3 || degreesLength != FingerJointCount * 3)
        {
            throw new ArgumentException($"expected θ [16, 3] and degrees [15, 3], got {theta.Length} and {degreesLength} values");
        }
    }

    /// <summary>rows · template: rest joints [16, 3] or tips [5, 3] of the β = 0 mesh.</summary>
    private static float[] RestPoints(HandModel model, float[] regressor, int rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        int v = model.VertexCount;
        var result = new float[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                double s = 0;
                for (int i = 0; i < v; i++)
                {
                    s += regressor[r * v + i] * (double)model.TemplateVertices[3 * i + c];
                }
                result[3 * r + c] = (float)s;
            }
        }
        return result;
    }
}
