using Hamr.Tensors.Tests.Support;
using static Hamr.Tensors.Tests.Geometry.GeometryReference;

namespace Hamr.Tensors.Tests.Geometry;

public sealed class SmallMatrixTests
{
    /// <summary>Random well-conditioned 3×3 matrices (random + 2·I), as a leaf that requires a gradient.</summary>
    private static Tensor Conditioned(ulong seed, int batch)
    {
        var t = TestData.Random(seed, batch, 3, 3).ToArray();
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < 3; i++)
            {
                t[9 * b + 4 * i] += 2f;
            }
        }
        return Tensor.FromArray(t, batch, 3, 3).RequireGrad();
    }

    [Fact]
    public void Det3x3_matches_reference_and_gradients()
    {
        GradCheck.AgainstReference(
            x => x[0].Det3x3(),
            v => Enumerable.Range(0, 5).Select(b => Det3(v[0], 9 * b)).ToArray(),
            [TestData.Param(1, 5, 3, 3)]);
    }

    [Fact]
    public void Det3x3_of_one_matrix_is_a_scalar()
    {
        var m = Tensor.FromArray([2f, 0f, 0f, 0f, 3f, 0f, 1f, 5f, 4f], 3, 3);
        var d = m.Det3x3();
        Assert.Equal(0, d.Rank);
        Assert.Equal(24f, d.Item(), 5);
    }

    [Fact]
    public void Det3x3_reads_transposed_views_and_sends_gradients_through_them()
    {
        GradCheck.AgainstReference(
            x => x[0].T.Det3x3(),
            v => Enumerable.Range(0, 3).Select(b => Det3(v[0], 9 * b)).ToArray(), // det Aᵀ = det A
            [TestData.Param(8, 3, 3, 3)]);
    }

    [Fact]
    public void Inverse3x3_matches_reference_and_gradients()
    {
        GradCheck.AgainstReference(
            x => x[0].Inverse3x3(),
            v => Enumerable.Range(0, 4).SelectMany(b => Inverse(v[0], 9 * b, 3)).ToArray(),
            [Conditioned(2, 4)]);
    }

    [Fact]
    public void Inverse3x3_times_original_is_identity()
    {
        var a = Conditioned(3, 6).Detach().Reshape(2, 3, 3, 3);
        AssertIdentities(Tensor.MatMul(a, a.Inverse3x3()), 3, 1e-5);
        AssertIdentities(Tensor.MatMul(a.Inverse3x3(), a), 3, 1e-5);
    }

    [Fact]
    public void Small_matrix_ops_name_the_shape_they_reject()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3, 4).Det3x3());
        Assert.Contains("[2, 3, 4]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 3).InverseRigid4x4());
        Assert.Throws<ArgumentException>(() => Tensor.MakeRigid4x4(Tensor.Zeros(2, 3, 3), Tensor.Zeros(3, 3)));
    }

    private static Tensor RandomRigid(ulong seed, int batch)
    {
        using var _ = GradMode.NoGrad();
        var r = Tensor.Rodrigues(TestData.Random(seed, batch, 3) * 2f);
        var t = TestData.Random(seed + 100, batch, 3);
        return Tensor.MakeRigid4x4(r, t);
    }

    [Fact]
    public void InverseRigid4x4_matches_reference_and_gradients()
    {
        var input = RandomRigid(4, 3).Detach().Clone().RequireGrad();
        GradCheck.AgainstReference(
            x => x[0].InverseRigid4x4(),
            v =>
            {
                var r = new double[3 * 16];
                for (int b = 0; b < 3; b++)
                {
                    int o = 16 * b;
                    for (int i = 0; i < 3; i++)
                    {
                        for (int j = 0; j < 3; j++)
                        {
                            r[o + 4 * i + j] = v[0][o + 4 * j + i];
                            r[o + 4 * i + 3] -= v[0][o + 4 * j + i] * v[0][o + 4 * j + 3];
                        }
                    }
                    r[o + 15] = 1;
                }
                return r;
            },
            [input]);
    }

    [Fact]
    public void InverseRigid4x4_times_original_is_identity()
    {
        var t = RandomRigid(5, 7);
        AssertIdentities(Tensor.MatMul(t, t.InverseRigid4x4()), 4, 1e-5);
        AssertIdentities(Tensor.MatMul(t.InverseRigid4x4(), t), 4, 1e-5);
        var full = Tensor.Wrap(Inverse(t.ToDouble(), 16, 4).Select(v => (float)v).ToArray(), 4, 4);
        Assert.Equal(full.ToArray(), t.Select(0, 1).InverseRigid4x4().ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void MakeRigid4x4_matches_reference_and_gradients()
    {
        GradCheck.AgainstReference(
            x => Tensor.MakeRigid4x4(x[0], x[1]),
            v =>
            {
                var r = new double[2 * 3 * 16];
                for (int b = 0; b < 6; b++)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        for (int j = 0; j < 3; j++)
                        {
                            r[16 * b + 4 * i + j] = v[0][9 * b + 3 * i + j];
                        }
                        r[16 * b + 4 * i + 3] = v[1][3 * b + i];
                    }
                    r[16 * b + 15] = 1;
                }
                return r;
            },
            [TestData.Param(1, 2, 3, 3, 3), TestData.Param(2, 2, 3, 3)]);
    }

    [Fact]
    public void TransformPoints_broadcasts_transforms_over_points()
    {
        // Transforms [2, 1, 4, 4] applied to points [2, 5, 3]: each batch's transform moves its 5 points.
        GradCheck.AgainstReference(
            x => Tensor.TransformPoints(x[0], x[1]),
            v =>
            {
                var r = new double[2 * 5 * 3];
                for (int b = 0; b < 2; b++)
                {
                    for (int p = 0; p < 5; p++)
                    {
                        for (int i = 0; i < 3; i++)
                        {
                            double s = v[0][16 * b + 4 * i + 3];
                            for (int j = 0; j < 3; j++)
                            {
                                s += v[0][16 * b + 4 * i + j] * v[1][(b * 5 + p) * 3 + j];
                            }
                            r[(b * 5 + p) * 3 + i] = s;
                        }
                    }
                }
                return r;
            },
            [TestData.Param(1, 2, 1, 4, 4), TestData.Param(2, 2, 5, 3)]);
    }

    [Fact]
    public void TransformPoints_equals_matmul_with_homogeneous_points()
    {
        var t = RandomRigid(6, 4);
        var p = TestData.Random(7, 4, 3);
        var homogeneous = Tensor.Concat([p, Tensor.Ones(4, 1)], 1).Unsqueeze(-1); // [4, 4, 1]
        var expected = Tensor.MatMul(t, homogeneous).Squeeze(-1).Slice(1, 0, 3).ToArray();
        Assert.Equal(expected, Tensor.TransformPoints(t, p).ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void TransformPoints_with_incompatible_batches_names_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.TransformPoints(Tensor.Zeros(3, 4, 4), Tensor.Zeros(2, 3)));
        Assert.Contains("[3, 4, 4]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }
}

/// <summary>Float equality within an absolute tolerance (for Assert.Equal on arrays).</summary>
internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
