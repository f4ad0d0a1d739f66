namespace Hamr.HandModel.Numerics;

/// <summary>
/// Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (Golub &amp; Van Loan, "Matrix
/// Computations", §8.5): plane rotations zero the off-diagonal entries sweep by sweep until they are negligible.
/// Exact and simple for small matrices (O(n³) per sweep); <see cref="Top"/> finds the leading eigenpairs of a larger
/// positive semi-definite matrix by subspace iteration, using Jacobi only on the small projected matrix.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the n×n row-major symmetric <paramref name="matrix"/> (destroyed). Returns eigenvalues in descending
    /// order and the eigenvectors as the columns of an n×n row-major matrix, in the same order.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n, int maxSweeps = 64)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException($"matrix holds {matrix.Length} values, not {n}×{n}", nameof(matrix));
        }

        var a = matrix;
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        double total = 0;
        foreach (double x in a)
        {
            total += x * x;
        }

        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    off += a[(p * n) + q] * a[(p * n) + q];
                }
            }

            if (off <= 1e-30 * total || off == 0)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    Rotate(a, v, n, p, q);
                }
            }
        }

        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = a[(i * n) + i];
        }

        // Sort descending; ties keep index order so the result is deterministic.
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
        var sortedValues = new double[n];
        var sortedVectors = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            sortedValues[k] = values[order[k]];
            for (int i = 0; i < n; i++)
            {
                sortedVectors[(i * n) + k] = v[(i * n) + order[k]];
            }
        }

        return (sortedValues, sortedVectors);
    }

    /// <summary>
    /// The <paramref name="count"/> largest eigenpairs of the n×n row-major symmetric positive semi-definite
    /// <paramref name="matrix"/> (not modified) by block subspace iteration with Rayleigh–Ritz (Golub &amp; Van Loan §8.2.4):
    /// a block of count + 10 orthonormal vectors is multiplied by the matrix and re-orthonormalised until every wanted
    /// Ritz pair's residual ‖A u − λ u‖ is below 1e-11 λ_max. Vectors are returned as columns of an n×count matrix.
    /// </summary>
    public static (double[] Values, double[] Vectors) Top(double[] matrix, int n, int count, int maxIterations = 2000)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int b = Math.Min(n, count + 10);
        if (b == n)
        {
            var (allValues, allVectors) = Decompose((double[])matrix.Clone(), n);
            return (allValues[..count], TakeColumns(allVectors, n, n, count));
        }

        // Deterministic start: a fixed pseudo-random block (xorshift), so the same matrix gives the same vectors.
        var q = new double[n * b];
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < q.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            q[i] = ((state >> 11) * (1.0 / (1UL << 53))) - 0.5;
        }

        Orthonormalize(q, n, b);
        var z = new double[n * b];
        double[] values = [], ritz = [];
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            Multiply(matrix, q, z, n, b);
            if (iteration % 5 == 0 || iteration == maxIterations)
            {
                // Rayleigh–Ritz on the current block: H = Qᵀ A Q, rotate the block onto H's eigenvectors.
                var h = new double[b * b];
                for (int i = 0; i < b; i++)
                {
                    for (int j = 0; j < b; j++)
                    {
                        double sum = 0;
                        for (int r = 0; r < n; r++)
                        {
                            sum += q[(r * b) + i] * z[(r * b) + j];
                        }

                        h[(i * b) + j] = sum;
                    }
                }

                for (int i = 0; i < b; i++)
                {
                    for (int j = 0; j < i; j++)
                    {
                        h[(i * b) + j] = h[(j * b) + i] = 0.5 * (h[(i * b) + j] + h[(j * b) + i]);
                    }
                }

                (values, var vectors) = Decompose(h, b);
                ritz = MultiplySmall(q, vectors, n, b);
                var az = MultiplySmall(z, vectors, n, b);
                double worst = 0;
                for (int k = 0; k < count; k++)
                {
                    double residual = 0;
                    for (int r = 0; r < n; r++)
                    {
                        double e = az[(r * b) + k] - (values[k] * ritz[(r * b) + k]);
                        residual += e * e;
                    }

                    worst = Math.Max(worst, Math.Sqrt(residual));
                }

                if (worst <= 1e-11 * Math.Max(values[0], double.Epsilon))
                {
                    break;
                }
            }

            Array.Copy(z, q, z.Length);
            Orthonormalize(q, n, b);
        }

        return (values[..count], TakeColumns(ritz, n, b, count));
    }

    private static double[] TakeColumns(double[] m, int rows, int cols, int count)
    {
        var result = new double[rows * count];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(m, r * cols, result, r * count, count);
        }

        return result;
    }

    /// <summary>dst [n, b] = A [n, n] · q [n, b].</summary>
    private static void Multiply(double[] a, double[] q, double[] dst, int n, int b)
    {
        Array.Clear(dst);
        for (int i = 0; i < n; i++)
        {
            var row = dst.AsSpan(i * b, b);
            for (int k = 0; k < n; k++)
            {
                double aik = a[(i * n) + k];
                var qk = q.AsSpan(k * b, b);
                for (int j = 0; j < b; j++)
                {
                    row[j] += aik * qk[j];
                }
            }
        }
    }

    /// <summary>[n, b] · [b, b] → [n, b].</summary>
    private static double[] MultiplySmall(double[] m, double[] s, int n, int b)
    {
        var result = new double[n * b];
        for (int r = 0; r < n; r++)
        {
            for (int k = 0; k < b; k++)
            {
                double x = m[(r * b) + k];
                for (int j = 0; j < b; j++)
                {
                    result[(r * b) + j] += x * s[(k * b) + j];
                }
            }
        }

        return result;
    }

    /// <summary>Modified Gram–Schmidt, twice (enough for orthogonality to rounding), on the b columns of q [n, b].</summary>
    private static void Orthonormalize(double[] q, int n, int b)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int j = 0; j < b; j++)
            {
                for (int i = 0; i < j; i++)
                {
                    double dot = 0;
                    for (int r = 0; r < n; r++)
                    {
                        dot += q[(r * b) + i] * q[(r * b) + j];
                    }

                    for (int r = 0; r < n; r++)
                    {
                        q[(r * b) + j] -= dot * q[(r * b) + i];
                    }
                }

                double norm = 0;
                for (int r = 0; r < n; r++)
                {
                    norm += q[(r * b) + j] * q[(r * b) + j];
                }

                norm = Math.Sqrt(norm);
                for (int r = 0; r < n; r++)
                {
                    q[(r * b) + j] = norm > 0 ? q[(r * b) + j] / norm : 0;
                }
            }
        }
    }

    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[(p * n) + q];
        if (apq == 0)
        {
            return;
        }

        double app = a[(p * n) + p], aqq = a[(q * n) + q];
        // Symmetric Schur decomposition of the 2×2 block: the smaller root keeps the rotation angle ≤ π/4 (stable).
        double theta = (aqq - app) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[(k * n) + p], akq = a[(k * n) + q];
            a[(k * n) + p] = (c * akp) - (s * akq);
            a[(k * n) + q] = (s * akp) + (c * akq);
        }

        for (int k = 0; k < n; k++)
        {
            double apk = a[(p * n) + k], aqk = a[(q * n) + k];
            a[(p * n) + k] = (c * apk) - (s * aqk);
            a[(q * n) + k] = (s * apk) + (c * aqk);
        }

        for (int k = 0; k < n; k++)
        {
            double vkp = v[(k * n) + p], vkq = v[(k * n) + q];
            v[(k * n) + p] = (c * vkp) - (s * vkq);
            v[(k * n) + q] = (s * vkp) + (c * vkq);
        }
    }
}
