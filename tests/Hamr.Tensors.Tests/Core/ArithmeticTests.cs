using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Core;

public sealed class ArithmeticTests
{
    [Fact]
    public void Broadcasting_add_matches_a_reference_loop()
    {
        var a = TestData.Random(1, 2, 3, 1, 5);
        var b = TestData.Random(2, 4, 1);
        var r = (a + b).ToArray();
        Assert.Equal(2 * 3 * 4 * 5, r.Length);
        int idx = 0;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    for (int l = 0; l < 5; l++)
                    {
                        Assert.Equal(a[i, j, 0, l] + b[k, 0], r[idx++]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Incompatible_shapes_throw_with_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    public static TheoryData<string> BinaryOps => new() { "add", "sub", "mul", "div" };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Binary_ops_have_correct_broadcast_gradients(string op)
    {
        var a = TestData.Param(3, 3, 1, 5);
        var b = TestData.Positive(4, 4, 1).RequireGrad();
        Func<double, double, double> f = op switch
        {
            "add" => (x, y) => x + y,
            "sub" => (x, y) => x - y,
            "mul" => (x, y) => x * y,
            _ => (x, y) => x / y,
        };
        GradCheck.AgainstReference(
            i => op switch { "add" => i[0] + i[1], "sub" => i[0] - i[1], "mul" => i[0] * i[1], _ => i[0] / i[1] },
            v =>
            {
                var r = new double[3 * 4 * 5];
                for (int p = 0; p < 3; p++)
                {
                    for (int q = 0; q < 4; q++)
                    {
                        for (int s = 0; s < 5; s++)
                        {
                            r[(p * 4 + q) * 5 + s] = f(v[0][p * 5 + s], v[1][q]);
                        }
                    }
                }
                return r;
            },
            [a, b]);
    }

    [Fact]
    public void Non_contiguous_operands_broadcast_correctly()
    {
        var a = TestData.Random(5, 4, 3).T; // [3,4] view
        var b = TestData.Random(6, 3, 1);
        var r = a * b;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(a[i, j] * b[i, 0], r[i, j]);
            }
        }
    }

    [Fact]
    public void Scalar_operators_work_on_both_sides()
    {
        var x = Tensor.FromArray([1f, 2f, 4f], 3);
        Assert.Equal([3f, 2f, 0f], (4f - x).ToArray());
        Assert.Equal([4f, 2f, 1f], (4f / x).ToArray());
        Assert.Equal([0.5f, 1f, 2f], (x / 2f).ToArray());
        Assert.Equal([-1f, -2f, -4f], (-x).ToArray());
    }
}
