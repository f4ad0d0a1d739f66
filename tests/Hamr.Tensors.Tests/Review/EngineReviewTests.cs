using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Review;

/// <summary>
/// Findings of the engine review, one test each: matrix products at rank 1 and with an empty inner dimension,
/// Linear's argument checks, pow's zero exponent, mean of nothing, exact division by a float.
/// </summary>
public sealed class EngineReviewTests
{
    [Fact]
    public void MatMul_of_two_vectors_is_their_dot_product_as_a_scalar()
    {
        var a = Tensor.FromArray([1f, 2, 3]).RequireGrad();
        var b = Tensor.FromArray([4f, 5, 6]).RequireGrad();
        var r = Tensor.MatMul(a, b);
        Assert.Equal(0, r.Rank);
        Assert.Equal(32f, r.Item());
        r.Backward();
        Assert.Equal([4f, 5, 6], a.Grad!.ToArray());
        Assert.Equal([1f, 2, 3], b.Grad!.ToArray());
    }

    [Fact]
    public void MatMul_with_an_empty_inner_dimension_gives_zeros_even_from_a_dirty_pool()
    {
        foreach (var (a, b) in new[] { (new[] { 2, 40, 0 }, new[] { 0, 4 }), ([40, 0], [0, 8]), ([2, 40, 0], [2, 0, 4]) })
        {
            var output = Tensor.MatMul(Tensor.Zeros(a), Tensor.Zeros(b)).GetShape();
            DirtyPool(ShapeUtilCount(output));
            using (TensorScope.Begin())
            {
                var r = Tensor.MatMul(Tensor.Zeros(a), Tensor.Zeros(b));
                Assert.Equal(output, r.GetShape());
                Assert.All(r.ToArray(), v => Assert.Equal(0f, v));
            }
        }
    }

    [Fact]
    public void Linear_with_no_input_features_gives_the_bias_even_from_a_dirty_pool()
    {
        DirtyPool(40 * 4);
        using (TensorScope.Begin())
        {
            var r = Tensor.Linear(Tensor.Zeros(40, 0), Tensor.Zeros(4, 0), Tensor.FromArray([1f, 2, 3, 4]));
            Assert.Equal([40, 4], r.GetShape());
            var v = r.ToArray();
            for (int i = 0; i < v.Length; i++)
            {
                Assert.Equal(1 + i % 4, v[i]);
            }
        }
    }

    [Fact]
    public void Linear_rejects_a_weight_or_input_of_the_wrong_rank_with_an_argument_error_naming_the_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(3, 4), Tensor.Zeros(4)));
        Assert.Contains("[4]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Scalar(1f), Tensor.Zeros(4, 1)));
        Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(2, 4), Tensor.Zeros(1, 4, 4)));
    }

    [Fact]
    public void Pow_with_a_zero_exponent_has_a_zero_gradient_also_at_zero()
    {
        var x = Tensor.FromArray([0f, 1f, -2f]).RequireGrad();
        var e = Tensor.FromArray([0f, 0f, 0f]);
        x.Pow(0f).Sum().Backward();
        Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray());
        x.Grad = null;
        Tensor.Pow(x, e).Sum().Backward();
        Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void Mean_over_an_empty_axis_is_nan_as_in_pytorch()
    {
        Assert.True(float.IsNaN(Tensor.Zeros(0).Mean().Item()));
        Assert.All(Tensor.Zeros(3, 0).Mean(1).ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.Equal([0f, 0f], Tensor.Zeros(0, 2).Sum(0).ToArray());
    }

    [Fact]
    public void Division_by_a_float_rounds_once_like_elementwise_division()
    {
        var x = TestData.Random(3, 1000);
        var xs = x.ToArray();
        foreach (float d in new[] { 3f, 10f, 7f, 0f })
        {
            var y = (x / d).ToArray();
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.Equal(xs[i] / d, y[i]);
            }
        }
    }

    [Fact]
    public void Long_sums_keep_float_precision()
    {
        var x = Tensor.Full(0.1f, 1 << 24);
        Assert.Equal(0.1 * (1 << 24), x.Sum().Item(), 1e-5 * (1 << 24) * 0.1);
        Assert.Equal(0.1, x.Mean().Item(), 1e-6);
    }

    [Fact]
    public void Tensors_with_a_zero_dimension_are_contiguous()
    {
        foreach (var shape in new[] { new[] { 2, 0, 3 }, [0, 4], [4, 0], [3, 0, 1] })
        {
            var t = Tensor.Zeros(shape);
            Assert.True(t.IsContiguous, string.Join(",", shape));
            Assert.Equal(0, t.AsSpan().Length);
        }
    }

    /// <summary>Parks a NaN-filled buffer of <paramref name="count"/> floats in the pool.</summary>
    private static void DirtyPool(int count)
    {
        using (TensorScope.Begin())
        {
            Tensor.Full(float.NaN, count);
        }
    }

    private static int ShapeUtilCount(int[] shape) => shape.Aggregate(1, (a, b) => a * b);
}
