using Hamr.Tensors;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Geometry.Tests;

public sealed class MatrixLogTensorTests
{
    /// <summary>Axis-angle vectors with the given angles about random axes, [n, 3].</summary>
    private static Tensor WithAngles(ulong seed, params float[] angles)
    {
        var rng = new TensorRandom(seed);
        var values = new float[angles.Length * 3];
        for (int i = 0; i < angles.Length; i++)
        {
            float x = rng.NextGaussian(), y = rng.NextGaussian(), z = rng.NextGaussian();
            float n = MathF.Sqrt(x * x + y * y + z * z);
            values[3 * i] = angles[i] * x / n;
            values[3 * i + 1] = angles[i] * y / n;
            values[3 * i + 2] = angles[i] * z / n;
        }
        return Tensor.FromArray(values, angles.Length, 3);
    }

    private static double[] RoundTrip(double[] axisAngles)
    {
        int n = axisAngles.Length / 3;
        var matrices = new double[9 * n];
        var result = new double[3 * n];
        Rotations.AxisAnglesToMatrices<double>(axisAngles, matrices);
        Rotations.MatricesToAxisAngles<double>(matrices, result);
        return result;
    }

    [Fact]
    public void MatrixToAxisAngle_tensor_agrees_with_the_span_path()
    {
        var r = Rotations.AxisAngleToMatrix(WithAngles(1, 0f, 1e-4f, 0.5f, 1.5f, 2.5f, 3.1f));
        var expected = new float[6 * 3];
        Rotations.MatricesToAxisAngles<float>(r.ToArray(), expected);
        var actual = Rotations.MatrixToAxisAngle(r.Reshape(2, 3, 3, 3));
        Assert.Equal([2, 3, 3], actual.GetShape());
        Assert.Equal(expected, actual.ToArray());
    }

    [Fact]
    public void Gradient_through_Rodrigues_and_back_is_the_identity_map_at_small_medium_and_near_pi_angles()
    {
        // log(exp(ω)) = ω for θ < π, so the composite's Jacobian is I: a strict check of the SO(3) gradient, including
        // θ near 0 (series) and near π (where vee(R − Rᵀ) vanishes).
        var w = WithAngles(2, 1e-3f, 0.3f, 1.2f, 2.2f, 3.0f, 3.13f).RequireGrad();
        GradCheck.AgainstReference(
            x => Rotations.MatrixToAxisAngle(Rotations.AxisAngleToMatrix(x[0])),
            v => RoundTrip(v[0]),
            [w], rtol: 5e-3, atol: 5e-4);
    }

    [Fact]
    public void Gradient_through_6D_matches_double_differences_of_the_span_forms()
    {
        var six = (Tensor.RandUniform(new TensorRandom(3), -1f, 1f, 4, 2, 6) * 2f).Detach().RequireGrad();
        GradCheck.AgainstReference(
            x => Rotations.MatrixToAxisAngle(Rotations.SixDToMatrix(x[0])),
            v =>
            {
                int n = v[0].Length / 6;
                var m = new double[9 * n];
                var result = new double[3 * n];
                Rotations.SixDsToMatrices<double>(v[0], m);
                Rotations.MatricesToAxisAngles<double>(m, result);
                return result;
            },
            [six], rtol: 5e-3, atol: 5e-4);
    }

    [Fact]
    public void Identity_gives_zero_and_a_finite_gradient()
    {
        var r = Tensor.FromArray([1f, 0, 0, 0, 1, 0, 0, 0, 1], 1, 3, 3).RequireGrad();
        var w = Rotations.MatrixToAxisAngle(r);
        Assert.Equal(new float[3], w.ToArray());
        w.Sum().Backward();
        Assert.All(r.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Rejects_non_matrices()
    {
        Assert.Throws<ArgumentException>(() => Rotations.MatrixToAxisAngle(Tensor.Zeros(2, 3, 4)));
        Assert.Throws<ArgumentException>(() => Rotations.MatrixToAxisAngle(Tensor.Zeros(3)));
    }
}
