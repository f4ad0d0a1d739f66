using Hamr.Geometry;

namespace Hamr.Model.Evaluation;

/// <summary>Precision, recall and F-score of two point sets at one distance threshold (see <see cref="MeshMetrics.FScore"/>).</summary>
public readonly record struct FScoreResult(double Precision, double Recall, double F);

/// <summary>One sample's mesh errors: MPVPE and PA-MPVPE in mm, F-scores at 5 and 15 mm (after Procrustes alignment).</summary>
public readonly record struct MeshErrors(double MpvpeMm, double PaMpvpeMm, double FScore5Mm, double FScore15Mm);

/// <summary>
/// Mesh metrics as FreiHAND reports them (Zimmermann et al., ICCV 2019, and its eval.py), for meshes with the same
/// vertex order. Numbered steps:
/// <list type="number">
/// <item>MPVPE: each mesh translated by its own skeleton's wrist (keypoint 0), then the mean vertex distance in mm.</item>
/// <item>PA-MPVPE: the predicted vertices aligned to the ground truth's by the least-squares similarity transform
/// (Procrustes over the vertices), then the mean vertex distance in mm.</item>
/// <item>F@d on the aligned prediction: precision = the fraction of predicted vertices whose nearest ground-truth vertex
/// is closer than d; recall = the fraction of ground-truth vertices whose nearest predicted vertex is closer than d;
/// F = 2PR / (P + R), 0 when P + R = 0. Strictly closer, as FreiHAND's calculate_fscore (whose code names the two
/// fractions the other way round; F is symmetric).</item>
/// </list>
/// Set-level numbers are means over samples.
/// </summary>
public static class MeshMetrics
{
    /// <summary>All four numbers for one sample. Vertices [V, 3] in metres, same order; wrists [3] of each skeleton, metres.</summary>
    public static MeshErrors Evaluate(ReadOnlySpan<float> predictedVertices, ReadOnlySpan<float> truthVertices, ReadOnlySpan<float> predictedWrist, ReadOnlySpan<float> truthWrist)
    {
        CheckPair(predictedVertices, truthVertices);
        double mpvpe = MpvpeMm(predictedVertices, truthVertices, predictedWrist, truthWrist);
        var aligned = new float[predictedVertices.Length];
        Procrustes.AlignTo(predictedVertices, truthVertices, aligned, withScale: true);
        double pa = MeanDistanceMm(aligned, truthVertices);
        return new MeshErrors(mpvpe, pa, FScore(aligned, truthVertices, 0.005).F, FScore(aligned, truthVertices, 0.015).F);
    }

    /// <summary>Step 1: root-relative mean vertex error in mm (each mesh minus its own wrist).</summary>
    public static double MpvpeMm(ReadOnlySpan<float> predictedVertices, ReadOnlySpan<float> truthVertices, ReadOnlySpan<float> predictedWrist, ReadOnlySpan<float> truthWrist)
    {
        CheckPair(predictedVertices, truthVertices);
        if (predictedWrist.Length != 3 || truthWrist.Length != 3)
        {
            throw new ArgumentException("MPVPE needs each skeleton's wrist as 3 numbers");
        }

        double sum = 0;
        for (int i = 0; i < predictedVertices.Length; i += 3)
        {
            double dx = ((double)predictedVertices[i] - predictedWrist[0]) - ((double)truthVertices[i] - truthWrist[0]);
            double dy = ((double)predictedVertices[i + 1] - predictedWrist[1]) - ((double)truthVertices[i + 1] - truthWrist[1]);
            double dz = ((double)predictedVertices[i + 2] - predictedWrist[2]) - ((double)truthVertices[i + 2] - truthWrist[2]);
            sum += Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }

        return 1000 * sum / (predictedVertices.Length / 3);
    }

    /// <summary>Step 2: Procrustes-aligned mean vertex error in mm.</summary>
    public static double PaMpvpeMm(ReadOnlySpan<float> predictedVertices, ReadOnlySpan<float> truthVertices)
    {
        CheckPair(predictedVertices, truthVertices);
        var aligned = new float[predictedVertices.Length];
        Procrustes.AlignTo(predictedVertices, truthVertices, aligned, withScale: true);
        return MeanDistanceMm(aligned, truthVertices);
    }

    /// <summary>
    /// Step 3: precision, recall and F-score of point sets [P, 3] and [G, 3] (any sizes ≥ 1, no correspondence needed)
    /// at <paramref name="thresholdMeters"/>, as is (align first for F@d as reported).
    /// </summary>
    public static FScoreResult FScore(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, double thresholdMeters)
    {
        if (predicted.Length == 0 || truth.Length == 0 || predicted.Length % 3 != 0 || truth.Length % 3 != 0)
        {
            throw new ArgumentException($"F-score needs two point sets [N, 3] with N ≥ 1, got {predicted.Length} and {truth.Length} values");
        }

        double precision = FractionWithin(predicted, truth, thresholdMeters);
        double recall = FractionWithin(truth, predicted, thresholdMeters);
        double f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new FScoreResult(precision, recall, f);
    }

    /// <summary>The fraction of <paramref name="points"/> whose nearest point of <paramref name="other"/> is closer than <paramref name="threshold"/>.</summary>
    private static double FractionWithin(ReadOnlySpan<float> points, ReadOnlySpan<float> other, double threshold)
    {
        // Brute force: hand meshes have ~10³ vertices, so 10⁶ distance checks per sample, with an early exit.
        double limit = threshold * threshold;
        int within = 0;
        for (int i = 0; i < points.Length; i += 3)
        {
            double x = points[i], y = points[i + 1], z = points[i + 2];
            for (int j = 0; j < other.Length; j += 3)
            {
                double dx = x - other[j], dy = y - other[j + 1], dz = z - other[j + 2];
                if (dx * dx + dy * dy + dz * dz < limit)
                {
                    within++;
                    break;
                }
            }
        }

        return (double)within / (points.Length / 3);
    }

    private static double MeanDistanceMm(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i += 3)
        {
            double dx = (double)a[i] - b[i], dy = (double)a[i + 1] - b[i + 1], dz = (double)a[i + 2] - b[i + 2];
            sum += Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }

        return 1000 * sum / (a.Length / 3);
    }

    private static void CheckPair(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth)
    {
        if (predicted.Length == 0 || predicted.Length % 3 != 0 || truth.Length != predicted.Length)
        {
            throw new ArgumentException($"mesh errors need two vertex sets [V, 3] of the same V ≥ 1 (same topology), got {predicted.Length} and {truth.Length} values");
        }
    }
}
