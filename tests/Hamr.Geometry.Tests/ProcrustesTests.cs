using static Hamr.Geometry.Tests.Matrix3Assert;

namespace Hamr.Geometry.Tests;

public sealed class ProcrustesTests
{
    private static float[] RandomPoints(int seed, int n, bool planar = false)
    {
        var rng = new Random(seed);
        var p = new float[3 * n];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = planar && i % 3 == 2 ? 0f : (float)(rng.NextDouble() * 0.2 - 0.1);
        }
        return p;
    }

    private static float[] Transform(float[] points, double scale, double[] rotation, double[] t)
    {
        var r = new float[points.Length];
        new SimilarityTransform(scale, rotation, t).Apply(points, r);
        return r;
    }

    private static double[] Rotation(double x, double y, double z)
    {
        var m = new double[9];
        Rotations.AxisAngleToMatrix<double>([x, y, z], m);
        return m;
    }

    private static double Cost(SimilarityTransform t, float[] source, float[] target)
    {
        var aligned = new float[source.Length];
        t.Apply(source, aligned);
        double sum = 0;
        for (int i = 0; i < aligned.Length; i++)
        {
            sum += (aligned[i] - target[i]) * (double)(aligned[i] - target[i]);
        }
        return sum;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Align_recovers_a_known_similarity(bool planar)
    {
        var source = RandomPoints(1, 21, planar);
        var rotation = Rotation(0.4, -1.2, 2.0);
        var target = Transform(source, 1.7, rotation, [0.3, -0.1, 0.8]);
        var t = Procrustes.Align(source, target);
        Assert.Equal(1.7, t.Scale, 5);
        Close(rotation, t.Rotation, 1e-5);
        Close([0.3, -0.1, 0.8], t.Translation, 1e-5);
        IsRotation(t.Rotation, 1e-12);
    }

    [Fact]
    public void Align_without_scale_is_rigid()
    {
        var source = RandomPoints(2, 10);
        var target = Transform(source, 2.0, Rotation(0.1, 0.2, 0.3), [0, 0, 0]);
        var t = Procrustes.Align(source, target, withScale: false);
        Assert.Equal(1.0, t.Scale);
        Close(Rotation(0.1, 0.2, 0.3), t.Rotation, 1e-5);
    }

    [Fact]
    public void Align_to_a_mirror_image_returns_a_proper_rotation_that_is_locally_optimal()
    {
        var source = RandomPoints(3, 15);
        var target = (float[])source.Clone();
        for (int i = 2; i < target.Length; i += 3)
        {
            target[i] = -target[i];                     // reflection z → −z: no rotation reproduces it
        }
        var t = Procrustes.Align(source, target);
        IsRotation(t.Rotation, 1e-12);
        double best = Cost(t, source, target);
        Assert.True(best > 1e-6, "a reflection cannot be matched exactly");
        // Any small rotation or scale change makes it worse.
        for (int axis = 0; axis < 3; axis++)
        {
            foreach (double eps in new[] { 1e-3, -1e-3 })
            {
                var d = new double[3];
                d[axis] = eps;
                var perturbed = new double[9];
                Rotations.Multiply<double>(Rotation(d[0], d[1], d[2]), t.Rotation, perturbed);
                Assert.True(Cost(t with { Rotation = perturbed }, source, target) > best);
            }
        }
        Assert.True(Cost(t with { Scale = t.Scale * 1.01 }, source, target) > best);
        Assert.True(Cost(t with { Scale = t.Scale * 0.99 }, source, target) > best);
    }

    [Fact]
    public void Align_collinear_points_maps_them_onto_the_target()
    {
        float[] source = [0, 0, 0, 0.1f, 0, 0, 0.3f, 0, 0];
        float[] target = [1, 1, 1, 1, 1.2f, 1, 1, 1.6f, 1];
        var aligned = new float[9];
        var t = Procrustes.AlignTo(source, target, aligned);
        IsRotation(t.Rotation, 1e-12);
        Assert.Equal(2.0, t.Scale, 5);
        Close(target, aligned, 1e-6);
    }

    [Fact]
    public void Align_of_coincident_points_is_a_translation()
    {
        float[] source = [1, 2, 3, 1, 2, 3];
        float[] target = [0, 0, 0, 2, 2, 2];
        var t = Procrustes.Align(source, target);
        Assert.Equal(1.0, t.Scale);
        Close([1, 0, 0, 0, 1, 0, 0, 0, 1], t.Rotation, 0);
        Close([0, -1, -2], t.Translation, 1e-12);
    }

    [Fact]
    public void Align_rejects_mismatched_point_sets()
    {
        Assert.Throws<ArgumentException>(() => Procrustes.Align(new float[6], new float[9]));
        Assert.Throws<ArgumentException>(() => Procrustes.Align(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Svd3x3_reconstructs_the_matrix_with_orthogonal_factors(int rankDeficit)
    {
        var rng = new Random(10 + rankDeficit);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            if (rankDeficit >= 1)
            {
                for (int i = 0; i < 3; i++)
                {
                    a[3 * i + 2] = 0.5 * a[3 * i] - 2 * a[3 * i + 1];
                }
            }
            if (rankDeficit >= 2)
            {
                for (int i = 0; i < 3; i++)
                {
                    a[3 * i + 1] = -3 * a[3 * i];
                    a[3 * i + 2] = 0.25 * a[3 * i];
                }
            }
            var u = new double[9];
            var s = new double[3];
            var v = new double[9];
            Svd3x3.Decompose(a, u, s, v);
            Assert.True(s[0] >= s[1] && s[1] >= s[2] && s[2] >= 0);
            for (int k = 3 - rankDeficit; k < 3; k++)
            {
                Assert.True(s[k] < 1e-14, $"σ{k} = {s[k]}");
            }
            AssertOrthogonal(u);
            AssertOrthogonal(v);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double r = u[3 * i] * s[0] * v[3 * j] + u[3 * i + 1] * s[1] * v[3 * j + 1] + u[3 * i + 2] * s[2] * v[3 * j + 2];
                    Assert.True(Math.Abs(r - a[3 * i + j]) < 1e-13, $"({i},{j}): {r} vs {a[3 * i + j]}");
                }
            }
        }
    }

    private static void AssertOrthogonal(double[] m)
    {
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double dot = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) < 1e-13, $"columns {i},{j}: {dot}");
            }
        }
    }
}
