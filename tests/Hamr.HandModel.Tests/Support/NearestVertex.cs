namespace Hamr.HandModel.Tests.Support;

/// <summary>Brute-force nearest-vertex matching between two point sets (small meshes only).</summary>
internal static class NearestVertex
{
    /// <summary>
    /// For each point of <paramref name="from"/> (minus <paramref name="offset"/>), the index of the nearest point of
    /// <paramref name="to"/>; <paramref name="worst"/> is the largest such distance.
    /// </summary>
    public static int[] Map(float[] from, float[] to, double[] offset, out double worst)
    {
        int n = from.Length / 3, m = to.Length / 3;
        var result = new int[n];
        worst = 0;
        for (int i = 0; i < n; i++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < m; j++)
            {
                double d = 0;
                for (int c = 0; c < 3; c++)
                {
                    double x = from[(i * 3) + c] - offset[c] - to[(j * 3) + c];
                    d += x * x;
                }

                if (d < best)
                {
                    best = d;
                    result[i] = j;
                }
            }

            worst = Math.Max(worst, Math.Sqrt(best));
        }

        return result;
    }
}
