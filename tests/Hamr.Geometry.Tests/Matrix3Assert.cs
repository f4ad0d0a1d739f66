namespace Hamr.Geometry.Tests;

/// <summary>Small helpers for 3×3 row-major matrices in tests: determinant, orthonormality, an independent rotation formula.</summary>
internal static class Matrix3Assert
{
    public static double Det(ReadOnlySpan<double> m) =>
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

    public static double[] ToDouble(ReadOnlySpan<float> m)
    {
        var r = new double[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            r[i] = m[i];
        }
        return r;
    }

    /// <summary>Asserts RᵀR = I and det R = 1 within <paramref name="tolerance"/>.</summary>
    public static void IsRotation(ReadOnlySpan<double> m, double tolerance)
    {
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double dot = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) <= tolerance, $"RᵀR[{i},{j}] = {dot}");
            }
        }
        Assert.True(Math.Abs(Det(m) - 1) <= tolerance, $"det R = {Det(m)}");
    }

    /// <summary>R = cos θ·I + sin θ·[k]ₓ + (1 − cos θ)·kkᵀ for the unit axis k (textbook form; θ must be > 0).</summary>
    public static double[] AxisAngleTextbook(double x, double y, double z)
    {
        double theta = Math.Sqrt(x * x + y * y + z * z);
        double kx = x / theta, ky = y / theta, kz = z / theta;
        double c = Math.Cos(theta), s = Math.Sin(theta), v = 1 - c;
        return
        [
            c + v * kx * kx, v * kx * ky - s * kz, v * kx * kz + s * ky,
            v * ky * kx + s * kz, c + v * ky * ky, v * ky * kz - s * kx,
            v * kz * kx - s * ky, v * kz * ky + s * kx, c + v * kz * kz,
        ];
    }

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what = "") =>
        Close(ToDouble(expected), ToDouble(actual), tolerance, what);

    /// <summary>A random axis-angle vector with angle exactly <paramref name="angle"/>.</summary>
    public static double[] RandomAxisAngle(Random rng, double angle)
    {
        double x = rng.NextDouble() * 2 - 1, y = rng.NextDouble() * 2 - 1, z = rng.NextDouble() * 2 - 1;
        double n = Math.Sqrt(x * x + y * y + z * z);
        return [x / n * angle, y / n * angle, z / n * angle];
    }
}
