using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Core;

public sealed class ReduceAndMatMulTests
{
    [Theory]
    [InlineData(new int[] { 0 }, false)]
    [InlineData(new int[] { 1 }, true)]
    [InlineData(new int[] { 2 }, false)]
    [InlineData(new int[] { 0, 2 }, true)]
    [InlineData(new int[] { }, false)]
    public void Sum_over_axes_matches_reference_and_gradient(int[] axes, bool keep)
    {
        var x = TestData.Param(11, 3, 4, 5);
        var mask = new bool[3];
        foreach (var a in axes)
        {
            mask[a] = true;
        }
        if (axes.Length == 0)
        {
            mask = [true, true, true];
        }
        int[] dims = [3, 4, 5];
        GradCheck.AgainstReference(i => i[0].Sum(axes, keep), v =>
        {
            int[] od = dims.Select((d, k) => mask[k] ? 1 : d).ToArray();
            var r = new double[od[0] * od[1] * od[2]];
            for (int p = 0; p < 3; p++)
            {
                for (int q = 0; q < 4; q++)
                {
                    for (int s = 0; s < 5; s++)
                    {
                        int o = ((mask[0] ? 0 : p) * od[1] + (mask[1] ? 0 : q)) * od[2] + (mask[2] ? 0 : s);
                        r[o] += v[0][(p * 4 + q) * 5 + s];
                    }
                }
            }
            return r;
        }, [x]);
    }

    [Fact]
    public void Sum_of_a_permuted_view_reduces_the_right_axis()
    {
        var x = Tensor.Arange(6).Reshape(2, 3);
        Assert.Equal([3f, 12f], x.T.Sum(0).ToArray());
        Assert.Equal([3f, 5f, 7f], x.T.Sum(1).ToArray());
    }

    [Fact]
    public void Mean_divides_by_the_reduced_count()
    {
        var x = Tensor.Arange(6).Reshape(2, 3);
        Assert.Equal([1f, 4f], x.Mean(1).ToArray());
        Assert.Equal(2.5f, x.Mean().Item());
    }

    [Fact]
    public void Sum_over_a_long_outer_axis_keeps_float_precision()
    {
        const int rows = 1 << 22;
        var x = Tensor.Full(0.1f, rows, 2);
        var expected = rows * (double)0.1f;
        foreach (var v in x.Sum(0).ToArray())
        {
            Assert.True(Math.Abs(v - expected) / expected < 1e-6, $"sum {v}, expected {expected}");
        }
        foreach (var v in x.T.Sum(1).ToArray())
        {
            Assert.True(Math.Abs(v - expected) / expected < 1e-6, $"strided sum {v}, expected {expected}");
        }
    }

    private static double[] RefMatMul(double[] a, double[] b, int batch, int m, int k, int n, bool bBatched)
    {
        var r = new double[batch * m * n];
        for (int t = 0; t < batch; t++)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                    {
                        s += a[(t * m + i) * k + p] * b[(bBatched ? t * k * n : 0) + p * n + j];
                    }
                    r[(t * m + i) * n + j] = s;
                }
            }
        }
        return r;
    }

    [Fact]
    public void MatMul_2d_gradients()
    {
        GradCheck.AgainstReference(i => Tensor.MatMul(i[0], i[1]), v => RefMatMul(v[0], v[1], 1, 3, 4, 5, false),
            [TestData.Param(1, 3, 4), TestData.Param(2, 4, 5)]);
    }

    [Fact]
    public void MatMul_batched_by_matrix_gradients()
    {
        GradCheck.AgainstReference(i => Tensor.MatMul(i[0], i[1]), v => RefMatMul(v[0], v[1], 2, 3, 4, 5, false),
            [TestData.Param(1, 2, 3, 4), TestData.Param(2, 4, 5)]);
    }

    [Fact]
    public void MatMul_batched_by_batched_gradients()
    {
        GradCheck.AgainstReference(i => Tensor.MatMul(i[0], i[1]), v => RefMatMul(v[0], v[1], 2, 3, 4, 5, true),
            [TestData.Param(1, 2, 3, 4), TestData.Param(2, 2, 4, 5)]);
    }

    [Fact]
    public void MatMul_of_transposed_views_uses_them_as_is()
    {
        var a = TestData.Random(3, 4, 3);
        var b = TestData.Random(4, 5, 4);
        var r = Tensor.MatMul(a.T, b.T).ToArray();
        var expected = RefMatMul(a.T.Contiguous().ToDouble(), b.T.Contiguous().ToDouble(), 1, 3, 4, 5, false);
        for (int i = 0; i < r.Length; i++)
        {
            Assert.Equal(expected[i], r[i], 1e-5);
        }
    }

    [Fact]
    public void MatMul_vector_forms()
    {
        var m = Tensor.Arange(6).Reshape(2, 3);
        var v = Tensor.FromArray([1f, 1f, 1f], 3);
        Assert.Equal([3f, 12f], Tensor.MatMul(m, v).ToArray());
        Assert.Equal([3f, 5f, 7f], Tensor.MatMul(Tensor.FromArray([1f, 1f], 2), m).ToArray());
    }

    [Fact]
    public void Linear_matches_reference_and_gradients()
    {
        var x = TestData.Param(1, 2, 3, 4);
        var w = TestData.Param(2, 5, 4);
        var b = TestData.Param(3, 5);
        GradCheck.AgainstReference(i => Tensor.Linear(i[0], i[1], i[2]), v =>
        {
            var r = new double[6 * 5];
            for (int row = 0; row < 6; row++)
            {
                for (int o = 0; o < 5; o++)
                {
                    double s = v[2][o];
                    for (int p = 0; p < 4; p++)
                    {
                        s += v[0][row * 4 + p] * v[1][o * 4 + p];
                    }
                    r[row * 5 + o] = s;
                }
            }
            return r;
        }, [x, w, b]);
    }
}
