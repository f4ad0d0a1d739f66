using Hamr.HandModel.Numerics;

namespace Hamr.HandModel.Tests.Numerics;

public sealed class NumericsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Nnls_finds_the_best_non_negative_solution_found_by_trying_every_support(int seed)
    {
        var random = new Random(seed);
        int rows = 7, cols = 5;
        var a = new double[rows * cols];
        var b = new double[rows];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = random.NextDouble() - 0.5;
        }

        for (int i = 0; i < rows; i++)
        {
            b[i] = random.NextDouble() - 0.5;
        }

        var x = Nnls.Solve(a, b, rows, cols);
        Assert.All(x, v => Assert.True(v >= 0));

        // Reference: the KKT solution is the unconstrained least squares on some support; try all 2^5 supports.
        double best = Residual(a, b, rows, cols, new double[cols]);
        for (int mask = 1; mask < 1 << cols; mask++)
        {
            var set = Enumerable.Range(0, cols).Where(j => (mask & (1 << j)) != 0).ToArray();
            var z = LeastSquares.Solve(a, b, rows, cols, set);
            if (z.All(v => v >= 0))
            {
                var full = new double[cols];
                for (int k = 0; k < set.Length; k++)
                {
                    full[set[k]] = z[k];
                }

                best = Math.Min(best, Residual(a, b, rows, cols, full));
            }
        }

        Assert.Equal(best, Residual(a, b, rows, cols, x), 1e-10);
    }

    [Fact]
    public void Least_squares_recovers_an_exact_solution()
    {
        double[] a = [1, 2, 3, 4, 5, 7, 2, 1, 0, 1, 1, 1]; // 4×3
        double[] x = [0.5, -1, 2];
        var b = new double[4];
        for (int r = 0; r < 4; r++)
        {
            b[r] = (a[r * 3] * x[0]) + (a[(r * 3) + 1] * x[1]) + (a[(r * 3) + 2] * x[2]);
        }

        var z = LeastSquares.Solve(a, b, 4, 3, [0, 1, 2]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(x[i], z[i], 1e-12);
        }
    }

    [Fact]
    public void Jacobi_eigen_decomposition_reconstructs_the_matrix_with_orthonormal_vectors()
    {
        var random = new Random(8);
        int n = 20;
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                m[(i * n) + j] = m[(j * n) + i] = random.NextDouble() - 0.5;
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose((double[])m.Clone(), n);
        for (int k = 1; k < n; k++)
        {
            Assert.True(values[k] <= values[k - 1]);
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double dot = 0, rebuilt = 0;
                for (int k = 0; k < n; k++)
                {
                    dot += vectors[(k * n) + i] * vectors[(k * n) + j];
                    rebuilt += vectors[(i * n) + k] * values[k] * vectors[(j * n) + k];
                }

                Assert.Equal(i == j ? 1 : 0, dot, 1e-10);
                Assert.Equal(m[(i * n) + j], rebuilt, 1e-10);
            }
        }
    }

    [Fact]
    public void Subspace_iteration_finds_the_same_leading_eigenpairs_as_jacobi()
    {
        // A 120×120 positive semi-definite matrix with a decaying spectrum, like a Gram matrix of shape samples.
        var random = new Random(21);
        int n = 120, d = 30;
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (random.NextDouble() - 0.5) * Math.Pow(0.8, i % d);
        }

        var g = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int c = 0; c < d; c++)
                {
                    g[(i * n) + j] += x[(i * d) + c] * x[(j * d) + c];
                }
            }
        }

        var (allValues, allVectors) = SymmetricEigen.Decompose((double[])g.Clone(), n);
        var (values, vectors) = SymmetricEigen.Top(g, n, 10);
        for (int k = 0; k < 10; k++)
        {
            Assert.Equal(allValues[k], values[k], 1e-10 * allValues[0]);
            double dot = 0;
            for (int r = 0; r < n; r++)
            {
                dot += allVectors[(r * n) + k] * vectors[(r * 10) + k];
            }

            Assert.Equal(1, Math.Abs(dot), 1e-8); // same direction up to sign
        }
    }

    private static double Residual(double[] a, double[] b, int rows, int cols, double[] x)
    {
        double s = 0;
        for (int r = 0; r < rows; r++)
        {
            double e = -b[r];
            for (int c = 0; c < cols; c++)
            {
                e += a[(r * cols) + c] * x[c];
            }

            s += e * e;
        }

        return s;
    }
}
