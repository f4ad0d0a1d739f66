using Hamr.Geometry;
using Hamr.HandModel;

namespace Hamr.Model.Evaluation;

/// <summary>
/// The pose metrics, in one place, as numbered steps. Definitions (every report repeats them):
/// <list type="bullet">
/// <item>3D per-joint error under a protocol (<see cref="JointErrorsMm"/>): align, then the Euclidean distance in mm.</item>
/// <item>MPJPE: the mean of the per-joint errors pooled over every counted (sample, joint); the median likewise.</item>
/// <item>PCK(t): the fraction of pooled errors ≤ t (as Zimmermann &amp; Brox's EvalUtil, which uses ≤).</item>
/// <item>AUC over [a, b]: (1 / (b − a)) ∫ₐᵇ P(t) dt, where P linearly interpolates the PCK curve sampled at its
/// thresholds — i.e. the trapezoidal rule on the threshold grid, normalised to [0, 1] (EvalUtil's
/// np.trapz(pck, t) / (b − a)). The default grid is 0, 0.5, …, 50 mm (101 points), so [20, 50] uses its last 61.</item>
/// </list>
/// Pooling differs from EvalUtil's per-keypoint averaging only when a visibility mask hides some keypoints more often
/// than others (for the mean and PCK), and for the median (EvalUtil averages 21 per-keypoint medians).
/// </summary>
public static class HandMetrics
{
    /// <summary>Keypoints per hand (21).</summary>
    public const int KeypointCount = HandJoints.KeypointCount;

    /// <summary>Bones of the 21-keypoint skeleton (20): keypoint k and its parent, k = 1…20.</summary>
    public const int BoneCount = KeypointCount - 1;

    /// <summary>The 3D PCK thresholds reports use: 0, 0.5, …, 50 mm.</summary>
    public static double[] DefaultThresholdsMm() => Thresholds(0, 50, 101);

    /// <summary>The 2D PCK thresholds reports use: 0, 0.5, …, 50 px.</summary>
    public static double[] DefaultThresholdsPx() => Thresholds(0, 50, 101);

