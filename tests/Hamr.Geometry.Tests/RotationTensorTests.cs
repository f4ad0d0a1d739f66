using Hamr.Tensors;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Geometry.Tests;

public sealed class RotationTensorTests
{
    private static Tensor Random(ulong seed, float scale, params int[] shape) =>
        (Tensor.RandUniform(new TensorRandom(seed), -1f, 1f, shape) * scale).Detach();

    /// <summary>Applies a span conversion in double to each group of a flat input (the gradcheck reference).</summary>
    private static double[] PerGroup(double[] input, int inSize, int outSize, SpanConversion convert)
    {
        int n = input.Length / inSize;
        var result = new double[n * outSize];
        for (int i = 0; i < n; i++)
        {
            convert(input.AsSpan(i * inSize, inSize), result.AsSpan(i * outSize, outSize));
        }
        return result;
    }

    private delegate void SpanConversion(ReadOnlySpan<double> input, Span<double> output);

    [Fact]
    public void AxisAngleToMatrix_tensor_agrees_with_the_span_path()
    {
        var w = Random(1, 3f, 4, 5, 3);
        var expected = new float[4 * 5 * 9];
        Rotations.AxisAnglesToMatrices<float>(w.ToArray(), expected);
        var actual = Rotations.AxisAngleToMatrix(w);
        Assert.Equal([4, 5, 3, 3], actual.GetShape());
        Matrix3Assert.Close(expected, actual.ToArray(), 1e-6);
    }

    [Fact]
    public void SixDToMatrix_tensor_agrees_with_the_span_path_and_its_gradient_with_double_differences()
    {
        var six = Random(2, 2f, 3, 4, 6).RequireGrad();
        var expected = new float[3 * 4 * 9];
        Rotations.SixDsToMatrices<float>(six.ToArray(), expected);
        Matrix3Assert.Close(expected, Rotations.SixDToMatrix(six).ToArray(), 1e-6);
        GradCheck.AgainstReference(
            x => Rotations.SixDToMatrix(x[0]),
            v => PerGroup(v[0], 6, 9, Rotations.SixDToMatrix<double>),
            [six]);
    }

    [Fact]
    public void QuaternionToMatrix_tensor_agrees_with_the_span_path_and_its_gradient_with_double_differences()
    {
        // Non-unit quaternions on purpose: the op normalises, and so must its gradient.
        var q = Random(3, 1.5f, 2, 5, 4).RequireGrad();
        var expected = new float[2 * 5 * 9];
        Rotations.QuaternionsToMatrices<float>(q.ToArray(), expected);
        Matrix3Assert.Close(expected, Rotations.QuaternionToMatrix(q).ToArray(), 0);
        GradCheck.AgainstReference(
            x => Rotations.QuaternionToMatrix(x[0]),
            v => PerGroup(v[0], 4, 9, Rotations.QuaternionToMatrix<double>),
            [q]);
    }

    [Fact]
    public void QuaternionToMatrix_accepts_a_strided_view_and_passes_its_gradient_back()
    {
        var wide = Random(4, 1f, 3, 8).RequireGrad();
        var q = wide.Slice(1, 2, 4);                    // [3, 4] non-contiguous
        GradCheck.AgainstReference(
            x => Rotations.QuaternionToMatrix(x[0].Slice(1, 2, 4)),
            v => PerGroup(Enumerable.Range(0, 3).SelectMany(r => v[0].Skip(8 * r + 2).Take(4)).ToArray(), 4, 9, Rotations.QuaternionToMatrix<double>),
            [wide]);
        Assert.Equal([3, 3, 3], Rotations.QuaternionToMatrix(q).GetShape());
    }

    [Fact]
    public void MatrixToSixD_tensor_takes_the_first_two_columns_with_gradients()
    {
        var m = Random(5, 1f, 2, 3, 3, 3).RequireGrad();
        GradCheck.AgainstReference(
            x => Rotations.MatrixToSixD(x[0]),
            v => PerGroup(v[0], 9, 6, Rotations.MatrixToSixD<double>),
            [m]);
        Assert.Equal([2, 3, 6], Rotations.MatrixToSixD(m).GetShape());
    }

    [Fact]
    public void SixD_tensor_round_trip_reproduces_rotations()
    {
        var r = Rotations.AxisAngleToMatrix(Random(6, 3f, 10, 3));
        Matrix3Assert.Close(r.ToArray(), Rotations.SixDToMatrix(Rotations.MatrixToSixD(r)).ToArray(), 1e-6);
    }

    [Fact]
    public void Tensor_forms_reject_wrong_trailing_sizes()
    {
        Assert.Throws<ArgumentException>(() => Rotations.SixDToMatrix(Tensor.Zeros(2, 5)));
        Assert.Throws<ArgumentException>(() => Rotations.QuaternionToMatrix(Tensor.Zeros(2, 3)));
        Assert.Throws<ArgumentException>(() => Rotations.MatrixToSixD(Tensor.Zeros(2, 3, 4)));
    }
}
