namespace Hamr.Geometry;

/// <summary>
/// Singular value decomposition of a 3×3 matrix in double by one-sided Jacobi (Hestenes 1958): plane rotations from
/// the right orthogonalise A's columns; their norms are the singular values. Small, branch-light and accurate for
/// rank-deficient inputs (coplanar or collinear point sets in Procrustes), where the normal-equations route is not.
/// </summary>
public static class Svd3x3
{
    private const int MaxSweeps = 30;

    /// <summary>
    /// A = U·diag(σ)·Vᵀ with σ descending and ≥ 0; U and V orthogonal (each may have determinant −1). Where σ is zero
    /// U's columns are completed to an orthonormal basis. All matrices row-major [9].
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> a, Span<double> u, Span<double> sigma, Span<double> v)
    {
        if (a.Length != 9 || u.Length != 9 || sigma.Length != 3 || v.Length != 9)
        {
            throw new ArgumentException("Svd3x3 needs a [9], u [9], sigma [3], v [9]");
        }
        Span<double> w = stackalloc double[9];
        a.CopyTo(w);
        v.Clear();
        v[0] = v[4] = v[8] = 1;

        // 1. Sweeps over the column pairs until every pair is orthogonal to working precision.
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int pair = 0; pair < 3; pair++)
            {
                int p = pair == 2 ? 1 : 0, q = pair == 0 ? 1 : 2;
                double alpha = 0, beta = 0, gamma = 0;
                for (int i = 0; i < 3; i++)
                {
                    alpha += w[3 * i + p] * w[3 * i + p];
                    beta += w[3 * i + q] * w[3 * i + q];
                    gamma += w[3 * i + p] * w[3 * i + q];
                }
                if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                {
                    continue;
                }
                rotated = true;
                // Symmetric Schur rotation that zeroes γ in the 2×2 Gram matrix [[α, γ], [γ, β]].
                double zeta = (beta - alpha) / (2 * gamma);
                double t = (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                Rotate(w, p, q, c, s);
                Rotate(v, p, q, c, s);
            }
            if (!rotated)
            {
                break;
            }
        }

        // 2. Singular values = column norms, sorted descending (columns of W and V permuted alike).
        Span<int> order = [0, 1, 2];
        Span<double> norms = stackalloc double[3];
        for (int k = 0; k < 3; k++)
        {
            norms[k] = Math.Sqrt(w[k] * w[k] + w[3 + k] * w[3 + k] + w[6 + k] * w[6 + k]);
        }
        for (int i = 0; i < 2; i++)
        {
            for (int j = i + 1; j < 3; j++)
            {
                if (norms[order[j]] > norms[order[i]])
                {
                    (order[i], order[j]) = (order[j], order[i]);
                }
            }
        }
        Span<double> vCopy = stackalloc double[9];
        v.CopyTo(vCopy);
        for (int k = 0; k < 3; k++)
        {
            int src = order[k];
            sigma[k] = norms[src];
            for (int i = 0; i < 3; i++)
            {
                v[3 * i + k] = vCopy[3 * i + src];
                u[3 * i + k] = w[3 * i + src];
            }
        }

        // 3. U's columns: normalised columns of A·V; those of (near-)zero σ completed by orthogonality.
        double tiny = Math.Max(sigma[0], double.Epsilon) * 1e-13;
        Normalize(u, 0, sigma[0] > 0 ? sigma[0] : 0, fallback: 0);
        if (sigma[1] > tiny)
        {
            Normalize(u, 1, sigma[1], fallback: 1);
        }
        else
        {
            Perpendicular(u);
        }
        if (sigma[2] > tiny)
        {
            Normalize(u, 2, sigma[2], fallback: 2);
        }
        else
        {
            u[2] = u[3] * u[7] - u[6] * u[4];
            u[5] = u[6] * u[1] - u[0] * u[7];
            u[8] = u[0] * u[4] - u[3] * u[1];
        }
    }

    private static void Rotate(Span<double> m, int p, int q, double c, double s)
    {
        for (int i = 0; i < 3; i++)
        {
            double mp = m[3 * i + p], mq = m[3 * i + q];
            m[3 * i + p] = c * mp - s * mq;
            m[3 * i + q] = s * mp + c * mq;
        }
    }

    /// <summary>Divides column k by its norm; a zero column (the zero matrix) becomes the unit vector e_fallback.</summary>
    private static void Normalize(Span<double> m, int k, double norm, int fallback)
    {
        if (norm > 0)
        {
            for (int i = 0; i < 3; i++)
            {
                m[3 * i + k] /= norm;
            }
            return;
        }
        for (int i = 0; i < 3; i++)
        {
            m[3 * i + k] = i == fallback ? 1 : 0;
        }
    }

    /// <summary>Column 1 := a unit vector perpendicular to column 0 (built from the axis column 0 is least aligned with).</summary>
    private static void Perpendicular(Span<double> m)
    {
        double x = m[0], y = m[3], z = m[6];
        double ax = Math.Abs(x), ay = Math.Abs(y), az = Math.Abs(z);
        // e × u0 with e the axis of u0's smallest component.
        double px, py, pz;
        if (ax <= ay && ax <= az)
        {
            (px, py, pz) = (0, -z, y);
        }
        else if (ay <= az)
        {
            (px, py, pz) = (z, 0, -x);
        }
        else
        {
            (px, py, pz) = (-y, x, 0);
        }
        double n = Math.Sqrt(px * px + py * py + pz * pz);
        m[1] = px / n;
        m[4] = py / n;
        m[7] = pz / n;
    }
}