    /// <summary>
    /// Per-joint 3D errors in mm of <paramref name="predictedMeters"/> [21, 3] against <paramref name="truthMeters"/>
    /// [21, 3] under <paramref name="protocol"/>, into <paramref name="errorsMm"/> [21]. Every joint is used for the
    /// alignment; masks apply afterwards, to which errors are counted.
    /// </summary>
    public static void JointErrorsMm(ReadOnlySpan<float> predictedMeters, ReadOnlySpan<float> truthMeters, EvalProtocol protocol, Span<double> errorsMm)
    {
        const int N = 3 * KeypointCount;
        if (predictedMeters.Length != N || truthMeters.Length != N || errorsMm.Length != KeypointCount)
        {
            throw new ArgumentException($"joint errors need [21, 3] joints and room for 21 errors, got {predictedMeters.Length}, {truthMeters.Length} and {errorsMm.Length}");
        }

        Span<double> pred = stackalloc double[N];
        Span<double> truth = stackalloc double[N];
        switch (protocol)
        {
            case EvalProtocol.RootRelative:
            case EvalProtocol.RootRelativeScaled:
                // 1. Root-relative: subtract each skeleton's own wrist (keypoint 0).
                for (int i = 0; i < N; i++)
                {
                    pred[i] = (double)predictedMeters[i] - predictedMeters[i % 3];
                    truth[i] = (double)truthMeters[i] - truthMeters[i % 3];
                }

                // 2. Scaled: s = mean bone length (truth) / mean bone length (prediction), applied about the wrist.
                //    A prediction with no extent cannot be scaled and is left as it is.
                if (protocol == EvalProtocol.RootRelativeScaled)
                {
                    double predBone = MeanBoneLength(pred);
                    if (predBone > 0)
                    {
                        double scale = MeanBoneLength(truth) / predBone;
                        for (int i = 0; i < N; i++)
                        {
                            pred[i] *= scale;
                        }
                    }
                }

                break;
            case EvalProtocol.Procrustes:
                // 1. The similarity s, R, t minimising Σ |s·R·pⱼ + t − gⱼ|² over the 21 joints (Umeyama, det R = +1).
                // 2. The prediction mapped by it; the ground truth stays where it is.
                Span<float> aligned = stackalloc float[N];
                Procrustes.AlignTo(predictedMeters, truthMeters, aligned, withScale: true);
                for (int i = 0; i < N; i++)
                {
                    pred[i] = aligned[i];
                    truth[i] = truthMeters[i];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol");
        }

        // 3. Error of joint j: 1000 · |predⱼ − truthⱼ| (metres → mm).
        for (int j = 0; j < KeypointCount; j++)
        {
            errorsMm[j] = 1000 * Distance(pred.Slice(3 * j, 3), truth.Slice(3 * j, 3));
        }
    }

    /// <summary>The 21 per-joint errors in mm under <paramref name="protocol"/> (see the span overload).</summary>
    public static double[] JointErrorsMm(ReadOnlySpan<float> predictedMeters, ReadOnlySpan<float> truthMeters, EvalProtocol protocol)
    {
        var errors = new double[KeypointCount];
        JointErrorsMm(predictedMeters, truthMeters, protocol, errors);
        return errors;
    }

    /// <summary>Mean length of the 20 bones (keypoint to parent, <see cref="HandJoints.KeypointParents"/>) of joints [21, 3].</summary>
    public static double MeanBoneLength(ReadOnlySpan<double> joints)
    {
        if (joints.Length != 3 * KeypointCount)
        {
            throw new ArgumentException($"bone lengths need joints [21, 3], got {joints.Length} values");
        }

        double sum = 0;
        for (int k = 1; k < KeypointCount; k++)
        {
            int parent = HandJoints.KeypointParents[k];
            sum += Distance(joints.Slice(3 * k, 3), joints.Slice(3 * parent, 3));
        }

        return sum / BoneCount;
    }

    /// <summary>Mean bone length of float joints [21, 3] (see the double overload).</summary>
    public static double MeanBoneLength(ReadOnlySpan<float> joints)
    {
        Span<double> d = stackalloc double[joints.Length];
        for (int i = 0; i < joints.Length; i++)
        {
            d[i] = joints[i];
        }

        return MeanBoneLength(d);
    }

    /// <summary>Per-keypoint 2D end-point errors in px: |predₖ − truthₖ| for keypoints [21, 2], into <paramref name="errorsPx"/> [21].</summary>
    public static void KeypointErrorsPx(ReadOnlySpan<float> predictedPx, ReadOnlySpan<float> truthPx, Span<double> errorsPx)
    {
        if (predictedPx.Length != 2 * KeypointCount || truthPx.Length != 2 * KeypointCount || errorsPx.Length != KeypointCount)
        {
            throw new ArgumentException($"2D errors need keypoints [21, 2] and room for 21 errors, got {predictedPx.Length}, {truthPx.Length} and {errorsPx.Length}");
        }

        for (int k = 0; k < KeypointCount; k++)
        {
            double dx = (double)predictedPx[2 * k] - truthPx[2 * k], dy = (double)predictedPx[2 * k + 1] - truthPx[2 * k + 1];
            errorsPx[k] = Math.Sqrt(dx * dx + dy * dy);
        }
    }

    /// <summary>Arithmetic mean; NaN for no values.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>Median (the mean of the two middle values for an even count); NaN for no values.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /// <summary><paramref name="count"/> evenly spaced thresholds from <paramref name="from"/> to <paramref name="to"/> inclusive (numpy's linspace).</summary>
    public static double[] Thresholds(double from, double to, int count)
    {
        if (count < 2 || !(to > from))
        {
            throw new ArgumentException($"thresholds need count ≥ 2 and to > from, got {count} over [{from}, {to}]");
        }

        var t = new double[count];
        for (int i = 0; i < count; i++)
        {
            // from + i·step, with the last point exactly `to` (as linspace), so AUC ranges end on grid points.
            t[i] = i == count - 1 ? to : from + (to - from) * i / (count - 1);
        }

        return t;
    }

    /// <summary>PCK at each threshold: the fraction of <paramref name="errors"/> that are ≤ it; NaN everywhere for no errors.</summary>
    public static double[] Pck(ReadOnlySpan<double> errors, ReadOnlySpan<double> thresholds)
    {
        var pck = new double[thresholds.Length];
        if (errors.IsEmpty)
        {
            pck.AsSpan().Fill(double.NaN);
            return pck;
        }

        var sorted = errors.ToArray();
        Array.Sort(sorted);
        for (int i = 0; i < thresholds.Length; i++)
        {
            pck[i] = (double)CountAtMost(sorted, thresholds[i]) / sorted.Length;
        }

        return pck;
    }

    /// <summary>The fraction of <paramref name="errors"/> ≤ <paramref name="threshold"/>; NaN for no errors.</summary>
    public static double PckAt(ReadOnlySpan<double> errors, double threshold) => Pck(errors, [threshold])[0];

    /// <summary>
    /// Area under the PCK curve over [<paramref name="from"/>, <paramref name="to"/>], normalised to [0, 1]: the integral
    /// of the linear interpolation of (<paramref name="thresholds"/>, <paramref name="pck"/>) divided by to − from (the
    /// trapezoidal rule when both ends are thresholds). NaN when the curve does not cover the range or holds NaN.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> thresholds, ReadOnlySpan<double> pck, double from, double to)
    {
        if (thresholds.Length != pck.Length || thresholds.Length < 2 || !(to > from))
        {
            throw new ArgumentException($"AUC needs a curve of ≥ 2 points and to > from, got {thresholds.Length} thresholds, {pck.Length} values over [{from}, {to}]");
        }

        if (from < thresholds[0] || to > thresholds[^1])
        {
            return double.NaN;
        }

        double area = 0;
        for (int i = 0; i + 1 < thresholds.Length; i++)
        {
            double t0 = thresholds[i], t1 = thresholds[i + 1];
            double a = Math.Max(t0, from), b = Math.Min(t1, to);
            if (b <= a)
            {
                continue;
            }

            // 1. P at the clipped ends by linear interpolation on [t0, t1]; 2. the trapezoid's area.
            double pa = pck[i] + (pck[i + 1] - pck[i]) * (a - t0) / (t1 - t0);
            double pb = pck[i] + (pck[i + 1] - pck[i]) * (b - t0) / (t1 - t0);
            area += 0.5 * (pa + pb) * (b - a);
        }

        return area / (to - from);
    }

    private static int CountAtMost(double[] sorted, double threshold)
    {
        // Upper bound: the first index whose value is > threshold.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
