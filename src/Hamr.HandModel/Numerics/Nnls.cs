namespace Hamr.HandModel.Numerics;

/// <summary>
/// Non-negative least squares, min ‖A x − b‖ subject to x ≥ 0, by the active-set method of Lawson &amp; Hanson
/// ("Solving Least Squares Problems", 1974, ch. 23). The solution is sparse: at most as many non-zeros as rows.
/// Sub-problems are solved by Householder QR (<see cref="LeastSquares"/>), so badly scaled rows stay accurate.
/// </summary>
internal static class Nnls
{
    /// <summary>Solves for x (length <paramref name="cols"/>) given row-major A [rows, cols] and b [rows].</summary>
    public static double[] Solve(double[] a, double[] b, int rows, int cols, int maxIterations = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (maxIterations <= 0)
        {
            maxIterations = 3 * cols;
        }

        var x = new double[cols];
        var passive = new bool[cols];
        var w = new double[cols];
        double scale = 0;
        foreach (double v in a)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        double tol = 1e-12 * Math.Max(scale, 1e-300) * Math.Max(Norm(b), 1e-300) * Math.Max(rows, cols);
        for (int outer = 0; outer < maxIterations; outer++)
        {
            Gradient(a, b, x, rows, cols, w);
            int best = -1;
            for (int j = 0; j < cols; j++)
            {
                if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best]))
                {
                    best = j;
                }
            }

            if (best < 0)
            {
                break;
            }

            passive[best] = true;
            for (int inner = 0; inner < 3 * cols; inner++)
            {
                var set = Enumerable.Range(0, cols).Where(j => passive[j]).ToArray();
                var z = LeastSquares.Solve(a, b, rows, cols, set);
                bool feasible = true;
                for (int k = 0; k < set.Length; k++)
                {
                    feasible &= z[k] > 0;
                }

                if (feasible)
                {
                    Array.Clear(x);
                    for (int k = 0; k < set.Length; k++)
                    {
                        x[set[k]] = z[k];
                    }

                    break;
                }

                // Step from x towards z as far as feasibility allows; the variables that hit zero leave the set.
                double alpha = double.PositiveInfinity;
                int blocking = -1;
                for (int k = 0; k < set.Length; k++)
                {
                    if (z[k] <= 0)
                    {
                        double step = x[set[k]] / (x[set[k]] - z[k]);
                        if (step < alpha)
                        {
                            alpha = step;
                            blocking = set[k];
                        }
                    }
                }

                for (int k = 0; k < set.Length; k++)
                {
                    int j = set[k];
                    x[j] += alpha * (z[k] - x[j]);
                    if (j == blocking || x[j] <= 1e-15)
                    {
                        x[j] = 0; // the blocking variable lands on zero exactly, whatever the rounding
                        passive[j] = false;
                    }
                }
            }
        }

        return x;
    }

    private static void Gradient(double[] a, double[] b, double[] x, int rows, int cols, double[] w)
    {
        Array.Clear(w);
        for (int r = 0; r < rows; r++)
        {
            double residual = b[r];
            for (int c = 0; c < cols; c++)
            {
                residual -= a[(r * cols) + c] * x[c];
            }

            for (int c = 0; c < cols; c++)
            {
                w[c] += a[(r * cols) + c] * residual;
            }
        }
    }

    private static double Norm(double[] v)
    {
        double s = 0;
        foreach (double x in v)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }
}

/// <summary>Dense least squares over a subset of columns by Householder QR (minimum-norm is not needed: columns are independent in practice).</summary>
internal static class LeastSquares
{
    /// <summary>min ‖A[:, columns] z − b‖ for row-major A [rows, cols]; returns z (one value per listed column).</summary>
    public static double[] Solve(double[] a, double[] b, int rows, int cols, int[] columns)
    {
        int m = rows, n = columns.Length;
        var q = new double[m * n]; // column-major copy of the selected columns, reduced in place to R
        for (int k = 0; k < n; k++)
        {
            for (int r = 0; r < m; r++)
            {
                q[(k * m) + r] = a[(r * cols) + columns[k]];
            }
        }

        var y = (double[])b.Clone();
        var diag = new double[n];
        for (int k = 0; k < Math.Min(n, m); k++)
        {
            // Householder reflector zeroing column k below the diagonal.
            double norm = 0;
            for (int r = k; r < m; r++)
            {
                norm += q[(k * m) + r] * q[(k * m) + r];
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                diag[k] = 0;
                continue;
            }

            double alpha = q[(k * m) + k] > 0 ? -norm : norm;
            q[(k * m) + k] -= alpha;
            double vnorm2 = 0;
            for (int r = k; r < m; r++)
            {
                vnorm2 += q[(k * m) + r] * q[(k * m) + r];
            }

            for (int j = k + 1; j < n; j++)
            {
                Reflect(q, j * m, q, k * m, k, m, vnorm2);
            }

            Reflect(y, 0, q, k * m, k, m, vnorm2);
            diag[k] = alpha;
        }

        // Back substitution on R (diagonal in diag, above it in q); rank-deficient columns get zero.
        var z = new double[n];
        double maxDiag = diag.Length == 0 ? 0 : diag.Max(Math.Abs);
        for (int k = Math.Min(n, m) - 1; k >= 0; k--)
        {
            if (Math.Abs(diag[k]) <= 1e-13 * maxDiag)
            {
                z[k] = 0;
                continue;
            }

            double s = y[k];
            for (int j = k + 1; j < n; j++)
            {
                s -= q[(j * m) + k] * z[j];
            }

            z[k] = s / diag[k];
        }

        return z;
    }

    private static void Reflect(double[] target, int targetOffset, double[] v, int vOffset, int k, int m, double vnorm2)
    {
        double dot = 0;
        for (int r = k; r < m; r++)
        {
            dot += v[vOffset + r] * target[targetOffset + r];
        }

        double f = 2 * dot / vnorm2;
        for (int r = k; r < m; r++)
        {
            target[targetOffset + r] -= f * v[vOffset + r];
        }
    }
}
