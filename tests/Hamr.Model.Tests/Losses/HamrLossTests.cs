using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Losses;

public sealed class HamrLossTests
{
    /// <summary>Labels equal to the network's own (detached) predictions: every supervised term is then exactly 0.</summary>
    private static HamrTargets OwnTargets(HamrOutput output, int silhouetteSize, float sigma) => new()
    {
        Keypoints2D = output.Keypoints2D.Detach(),
        Keypoints3D = output.Keypoints3D.Detach(),
        Heatmaps = output.Heatmaps[^1].Detach(),
        Camera = output.Final.Camera.Detach(),
        Masks = SilhouetteLoss.Render(output.Vertices, output.Final.Camera, Tiny.Hand.Faces, silhouetteSize, sigma).Detach(),
    };

    [Fact]
    public void Total_is_zero_at_ground_truth_when_only_the_supervised_terms_count()
    {
        var weights = new LossWeights { Geometry = 0, IterationWeights = [0, 0, 1] };
        var net = Tiny.Network(stacks: 1);
        var output = net.Run(Tiny.Images(2));
        var loss = new HamrLoss(Tiny.Hand, weights).Compute(output, OwnTargets(output, weights.SilhouetteSize, weights.SilhouetteSigma));
        Assert.Equal(0f, loss.Total.Item());
    }

    [Fact]
    public void Total_is_the_weighted_sum_of_the_reported_terms_and_reaches_the_first_conv()
    {
        var weights = new LossWeights { IterationWeights = [0.5f, 1f, 2f], ShapePrior = 3f, JointLimits = 5f, HeatmapKeypoints = 7f };
        var net = Tiny.Network(stacks: 2);
        var output = net.Run(Tiny.Images(2));
        var (targets, _, _, _) = TargetFactory.Random(Tiny.Hand, 2, 41);
        var loss = new HamrLoss(Tiny.Hand, weights).Compute(output, targets);
        float expected = weights.Heatmap * loss.Heatmap + weights.Keypoints2D * loss.Keypoints2D + weights.Keypoints3D * loss.Keypoints3D
            + weights.Geometry * (weights.JointLimits * loss.JointLimits + weights.FlexionPlane * loss.FlexionPlane + weights.ShapePrior * loss.ShapePrior)
            + weights.Camera * loss.Camera + weights.Segmentation * loss.Segmentation + weights.HeatmapKeypoints * loss.HeatmapKeypoints;
        Assert.Equal(expected, loss.Total.Item(), expected * 1e-5f);
        Assert.All(new[] { loss.Heatmap, loss.HeatmapKeypoints, loss.Keypoints2D, loss.Keypoints3D, loss.Camera, loss.Segmentation, loss.ShapePrior }, v => Assert.True(v > 0));
        Assert.Equal(10, loss.ToDictionary().Count);
        net.ZeroGrad();
        loss.Total.Backward();
        Assert.True(Tiny.GradientReachesFirstConv(net));
    }

    [Fact]
    public void Deep_supervision_sums_iterations_with_their_weights()
    {
        var net = Tiny.Network();
        var output = net.Run(Tiny.Images(2));
        var (targets, _, _, _) = TargetFactory.Random(Tiny.Hand, 2, 42);
        float[] perIteration = output.Iterations.Select(i => KeypointLosses.Keypoints3D(i.Keypoints3D, targets.Keypoints3D!).Item()).ToArray();
        Assert.NotEqual(perIteration[0], perIteration[2]);
        var only = new HamrLoss(Tiny.Hand, new LossWeights { IterationWeights = [0, 0, 1] }).Compute(output, targets);
        Assert.Equal(perIteration[2], only.Keypoints3D, 1e-9f);
        var equal = new HamrLoss(Tiny.Hand).Compute(output, targets);
        Assert.Equal(perIteration.Sum(), equal.Keypoints3D, 1e-8f);
        var e = Assert.Throws<ArgumentException>(() => new HamrLoss(Tiny.Hand, new LossWeights { IterationWeights = [1, 1] }).Compute(output, targets));
        Assert.Contains("2 iteration weights", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_labels_skip_their_terms_and_the_camera_is_fitted_when_absent()
    {
        var net = Tiny.Network();
        var output = net.Run(Tiny.Images(2));
        var (targets, _, _, _) = TargetFactory.Random(Tiny.Hand, 2, 43);
        var loss = new HamrLoss(Tiny.Hand);
        var withCamera = loss.Compute(output, targets);
        var fitted = loss.Compute(output, targets with { Camera = null, Masks = null });
        Assert.Equal(0f, fitted.Segmentation);
        Assert.Equal(withCamera.Camera, fitted.Camera, withCamera.Camera * 1e-3f);
        var only2D = loss.Compute(output, new HamrTargets { Keypoints2D = targets.Keypoints2D });
        Assert.Equal(0f, only2D.Keypoints3D);
        Assert.Equal(0f, only2D.Camera);
        Assert.True(only2D.Heatmap > 0 && only2D.Keypoints2D > 0);
    }

    [Fact]
    public void Loss_weights_round_trip_through_json_and_refuse_bad_values()
    {
        var weights = new LossWeights { Segmentation = 0.5f, IterationWeights = [0.2f, 0.3f, 0.5f], HeatmapSigma = 2f };
        Assert.Equal(weights, LossWeights.FromJson(weights.ToJson()));
        Assert.Equal(new LossWeights(), LossWeights.FromJson("{}"));
        Assert.Throws<ArgumentException>(() => (weights with { Camera = -1 }).Validate());
        Assert.Throws<ArgumentException>(() => (weights with { HeatmapSigma = 0 }).Validate());
        var e = Assert.Throws<ArgumentException>(() => LossWeights.FromJson("[", "weights.json"));
        Assert.Contains("weights.json", e.Message, StringComparison.Ordinal);
    }
}
