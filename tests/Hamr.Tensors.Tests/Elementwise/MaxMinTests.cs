using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Elementwise;

public sealed class MaxMinTests
{
    private static readonly int[] Shape = [3, 4, 5];

    /// <summary>Reference max/min over the masked axes of a [3, 4, 5] tensor, in keep-dims row-major order.</summary>
    private static double[] Reference(double[] x, bool[] mask, bool max)
    {
        int d0 = mask[0] ? 1 : 3, d1 = mask[1] ? 1 : 4, d2 = mask[2] ? 1 : 5;
        var r = new double[d0 * d1 * d2];
        Array.Fill(r, max ? double.NegativeInfinity : double.PositiveInfinity);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                for (int k = 0; k < 5; k++)
                {
                    int o = ((mask[0] ? 0 : i) * d1 + (mask[1] ? 0 : j)) * d2 + (mask[2] ? 0 : k);
                    double v = x[(i * 4 + j) * 5 + k];
                    r[o] = max ? Math.Max(r[o], v) : Math.Min(r[o], v);
                }
            }
        }
        return r;
    }

    public static TheoryData<int[], bool, bool> Cases => new()
    {
        { [0], false, true }, { [1], true, true }, { [2], false, true }, { [-1], true, false }, { [0, 2], true, true },
        { [1, 2], false, false }, { [0, 1], false, false }, { [0, 1, 2], true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Max_and_min_over_axes_match_reference_with_gradients(int[] axes, bool keepDims, bool max)
    {
        var x = TestData.Param(41, Shape);
        var mask = new bool[3];
        foreach (var a in axes)
        {
            mask[(a + 3) % 3] = true;
        }
        var y = max ? x.Max(axes, keepDims) : x.Min(axes, keepDims);
        var expectedShape = Enumerable.Range(0, 3).Where(i => keepDims || !mask[i]).Select(i => mask[i] ? 1 : Shape[i]).ToArray();
        Assert.Equal(expectedShape, y.GetShape());
        GradCheck.AgainstReference(i => max ? i[0].Max(axes, keepDims) : i[0].Min(axes, keepDims), v => Reference(v[0], mask, max), [x]);
    }

    [Fact]
    public void Ties_send_the_gradient_to_the_first_extreme_element()
    {
        var x = Tensor.FromArray([1f, 5f, 5f, 2f, 0f, 0f, 7f, 0f], 2, 4).RequireGrad();
        x.Max(1).Sum().Backward();
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f], x.Grad!.ToArray());
        x.Grad = null;
        x.Min(1).Sum().Backward();
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f], x.Grad!.ToArray());
        x.Grad = null;
        x.Min(0).Sum().Backward(); // columns (1,0) (5,0) (5,7) (2,0): the minima sit in rows 1, 1, 0, 1
        Assert.Equal([0f, 0f, 1f, 0f, 1f, 1f, 0f, 1f], x.Grad!.ToArray());
        var t = Tensor.FromArray([3f, 3f, 3f, 3f], 2, 2).RequireGrad();
        t.Max().Backward();
        Assert.Equal([1f, 0f, 0f, 0f], t.Grad!.ToArray());
        var u = Tensor.FromArray([4f, 1f, 4f, 1f], 2, 2).RequireGrad();
        u.Max(0).Sum().Backward();
        Assert.Equal([1f, 1f, 0f, 0f], u.Grad!.ToArray());
    }

    [Fact]
    public void ArgMax_and_ArgMin_return_first_indices_as_floats()
    {
        var x = Tensor.FromArray([1f, 5f, 5f, 2f, 0f, 0f, 7f, 0f], 2, 4);
        Assert.Equal([1f, 2f], x.ArgMax(1).ToArray());
        Assert.Equal([0f, 0f], x.ArgMin(-1).ToArray());
        Assert.Equal([0f, 0f, 1f, 0f], x.ArgMax(0).ToArray());
        Assert.Equal([1f, 1f, 0f, 1f], x.ArgMin(0).ToArray());
        Assert.Equal([2, 1], x.ArgMax(1, keepDims: true).GetShape());
        var (values, indices) = x.MaxWithIndex(1);
        Assert.Equal([5f, 7f], values.ToArray());
        Assert.Equal([1f, 2f], indices.ToArray());
        Assert.False(indices.RequiresGrad);
    }

    [Fact]
    public void Global_max_and_min_are_scalars()
    {
        var x = TestData.Random(42, 7, 3);
        var values = x.ToArray();
        Assert.Empty(x.Max().GetShape());
        Assert.Equal(values.Max(), x.Max().Item());
        Assert.Equal(values.Min(), x.Min().Item());
    }

    [Fact]
    public void Max_of_a_strided_view_matches_its_dense_copy()
    {
        var x = TestData.Random(43, 5, 6).T;
        Assert.Equal(x.Contiguous().Max(1).ToArray(), x.Max(1).ToArray());
        Assert.Equal(x.Contiguous().ArgMin(0).ToArray(), x.ArgMin(0).ToArray());
    }

    [Fact]
    public void Max_propagates_nan()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f], 3);
        Assert.True(float.IsNaN(x.Max().Item()));
        Assert.Equal(1f, x.ArgMax(0).Item());
    }
}
