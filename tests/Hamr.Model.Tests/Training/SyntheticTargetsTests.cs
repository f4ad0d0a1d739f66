using Hamr.Data.Synthetic;
using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Model.Training;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Training;

/// <summary>The synthetic data and the losses agree on every convention: the ground truth itself scores (near) zero.</summary>
public sealed class SyntheticTargetsTests
{
    [Fact]
    public void Ground_truth_parameters_of_mirrored_synthetic_batches_score_near_zero_on_every_loss()
    {
        const int B = 8, S = 64;
        var source = new SyntheticBatchSource(new SyntheticOptions { Seed = 31, Size = S, Supersample = 1, OccluderProbability = 0 }, B, workers: 1);
        var batch = source.CreateBatch();
        source.Fill(0, batch);
        Assert.True(batch.MirrorLeftToRight() > 0);
        var targets = Trainer.Targets(batch);

        // Θ = [camera | axis-angle pose | β] of the ground truth, decoded by the network's own hand layer path.
        var config = Support.Tiny.Config(pose: PoseRepresentation.AxisAngle) with { InputSize = S };
        var net = new HamrNetwork(config, Support.Tiny.Hand);
        var theta = Tensor.Concat([batch.Cameras, batch.Theta.Reshape(B, 48), batch.Beta], 1);
        var heatmaps = GaussianHeatmaps.FromNormalized(targets.Keypoints2D!, targets.Visibility, S / 4, 1f);
        var output = new HamrOutput([heatmaps], net.Decode([theta]));

        // Root-relative 3D: exact.
        var p3 = output.Keypoints3D.ToArray();
        var t3 = targets.Keypoints3D!.ToArray();
        for (int i = 0; i < p3.Length; i++)
        {
            Assert.Equal(t3[i], p3[i], 2e-5f);
        }

        var loss = new HamrLoss(Support.Tiny.Hand, new LossWeights()).Compute(output, targets);
        var terms = loss.ToDictionary();
        Console.WriteLine(string.Join(", ", terms.Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.Equal(0, terms["heatmap"], 1e-6);
        Assert.Equal(0, terms["cam"], 1e-6);
        Assert.InRange(terms["kp3d"], 0, 1e-9);
        // Weak perspective vs the true perspective: a few hundredths of the crop at most.
        Assert.InRange(terms["kp2d"], 0, 0.01);
        Assert.InRange(terms["seg"], 0, 0.06);
        Assert.InRange(terms["limits"], 0, 0.05);
        Assert.InRange(terms["plane"], 0, 1e-4);
        Assert.InRange(terms["shape"], 0, 30);
    }
}
