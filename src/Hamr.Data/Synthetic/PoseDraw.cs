using Hamr.HandModel.Priors;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Draws finger poses for one sample from the sample's own generator, with the hand model's priors: the named poses
/// and joint limits of <see cref="PoseSampler"/> (its static tables; a PoseSampler instance owns one sequential
/// generator and allocates per pose, so it is not used here). A mix of named poses with a little jitter, blends of
/// two named poses, and uniform draws within the limits; all in anatomical degrees, clamped to the limits, then
/// converted to MANO axis-angle for the right hand.
/// </summary>
internal sealed class PoseDraw
{
    private const int Components = JointLimits.FingerJointCount * 3;

    private readonly JointLimits _limits;
    private readonly float[][] _named;
    private readonly float[] _degrees = new float[Components];

    public PoseDraw(JointLimits limits)
    {
        _limits = limits;
        _named = [.. Enum.GetValues<NamedPose>().Select(PoseSampler.NamedDegrees)];
    }

    /// <summary>Fractions of samples drawn as a jittered named pose, a blend of two, or uniform within the limits.</summary>
    public const float NamedFraction = 0.2f, BlendFraction = 0.6f;

    /// <summary>Writes the finger joints of θ [16, 3] (the wrist entry is left alone).</summary>
    public void Draw(TensorRandom random, Span<float> theta)
    {
        float kind = random.NextFloat();
        var degrees = _degrees.AsSpan();
        if (kind < NamedFraction + BlendFraction)
        {
            var a = _named[random.NextInt(_named.Length)];
            var b = _named[random.NextInt(_named.Length)];
            float t = kind < NamedFraction ? 0 : random.NextFloat();
            float jitter = kind < NamedFraction ? 4f : 7f;
            for (int i = 0; i < Components; i++)
            {
                degrees[i] = a[i] + t * (b[i] - a[i]) + jitter * random.NextGaussian();
            }
        }
        else
        {
            // Uniform within the limits, but with small abduction and twist: the full ranges of those are tolerances
            // (see JointLimitTable), and uniform twist makes fingers look broken.
            for (int j = 0; j < JointLimits.FingerJointCount; j++)
            {
                var row = _limits.Table[j];
                degrees[3 * j] = random.Uniform(row.Flexion.Min, row.Flexion.Max);
                degrees[3 * j + 1] = 0.5f * random.Uniform(row.Abduction.Min, row.Abduction.Max);
                degrees[3 * j + 2] = 0.25f * random.Uniform(row.Twist.Min, row.Twist.Max);
            }
        }
        _limits.ClampAnatomical(degrees);
        _limits.FromAnatomical(degrees, theta);
    }
}
