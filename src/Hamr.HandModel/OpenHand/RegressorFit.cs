using Hamr.HandModel.Numerics;

namespace Hamr.HandModel.OpenHand;

/// <summary>
/// Fits one row of a joint (or tip) regressor: non-negative weights over a few vertices near the point, summing to 1,
/// that reproduce the point on the template AND follow its motion along every shape component. Solved as one
/// non-negative least-squares problem over the support vertices i with rows
/// <list type="bullet">
/// <item>rest: w_rest · Σ_i x_i (v_i − p) = 0 (3 rows; weighted heavily: the rest point is matched to ~µm),</item>
/// <item>sum: Σ_i x_i = 1 (1 row),</item>
/// <item>shape: Σ_i x_i D_k(v_i) = D_k(p) for each component k (3 rows each, metres per unit β),</item>
/// </list>
/// then normalised to sum exactly 1 (which keeps the rest equation, written relative to p, exact).
/// </summary>
internal static class RegressorFit
{
    private const double RestWeight = 100;

    /// <summary>
    /// Returns the dense row [V]. <paramref name="shapeDirs"/> is [V, 3, K]; <paramref name="pointDirs"/> [3, K] the
    /// point's displacement per unit β; <paramref name="support"/> the candidate vertices.
    /// </summary>
    public static float[] FitRow(float[] template, float[] shapeDirs, int components, ReadOnlySpan<double> point, ReadOnlySpan<double> pointDirs, int[] support)
    {
        int v = template.Length / 3, m = support.Length, k = components;
        int rows = 4 + (3 * k);
        var a = new double[rows * m];
        var b = new double[rows];
        for (int s = 0; s < m; s++)
        {
            int i = support[s];
            for (int c = 0; c < 3; c++)
            {
                a[(c * m) + s] = RestWeight * (template[(i * 3) + c] - point[c]);
            }

            a[(3 * m) + s] = 1;
            for (int q = 0; q < k; q++)
            {
                for (int c = 0; c < 3; c++)
                {
                    a[((4 + (3 * q) + c) * m) + s] = shapeDirs[(((i * 3) + c) * k) + q];
                }
            }
        }

        b[3] = 1;
        for (int q = 0; q < k; q++)
        {
            for (int c = 0; c < 3; c++)
            {
                b[4 + (3 * q) + c] = pointDirs[(c * k) + q];
            }
        }

        var x = Nnls.Solve(a, b, rows, m);
        double sum = x.Sum();
        if (!(sum > 0))
        {
            throw new InvalidOperationException("regressor fit found no non-negative combination of the support vertices");
        }

        var row = new float[v];
        for (int s = 0; s < m; s++)
        {
            row[support[s]] = (float)(x[s] / sum);
        }

        return row;
    }

    /// <summary>The <paramref name="count"/> candidates nearest to <paramref name="point"/> (ties by index).</summary>
    public static int[] Nearest(float[] template, ReadOnlySpan<double> point, IEnumerable<int> candidates, int count)
    {
        double px = point[0], py = point[1], pz = point[2];
        return [.. candidates
            .OrderBy(i =>
            {
                double dx = template[i * 3] - px, dy = template[(i * 3) + 1] - py, dz = template[(i * 3) + 2] - pz;
                return (dx * dx) + (dy * dy) + (dz * dz);
            })
            .ThenBy(i => i)
            .Take(count)];
    }
}
