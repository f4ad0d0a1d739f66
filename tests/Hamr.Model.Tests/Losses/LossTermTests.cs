using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Losses;

/// <summary>Each loss term: zero at its ground truth, and a gradient that reaches the network's first convolution.</summary>
public sealed class LossTermTests
{
    private static (HamrNetwork Net, HamrOutput Output, HamrTargets Random) Setup(int batch = 2)
    {
        var net = Tiny.Network(stacks: 2);
        var output = net.Run(Tiny.Images(batch));
        var (targets, _, _, _) = TargetFactory.Random(Tiny.Hand, batch, 11);
        return (net, output, targets);
    }

    private static void AssertReaches(HamrNetwork net, Tensor loss)
    {
        Assert.True(loss.Item() > 0, $"loss {loss.Item()} should be positive away from the ground truth");
        net.ZeroGrad();
        loss.Backward();
        Assert.True(Tiny.GradientReachesFirstConv(net), "no gradient at the first convolution");
    }

    [Fact]
    public void Heatmap_loss_is_zero_at_its_target_and_reaches_the_first_conv()
    {
        var (net, output, targets) = Setup();
        var own = output.Heatmaps[^1].Detach();
        Assert.Equal(0f, KeypointLosses.Heatmap(output.Heatmaps[^1], own).Item());
        var gt = GaussianHeatmaps.FromNormalized(targets.Keypoints2D!, null, 8, 1f);
        AssertReaches(net, KeypointLosses.Heatmap(output.Heatmaps, gt));
    }

    [Fact]
    public void Heatmap_keypoint_term_is_zero_at_its_soft_argmax_and_reaches_the_first_conv()
    {
        var (net, output, targets) = Setup();
        var own = CropCoordinates.HeatmapKeypoints(output.Heatmaps[^1]).Detach();
        Assert.Equal(0f, KeypointLosses.KeypointsL1(CropCoordinates.HeatmapKeypoints(output.Heatmaps[^1]), own).Item());
        // L1: each coordinate's absolute error, summed over x and y, averaged over visible keypoints.
        var shifted = own.Clone();
        shifted[0, 3, 0] += 0.5f;
        shifted[1, 6, 1] -= 0.25f;
        var visibility = Tensor.Ones(2, 21);
        visibility[1, 6] = 0;
        Assert.Equal(0.5f / 41, KeypointLosses.KeypointsL1(own, shifted, visibility).Item(), 1e-6f);
        var loss = new HamrLoss(Tiny.Hand, new LossWeights { HeatmapKeypoints = 1, Heatmap = 0, Keypoints2D = 0, Keypoints3D = 0, Geometry = 0, Camera = 0, Segmentation = 0 })
            .Compute(output, targets);
        Assert.True(loss.HeatmapKeypoints > 0);
        AssertReaches(net, loss.Total);
    }

    [Fact]
    public void Heatmap_loss_ignores_the_maps_of_invisible_keypoints()
    {
        var predicted = Tensor.RandN(new TensorRandom(1), 2, 21, 8, 8);
        var target = Tensor.RandN(new TensorRandom(2), 2, 21, 8, 8);
        var visibility = Tensor.Ones(2, 21);
        visibility[1, 4] = 0;
        float before = KeypointLosses.Heatmap(predicted, target, visibility).Item();
        predicted[1, 4, 3, 3] += 100f;
        Assert.Equal(before, KeypointLosses.Heatmap(predicted, target, visibility).Item());
        predicted[1, 5, 3, 3] += 100f;
        Assert.NotEqual(before, KeypointLosses.Heatmap(predicted, target, visibility).Item());
    }

    [Fact]
    public void Keypoint_losses_are_zero_at_ground_truth_skip_invisible_points_and_reach_the_first_conv()
    {
        var (net, output, targets) = Setup();
        var final = output.Final;
        Assert.Equal(0f, KeypointLosses.Keypoints2D(final.Keypoints2D, final.Keypoints2D.Detach()).Item());
        Assert.Equal(0f, KeypointLosses.Keypoints3D(final.Keypoints3D, final.Keypoints3D.Detach()).Item());
        // A wrong label on an invisible keypoint costs nothing.
        var shifted = final.Keypoints2D.Detach().Clone();
        shifted[0, 7, 0] += 1f;
        var visibility = Tensor.Ones(2, 21);
        visibility[0, 7] = 0;
        Assert.Equal(0f, KeypointLosses.Keypoints2D(final.Keypoints2D, shifted, visibility).Item());
        Assert.True(KeypointLosses.Keypoints2D(final.Keypoints2D, shifted).Item() > 0);
        AssertReaches(net, KeypointLosses.Keypoints2D(final.Keypoints2D, targets.Keypoints2D!, targets.Visibility));
        var (net3, output3, targets3) = Setup();
        AssertReaches(net3, KeypointLosses.Keypoints3D(output3.Keypoints3D, targets3.Keypoints3D!));
    }

    [Fact]
    public void Camera_loss_is_zero_at_ground_truth_and_reaches_the_first_conv()
    {
        var (net, output, targets) = Setup();
        Assert.Equal(0f, CameraFit.Loss(output.Final.Camera, output.Final.Camera.Detach()).Item());
        AssertReaches(net, CameraFit.Loss(output.Final.Camera, targets.Camera!));
    }

    [Fact]
    public void Silhouette_loss_is_zero_for_its_own_mask_and_reaches_the_first_conv()
    {
        var (net, output, targets) = Setup();
        var faces = Tiny.Hand.Faces;
        var silhouette = SilhouetteLoss.Render(output.Vertices, output.Final.Camera, faces, 32, 0.05f);
        Assert.True(silhouette.Mean().Item() > 0.02f, "the initial hand should cover part of the crop");
        Assert.Equal(0f, SilhouetteLoss.Loss(silhouette, silhouette.Detach()).Item());
        AssertReaches(net, SilhouetteLoss.Loss(silhouette, targets.Masks!));
    }

    [Fact]
    public void Shape_prior_is_zero_at_zero_shape_and_reaches_the_first_conv()
    {
        Assert.Equal(0f, GeometryLoss.ShapePrior(Tensor.Zeros(3, 10)).Item());
        Assert.Equal(14f, GeometryLoss.ShapePrior(Tensor.FromArray([1f, 2f, 0, 0, 0, 0, 0, 0, 0, 3f], 1, 10)).Item());
        var (net, output, _) = Setup();
        AssertReaches(net, GeometryLoss.ShapePrior(output.Final.Beta));
    }
}
