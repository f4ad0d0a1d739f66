namespace Hamr.Tensors.Tests.Geometry;

/// <summary>Naive double-precision references for the small-matrix and rotation ops (row-major flat arrays).</summary>
internal static class GeometryReference
{
    public static double Det3(double[] a, int o) =>
        a[o] * (a[o + 4] * a[o + 8] - a[o + 5] * a[o + 7])
        - a[o + 1] * (a[o + 3] * a[o + 8] - a[o + 5] * a[o + 6])
        + a[o + 2] * (a[o + 3] * a[o + 7] - a[o + 4] * a[o + 6]);

    /// <summary>Gauss–Jordan inverse with partial pivoting of the n×n matrix at offset o.</summary>
    public static double[] Inverse(double[] a, int o, int n)
    {
        var m = new double[n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = a[o + i * n + j];
            }
            m[i, n + i] = 1;
        }
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                {
                    pivot = r;
                }
            }
            for (int j = 0; j < 2 * n; j++)
            {
                (m[c, j], m[pivot, j]) = (m[pivot, j], m[c, j]);
            }
            double p = m[c, c];
            for (int j = 0; j < 2 * n; j++)
            {
                m[c, j] /= p;
            }
            for (int r = 0; r < n; r++)
            {
                if (r != c)
                {
                    double f = m[r, c];
                    for (int j = 0; j < 2 * n; j++)
                    {
                        m[r, j] -= f * m[c, j];
                    }
                }
            }
        }
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                result[i * n + j] = m[i, n + j];
            }
        }
        return result;
    }

    /// <summary>Textbook Rodrigues: θ = |ω|, k = ω/θ, R = I + sin θ·[k]ₓ + (1 − cos θ)·[k]ₓ² (identity at θ = 0).</summary>
    public static double[] Rodrigues(double x, double y, double z)
    {
        double theta = Math.Sqrt(x * x + y * y + z * z);
        var r = new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
        if (theta == 0)
        {
            return r;
        }
        double kx = x / theta, ky = y / theta, kz = z / theta;
        double[] k = [0, -kz, ky, kz, 0, -kx, -ky, kx, 0];
        double s = Math.Sin(theta), c = 1 - Math.Cos(theta);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double k2 = 0;
                for (int m = 0; m < 3; m++)
                {
                    k2 += k[3 * i + m] * k[3 * m + j];
                }
                r[3 * i + j] += s * k[3 * i + j] + c * k2;
            }
        }
        return r;
    }

    public static double[] RodriguesBatch(double[] w) =>
        Enumerable.Range(0, w.Length / 3).SelectMany(b => Rodrigues(w[3 * b], w[3 * b + 1], w[3 * b + 2])).ToArray();

    /// <summary>Asserts a float tensor holds identity matrices in its trailing n×n axes.</summary>
    public static void AssertIdentities(Tensor t, int n, double tolerance)
    {
        var v = t.ToArray();
        for (int i = 0; i < v.Length; i++)
        {
            int r = i % (n * n) / n, c = i % n;
            Assert.True(Math.Abs(v[i] - (r == c ? 1 : 0)) <= tolerance, $"element {i} is {v[i]}, expected identity");
        }
    }
}
