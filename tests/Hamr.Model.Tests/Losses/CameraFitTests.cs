using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Losses;

public sealed class CameraFitTests
{
    [Fact]
    public void Fit_recovers_the_camera_that_projected_the_labels()
    {
        var (targets, _, _, cameras) = TargetFactory.Random(Tiny.Hand, 5, 31);
        var fitted = CameraFit.Fit(targets.Keypoints3D!, targets.Keypoints2D!).ToArray();
        for (int i = 0; i < cameras.Length; i++)
        {
            Assert.Equal(cameras[i], fitted[i], 1e-4f * (i % 3 == 0 ? 10 : 1));
        }
    }

    [Fact]
    public void Fit_takes_camera_space_3D_and_pixel_2D_in_the_same_convention()
    {
        var (targets, _, _, cameras) = TargetFactory.Random(Tiny.Hand, 3, 32);
        // Camera-space joints: the root-relative ones moved 40 cm forward and off-axis; the wrist is subtracted again.
        var cameraSpace = targets.Keypoints3D! + Tensor.FromArray([0.05f, -0.03f, 0.4f], 1, 1, 3);
        var pixels = CropCoordinates.ToPixels(targets.Keypoints2D!, 128);
        var fitted = CameraFit.FitPixels(cameraSpace, pixels, 128).ToArray();
        for (int i = 0; i < cameras.Length; i++)
        {
            Assert.Equal(cameras[i], fitted[i], 1e-3f);
        }
    }

    [Fact]
    public void Zero_weights_leave_out_bad_labels()
    {
        var (targets, _, _, cameras) = TargetFactory.Random(Tiny.Hand, 2, 33);
        var corrupted = targets.Keypoints2D!.Clone();
        corrupted[1, 12, 0] += 0.7f;
        var weights = Tensor.Ones(2, 21);
        weights[1, 12] = 0;
        var fitted = CameraFit.Fit(targets.Keypoints3D!, corrupted, weights).ToArray();
        Assert.Equal(cameras[3], fitted[3], 1e-3f);
        Assert.Equal(cameras[4], fitted[4], 1e-4f);
        Assert.NotEqual(cameras[4], CameraFit.Fit(targets.Keypoints3D!, corrupted).ToArray()[4], 1e-3f);
    }

    [Fact]
    public void Degenerate_samples_are_refused_naming_the_sample()
    {
        var points = Tensor.RandN(new TensorRandom(1), 2, 21, 3);
        var flat = points.Clone();
        for (int q = 0; q < 21; q++)
        {
            flat[1, q, 0] = 0;
            flat[1, q, 1] = 0;
        }
        var e = Assert.Throws<ArgumentException>(() => CameraFit.Fit(flat, Tensor.RandN(new TensorRandom(2), 2, 21, 2)));
        Assert.Contains("sample 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CameraFit.Fit(points, Tensor.Zeros(2, 20, 2)));
    }
}
