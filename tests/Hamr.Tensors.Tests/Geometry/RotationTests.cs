using Hamr.Tensors.Tests.Support;
using static Hamr.Tensors.Tests.Geometry.GeometryReference;

namespace Hamr.Tensors.Tests.Geometry;

public sealed class RotationTests
{
    [Fact]
    public void Rodrigues_matches_the_closed_form_with_gradients_at_random_axis_angles()
    {
        // Angles up to ~3 rad (|ω| ≤ √3·1.8), including near π.
        var w = (TestData.Random(1, 2, 3, 3) * 1.8f).Detach().RequireGrad();
        GradCheck.AgainstReference(x => Tensor.Rodrigues(x[0]), v => RodriguesBatch(v[0]), [w]);
    }

    [Fact]
    public void Rodrigues_is_orthonormal_with_determinant_one()
    {
        var r = Tensor.Rodrigues(TestData.Random(2, 50, 3) * 4f);
        AssertIdentities(Tensor.MatMul(r, r.T), 3, 2e-6);
        Assert.All(r.Det3x3().ToArray(), d => Assert.Equal(1f, d, 5));
    }

    [Fact]
    public void Rodrigues_gradient_is_exact_at_zero()
    {
        GradCheck.AgainstReference(x => Tensor.Rodrigues(x[0]), v => RodriguesBatch(v[0]), [Tensor.Zeros(2, 3).RequireGrad()]);
    }

    [Fact]
    public void Rodrigues_jacobian_at_zero_is_the_skew_generators()
    {
        // dR/dω_k at ω = 0 is [e_k]ₓ: L_x = [[0,0,0],[0,0,-1],[0,1,0]], etc.
        double[][] generators =
        [
            [0, 0, 0, 0, 0, -1, 0, 1, 0],
            [0, 0, 1, 0, 0, 0, -1, 0, 0],
            [0, -1, 0, 1, 0, 0, 0, 0, 0],
        ];
        for (int e = 0; e < 9; e++)
        {
            var w = Tensor.Zeros(3).RequireGrad();
            var r = Tensor.Rodrigues(w);
            Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], r.ToArray());
            var pick = Tensor.Zeros(3, 3);
            pick[e / 3, e % 3] = 1f;
            (r * pick).Sum().Backward();
            var g = w.Grad!.ToArray();
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(generators[k][e], g[k]);
            }
        }
    }

    [Theory]
    [InlineData(1e-5f)]
    [InlineData(9.9e-3f)] // θ² just under the series threshold
    [InlineData(1.01e-2f)] // just over it
    public void Rodrigues_gradient_is_exact_at_small_angles(float magnitude)
    {
        var w = (TestData.Random(3, 4, 3) * magnitude).Detach().RequireGrad();
        GradCheck.AgainstReference(x => Tensor.Rodrigues(x[0]), v => RodriguesBatch(v[0]), [w], forwardTolerance: 1e-6);
    }

    [Fact]
    public void Rodrigues_rotates_about_its_axis_by_its_angle()
    {
        var r = Tensor.Rodrigues(Tensor.FromArray([0f, 0f, MathF.PI / 2]));
        var p = Tensor.TransformPoints(Tensor.MakeRigid4x4(r, Tensor.Zeros(3)), Tensor.FromArray([1f, 0f, 0f])).ToArray();
        Assert.Equal(0f, p[0], 6);
        Assert.Equal(1f, p[1], 6);
        Assert.Equal(0f, p[2], 6);
    }

    [Fact]
    public void Cross_broadcasts_and_matches_reference_and_gradients()
    {
        GradCheck.AgainstReference(
            x => Tensor.Cross(x[0], x[1]),
            v => Enumerable.Range(0, 4).SelectMany(b =>
            {
                double ax = v[0][3 * b], ay = v[0][3 * b + 1], az = v[0][3 * b + 2];
                double bx = v[1][0], by = v[1][1], bz = v[1][2];
                return new[] { ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx };
            }).ToArray(),
            [TestData.Param(1, 4, 3), TestData.Param(2, 3)]);
    }

    [Fact]
    public void Cross_of_x_and_y_is_z()
    {
        Assert.Equal([0f, 0f, 1f], Tensor.Cross(Tensor.FromArray([1f, 0f, 0f]), Tensor.FromArray([0f, 1f, 0f])).ToArray());
    }

    /// <summary>Σ over axis 1 of a [a, n, c] array: f(values along the axis) → one output each.</summary>
    private static double[] AlongMiddle(double[] v, int a, int n, int c, Func<double[], double[]> f)
    {
        var result = new double[v.Length];
        var outputs = new List<double>();
        for (int i = 0; i < a; i++)
        {
            for (int k = 0; k < c; k++)
            {
                var line = Enumerable.Range(0, n).Select(j => v[(i * n + j) * c + k]).ToArray();
                var y = f(line);
                for (int j = 0; j < y.Length && y.Length == n; j++)
                {
                    result[(i * n + j) * c + k] = y[j];
                }
                if (y.Length == 1)
                {
                    outputs.Add(y[0]);
                }
            }
        }
        return outputs.Count > 0 ? outputs.ToArray() : result;
    }

    private static double L2(double[] line) => Math.Sqrt(line.Sum(t => t * t));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Norm_along_a_middle_axis_matches_reference_and_gradients(bool keepDims)
    {
        var r = TestData.Param(1, 3, 4, 2).Norm(1, keepDims);
        Assert.Equal(keepDims ? [3, 1, 2] : new[] { 3, 2 }, r.GetShape());
        GradCheck.AgainstReference(
            x => x[0].Norm(1, keepDims),
            v => AlongMiddle(v[0], 3, 4, 2, line => [L2(line)]),
            [TestData.Param(1, 3, 4, 2)]);
    }

    [Fact]
    public void Norm_of_a_zero_vector_has_zero_gradient()
    {
        var x = Tensor.Zeros(2, 3).RequireGrad();
        var n = x.Norm();
        Assert.Equal([0f, 0f], n.ToArray());
        n.Sum().Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Normalize_matches_reference_and_gradients()
    {
        GradCheck.AgainstReference(
            x => x[0].Normalize(1),
            v => AlongMiddle(v[0], 2, 5, 3, line => line.Select(t => t / L2(line)).ToArray()),
            [TestData.Param(2, 2, 5, 3)]);
    }

    [Fact]
    public void Normalize_of_a_tiny_vector_divides_by_eps()
    {
        GradCheck.AgainstReference(
            x => x[0].Normalize(-1, eps: 0.5f),
            v => AlongMiddle(v[0], 1, 3, 1, line => line.Select(t => t / Math.Max(L2(line), 0.5)).ToArray()),
            [Tensor.FromArray([0.1f, -0.2f, 0.15f], 3).RequireGrad()]);
        var unit = Tensor.FromArray([3f, 0f, 4f]).Normalize().ToArray();
        Assert.Equal([0.6f, 0f, 0.8f], unit);
        Assert.All(Tensor.Zeros(3).Normalize().ToArray(), v => Assert.Equal(0f, v));
    }
}
