using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Elementwise;

public sealed class MathOpTests
{
    private static readonly int[] Odd = [5, 7];

    public static TheoryData<string> UnaryNames => ["exp", "log", "sqrt", "rsqrt", "reciprocal", "square", "abs"];

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_math_matches_double_reference_with_gradients(string name)
    {
        bool positive = name is "log" or "sqrt" or "rsqrt";
        var x = positive ? TestData.Positive(11, Odd).RequireGrad() : Ref.AwayFrom(11, Odd, -2f, 2f, [0f], 0.2f);
        Func<Tensor, Tensor> op = name switch
        {
            "exp" => t => t.Exp(),
            "log" => t => t.Log(),
            "sqrt" => t => t.Sqrt(),
            "rsqrt" => t => t.Rsqrt(),
            "reciprocal" => t => t.Reciprocal(),
            "square" => t => t.Square(),
            _ => t => t.Abs(),
        };
        Func<double, double> f = name switch
        {
            "exp" => Math.Exp,
            "log" => Math.Log,
            "sqrt" => Math.Sqrt,
            "rsqrt" => v => 1 / Math.Sqrt(v),
            "reciprocal" => v => 1 / v,
            "square" => v => v * v,
            _ => Math.Abs,
        };
        GradCheck.AgainstReference(i => op(i[0]), v => Ref.Map(v[0], f), [x]);
    }

    [Theory]
    [InlineData(2.5f, true)]
    [InlineData(-1.5f, true)]
    [InlineData(3f, false)]
    [InlineData(2f, false)]
    [InlineData(0.5f, true)]
    [InlineData(-1f, false)]
    [InlineData(1f, false)]
    public void Pow_by_a_constant_matches_reference(float p, bool positive)
    {
        var x = positive ? TestData.Positive(12, Odd).RequireGrad() : Ref.AwayFrom(12, Odd, -2f, 2f, [0f], 0.3f);
        GradCheck.AgainstReference(i => i[0].Pow(p), v => Ref.Map(v[0], a => Math.Pow(a, p)), [x]);
    }

    [Fact]
    public void Pow_of_two_tensors_broadcasts_with_both_gradients()
    {
        var a = TestData.Positive(13, 3, 1, 5).RequireGrad();
        var b = TestData.Param(14, 4, 1);
        GradCheck.AgainstReference(i => Tensor.Pow(i[0], i[1]), v =>
        {
            var r = new double[3 * 4 * 5];
            for (int p = 0; p < 3; p++)
            {
                for (int q = 0; q < 4; q++)
                {
                    for (int s = 0; s < 5; s++)
                    {
                        r[(p * 4 + q) * 5 + s] = Math.Pow(v[0][p * 5 + s], v[1][q]);
                    }
                }
            }
            return r;
        }, [a, b]);
    }

    [Theory]
    [InlineData(-0.5f, 0.4f)]
    [InlineData(-0.3f, null)]
    [InlineData(null, 0.2f)]
    public void Clamp_matches_reference_away_from_bounds(float? lo, float? hi)
    {
        var x = Ref.AwayFrom(15, Odd, -1f, 1f, [lo ?? -9f, hi ?? 9f]);
        GradCheck.AgainstReference(i => i[0].Clamp(lo, hi),
            v => Ref.Map(v[0], a => Math.Min(Math.Max(a, lo ?? double.NegativeInfinity), hi ?? double.PositiveInfinity)), [x]);
    }

    [Fact]
    public void Clamp_passes_the_gradient_at_its_bounds_as_torch()
    {
        var x = Tensor.FromArray([-1f, -0.5f, 0f, 0.5f, 1f], 5).RequireGrad();
        Assert.Equal([0f, 1f, 1f, 1f, 0f], Ref.OnesGrad(x, t => t.Clamp(-0.5f, 0.5f)));
        Assert.Equal([-0.5f, -0.5f, 0f, 0.5f, 0.5f], x.Clamp(-0.5f, 0.5f).ToArray());
    }

    [Fact]
    public void Abs_has_zero_gradient_at_zero()
    {
        var x = Tensor.FromArray([-2f, 0f, 3f, -0f], 4).RequireGrad();
        Assert.Equal([-1f, 0f, 1f, 0f], Ref.OnesGrad(x, t => t.Abs()));
    }

    [Fact]
    public void Where_broadcasts_condition_and_operands_and_routes_gradients()
    {
        var cond = Tensor.FromArray([1f, 0f, 1f, 0f], 4, 1); // [4,1]
        var a = TestData.Param(16, 3, 1, 5);
        var b = TestData.Param(17, 5);
        GradCheck.AgainstReference(i => Tensor.Where(cond, i[0], i[1]), v =>
        {
            var r = new double[3 * 4 * 5];
            for (int p = 0; p < 3; p++)
            {
                for (int q = 0; q < 4; q++)
                {
                    for (int s = 0; s < 5; s++)
                    {
                        r[(p * 4 + q) * 5 + s] = q % 2 == 0 ? v[0][p * 5 + s] : v[1][s];
                    }
                }
            }
            return r;
        }, [a, b]);
    }

    [Fact]
    public void Where_treats_any_nonzero_condition_as_true()
    {
        var cond = Tensor.FromArray([0.5f, 0f, -2f], 3);
        var r = Tensor.Where(cond, Tensor.Full(1f, 3), 7f).ToArray();
        Assert.Equal([1f, 7f, 1f], r);
    }

    [Fact]
    public void Comparisons_return_broadcast_zero_one_masks_without_gradient()
    {
        var a = Tensor.FromArray([1f, 2f, 3f], 3, 1).RequireGrad();
        var b = Tensor.FromArray([2f, 2f], 2);
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 1f], Tensor.Greater(a, b).ToArray());
        Assert.Equal([0f, 0f, 1f, 1f, 1f, 1f], Tensor.GreaterEqual(a, b).ToArray());
        Assert.Equal([1f, 1f, 0f, 0f, 0f, 0f], Tensor.Less(a, b).ToArray());
        Assert.Equal([1f, 1f, 1f, 1f, 0f, 0f], Tensor.LessEqual(a, b).ToArray());
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f], Tensor.Equal(a, b).ToArray());
        Assert.Equal([1f, 1f, 0f, 0f, 1f, 1f], Tensor.NotEqual(a, b).ToArray());
        Assert.Equal([0f, 1f, 0f], a.Equal(2f).ToArray());
        Assert.False(Tensor.Greater(a, b).RequiresGrad);
    }

    [Fact]
    public void Sign_is_minus_one_zero_or_one()
    {
        Assert.Equal([-1f, 0f, 1f], Tensor.FromArray([-3f, 0f, 0.1f], 3).Sign().ToArray());
    }

    [Fact]
    public void Unary_math_reads_non_contiguous_views()
    {
        var x = TestData.Positive(18, 4, 3).T; // [3,4] view
        var r = x.Log().ToArray();
        var src = x.ToArray();
        for (int i = 0; i < r.Length; i++)
        {
            Assert.Equal(MathF.Log(src[i]), r[i], 6);
        }
    }
}
