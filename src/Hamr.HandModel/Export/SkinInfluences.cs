namespace Hamr.HandModel.Export;

/// <summary>
/// Reduces dense skin weights [V, J] to the four influences glTF's JOINTS_0/WEIGHTS_0 carry: the four largest weights
/// of each vertex (ties to the lower joint), renormalised to sum to 1. Unused slots hold joint 0 with weight 0.
/// </summary>
public static class SkinInfluences
{
    public const int PerVertex = 4;

    /// <summary>
    /// Joints [V, 4] (as <paramref name="jointMap"/>[j], e.g. node indices) and weights [V, 4]; returns the largest total
    /// weight dropped from one vertex before renormalising (0 when no vertex has more than four).
    /// </summary>
    public static double Reduce(ReadOnlySpan<float> weights, int jointCount, ReadOnlySpan<int> jointMap, Span<byte> joints4, Span<float> weights4)
    {
        if (jointCount <= 0 || weights.Length % jointCount != 0)
        {
            throw new ArgumentException($"weights hold {weights.Length} values, not [V, {jointCount}]", nameof(weights));
        }

        int v = weights.Length / jointCount;
        if (jointMap.Length != jointCount || joints4.Length != v * PerVertex || weights4.Length != v * PerVertex)
        {
            throw new ArgumentException($"need a joint map of {jointCount} and outputs [V, 4] = {v * PerVertex}");
        }

        double maxDropped = 0;
        Span<int> top = stackalloc int[PerVertex];
        Span<double> w = stackalloc double[PerVertex];
        for (int i = 0; i < v; i++)
        {
            var row = weights.Slice(i * jointCount, jointCount);
            int kept = 0;
            double total = 0;
            for (int j = 0; j < jointCount; j++)
            {
                double x = row[j];
                if (!double.IsFinite(x) || x < 0)
                {
                    throw new ArgumentException($"skin weight of vertex {i}, joint {j} is {x}: weights must be finite and non-negative", nameof(weights));
                }

                total += x;
                if (x <= 0)
                {
                    continue;
                }

                // Insertion into the sorted (descending) top list; a later joint never displaces an equal earlier one.
                int at = kept < PerVertex ? kept++ : PerVertex;
                while (at > 0 && x > w[at - 1])
                {
                    if (at < PerVertex)
                    {
                        w[at] = w[at - 1];
                        top[at] = top[at - 1];
                    }

                    at--;
                }

                if (at < PerVertex)
                {
                    w[at] = x;
                    top[at] = j;
                }
            }

            if (kept == 0)
            {
                throw new ArgumentException($"vertex {i} has no skin weight", nameof(weights));
            }

            double sum = 0;
            for (int k = 0; k < kept; k++)
            {
                sum += w[k];
            }

            maxDropped = Math.Max(maxDropped, (total - sum) / total);
            var outJoints = joints4.Slice(i * PerVertex, PerVertex);
            var outWeights = weights4.Slice(i * PerVertex, PerVertex);
            outJoints.Clear();
            outWeights.Clear();
            float floatSum = 0;
            for (int k = 0; k < kept; k++)
            {
                outJoints[k] = checked((byte)jointMap[top[k]]);
                outWeights[k] = (float)(w[k] / sum);
                floatSum += outWeights[k];
            }

            // Put the float rounding residue on the largest weight, so the stored weights sum to 1 as closely as floats can.
            outWeights[0] += 1f - floatSum;
        }

        return maxDropped;
    }
}
