namespace Hamr.Geometry;

/// <summary>A similarity transform x ↦ s·R·x + t (R a proper rotation, row-major [9]; t [3]), in double.</summary>
public sealed record SimilarityTransform(double Scale, double[] Rotation, double[] Translation)
{
    /// <summary>Applies the transform to points [N, 3]; <paramref name="result"/> may be the same span as the input.</summary>
    public void Apply(ReadOnlySpan<float> points, Span<float> result)
    {
        if (points.Length % 3 != 0 || result.Length != points.Length)
        {
            throw new ArgumentException($"Apply needs points [N, 3] and a result of the same length, got {points.Length} and {result.Length}");
        }
        var r = Rotation;
        for (int i = 0; i < points.Length; i += 3)
        {
            double x = points[i], y = points[i + 1], z = points[i + 2];
            result[i] = (float)(Scale * (r[0] * x + r[1] * y + r[2] * z) + Translation[0]);
            result[i + 1] = (float)(Scale * (r[3] * x + r[4] * y + r[5] * z) + Translation[1]);
            result[i + 2] = (float)(Scale * (r[6] * x + r[7] * y + r[8] * z) + Translation[2]);
        }
    }
}

/// <summary>
/// Similarity (Procrustes) alignment of corresponding 3D point sets, as used by PA-MPJPE / PA-MPVPE: the s, R, t that
/// minimise Σ |s·R·xᵢ + t − yᵢ|² (Umeyama, "Least-squares estimation of transformation parameters between two point
/// patterns", PAMI 1991), with the reflection fix so R is always a rotation. Computed in double.
/// </summary>
public static class Procrustes
{
    /// <summary>
    /// The transform that best maps <paramref name="source"/> [N, 3] onto <paramref name="target"/> [N, 3].
    /// With <paramref name="withScale"/> false, s = 1 (rigid alignment). A source whose points all coincide gives
    /// s = 1, R = I and the translation between the centroids.
    /// </summary>
    public static SimilarityTransform Align(ReadOnlySpan<float> source, ReadOnlySpan<float> target, bool withScale = true)
    {
        if (source.Length == 0 || source.Length % 3 != 0 || target.Length != source.Length)
        {
            throw new ArgumentException($"Procrustes needs two point sets [N, 3] of the same N ≥ 1, got {source.Length} and {target.Length} values");
        }
        int n = source.Length / 3;

        // 1. Centroids μx, μy.
        Span<double> mx = stackalloc double[3];
        Span<double> my = stackalloc double[3];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                mx[c] += source[3 * i + c];
                my[c] += target[3 * i + c];
            }
        }
        for (int c = 0; c < 3; c++)
        {
            mx[c] /= n;
            my[c] /= n;
        }

        // 2. Variance of the centred source and the cross-covariance Σ = Σᵢ (yᵢ − μy)(xᵢ − μx)ᵀ  // [3, 3]
        double varX = 0;
        Span<double> cov = stackalloc double[9];
        for (int i = 0; i < n; i++)
        {
            double x0 = source[3 * i] - mx[0], x1 = source[3 * i + 1] - mx[1], x2 = source[3 * i + 2] - mx[2];
            varX += x0 * x0 + x1 * x1 + x2 * x2;
            for (int r = 0; r < 3; r++)
            {
                double y = target[3 * i + r] - my[r];
                cov[3 * r] += y * x0;
                cov[3 * r + 1] += y * x1;
                cov[3 * r + 2] += y * x2;
            }
        }
        var rotation = new double[9];
        var translation = new double[3];
        if (varX == 0)
        {
            rotation[0] = rotation[4] = rotation[8] = 1;
            for (int c = 0; c < 3; c++)
            {
                translation[c] = my[c] - mx[c];
            }
            return new SimilarityTransform(1, rotation, translation);
        }

        // 3. Σ = U·D·Vᵀ.
        Span<double> u = stackalloc double[9];
        Span<double> d = stackalloc double[3];
        Span<double> v = stackalloc double[9];
        Svd3x3.Decompose(cov, u, d, v);

        // 4. Reflection fix: S = diag(1, 1, sign(det U · det V)), so det R = +1.
        double sign = Det(u) * Det(v) < 0 ? -1 : 1;

        // 5. R = U·S·Vᵀ.
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                rotation[3 * r + c] = u[3 * r] * v[3 * c] + u[3 * r + 1] * v[3 * c + 1] + sign * u[3 * r + 2] * v[3 * c + 2];
            }
        }

        // 6. s = tr(D·S) / var(x).
        double scale = withScale ? (d[0] + d[1] + sign * d[2]) / varX : 1;

        // 7. t = μy − s·R·μx.
        for (int r = 0; r < 3; r++)
        {
            translation[r] = my[r] - scale * (rotation[3 * r] * mx[0] + rotation[3 * r + 1] * mx[1] + rotation[3 * r + 2] * mx[2]);
        }
        return new SimilarityTransform(scale, rotation, translation);
    }

    /// <summary>Aligns <paramref name="source"/> to <paramref name="target"/> and writes the aligned source into <paramref name="aligned"/>.</summary>
    public static SimilarityTransform AlignTo(ReadOnlySpan<float> source, ReadOnlySpan<float> target, Span<float> aligned, bool withScale = true)
    {
        var transform = Align(source, target, withScale);
        transform.Apply(source, aligned);
        return transform;
    }

    private static double Det(ReadOnlySpan<double> m) =>
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}
