using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Elementwise;

public sealed class SoftmaxTests
{
    private static readonly int[] Shape = [3, 4, 5];

    /// <summary>Double reference over one axis of a row-major [3, 4, 5] tensor.</summary>
    private static double[] Reference(double[] x, int axis, bool log)
    {
        int a = axis < 0 ? axis + 3 : axis;
        int n = Shape[a];
        int inner = 1;
        for (int i = a + 1; i < 3; i++)
        {
            inner *= Shape[i];
        }
        int outer = x.Length / (n * inner);
        var r = new double[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int k = 0; k < inner; k++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < n; j++)
                {
                    max = Math.Max(max, x[(o * n + j) * inner + k]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += Math.Exp(x[(o * n + j) * inner + k] - max);
                }
                for (int j = 0; j < n; j++)
                {
                    int p = (o * n + j) * inner + k;
                    r[p] = log ? x[p] - max - Math.Log(sum) : Math.Exp(x[p] - max) / sum;
                }
            }
        }
        return r;
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-1, true)]
    public void Softmax_matches_reference_on_any_axis(int axis, bool log)
    {
        var x = TestData.Param(31, Shape);
        GradCheck.AgainstReference(i => log ? i[0].LogSoftmax(axis) : i[0].Softmax(axis), v => Reference(v[0], axis, log), [x]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Softmax_of_large_inputs_does_not_overflow_and_sums_to_one(int axis)
    {
        var x = Tensor.RandUniform(new TensorRandom(32), 990f, 1010f, Shape);
        var y = x.Softmax(axis);
        var sums = y.Sum(axis).ToArray();
        Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.All(sums, s => Assert.Equal(1f, s, 5));
        var reference = Reference(x.ToDouble(), axis, log: true);
        var logY = x.LogSoftmax(axis).ToArray();
        for (int i = 0; i < logY.Length; i++)
        {
            Assert.True(Math.Abs(reference[i] - logY[i]) < 1e-3, $"element {i}: {logY[i]} vs {reference[i]}");
        }
    }

    [Fact]
    public void Softmax_of_a_non_contiguous_view_matches_its_dense_copy()
    {
        var x = TestData.Random(33, 5, 4).T;
        Assert.Equal(x.Contiguous().Softmax(0).ToArray(), x.Softmax(0).ToArray());
    }

    [Fact]
    public void Softmax_gradient_of_a_constant_row_sum_is_zero()
    {
        var x = TestData.Param(34, 2, 6);
        x.Softmax().Sum().Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.True(Math.Abs(g) < 1e-6));
    }
}
