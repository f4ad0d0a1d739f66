using Hamr.Tensors;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Geometry.Tests;

public sealed class WeakPerspectiveTests
{
    [Fact]
    public void Project_scales_the_shifted_xy_and_drops_z()
    {
        var p = new float[2];
        WeakPerspective.Project([0.5f, 0.25f, 9f], new WeakPerspectiveCamera(2f, 1f, -1f), p);
        Assert.Equal([3f, -1.5f], p);
    }

    [Fact]
    public void Project_tensor_agrees_with_spans_and_differentiates_in_points_and_camera()
    {
        var points = (Tensor.RandUniform(new TensorRandom(1), -1f, 1f, 2, 5, 3)).RequireGrad();
        var cameras = Tensor.FromArray([1.5f, 0.1f, -0.2f, 0.8f, -0.3f, 0.4f], 2, 3).RequireGrad();
        var projected = WeakPerspective.Project(points, cameras).ToArray();
        var expected = new float[20];
        var pts = points.ToArray();
        for (int b = 0; b < 2; b++)
        {
            var cam = new WeakPerspectiveCamera(cameras[b, 0], cameras[b, 1], cameras[b, 2]);
            WeakPerspective.Project(pts.AsSpan(15 * b, 15), cam, expected.AsSpan(10 * b, 10));
        }
        Assert.Equal(expected, projected);
        GradCheck.AgainstReference(
            x => WeakPerspective.Project(x[0], x[1]),
            v =>
            {
                var r = new double[20];
                for (int b = 0; b < 2; b++)
                {
                    for (int i = 0; i < 5; i++)
                    {
                        for (int c = 0; c < 2; c++)
                        {
                            r[10 * b + 2 * i + c] = v[1][3 * b] * (v[0][15 * b + 3 * i + c] + v[1][3 * b + 1 + c]);
                        }
                    }
                }
                return r;
            },
            [points, cameras]);
    }

    [Fact]
    public void Fit_recovers_the_camera_that_made_the_projections()
    {
        var points = Tensor.RandUniform(new TensorRandom(2), -0.1f, 0.1f, 21, 3).ToArray();
        var camera = new WeakPerspectiveCamera(640f, 0.05f, -0.02f);
        var projected = new float[42];
        WeakPerspective.Project(points, camera, projected);
        var fit = WeakPerspective.Fit(points, projected);
        Assert.Equal(camera.Scale, fit.Scale, 2);
        Assert.Equal(camera.Tx, fit.Tx, 5);
        Assert.Equal(camera.Ty, fit.Ty, 5);
    }

    [Fact]
    public void Fit_ignores_points_of_zero_weight()
    {
        var points = Tensor.RandUniform(new TensorRandom(3), -0.1f, 0.1f, 6, 3).ToArray();
        var camera = new WeakPerspectiveCamera(2f, 0.5f, 0.25f);
        var projected = new float[12];
        WeakPerspective.Project(points, camera, projected);
        projected[0] += 100f;                           // an outlier, invisible
        var fit = WeakPerspective.Fit(points, projected, [0f, 1f, 1f, 1f, 1f, 1f]);
        Assert.Equal(2f, fit.Scale, 4);
        Assert.Equal(0.5f, fit.Tx, 4);
        Assert.Equal(0.25f, fit.Ty, 4);
    }

    [Fact]
    public void Fit_rejects_points_without_spread()
    {
        Assert.Throws<ArgumentException>(() => WeakPerspective.Fit([1f, 1f, 0f, 1f, 1f, 5f], [0f, 0f, 1f, 1f]));
        Assert.Throws<ArgumentException>(() => WeakPerspective.Fit(new float[6], new float[3]));
    }
}
