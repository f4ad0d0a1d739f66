using Hamr.Model.Losses;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Optim;

namespace Hamr.Model.Tests.Network;

public sealed class OverfitTests
{
    [Fact]
    public void A_tiny_network_fits_two_fixed_hands_with_Adam()
    {
        // End to end: noise images → hourglass → regressor → hand layer → keypoints, 2 random hands as targets. If any
        // link (gradients, decoding, projection, the optimiser's view of the parameters) is broken, the errors stay put.
        var net = Tiny.Network(stacks: 1);
        var images = Tiny.Images(2, 7);
        var (targets, _, _, _) = TargetFactory.Random(Tiny.Hand, 2, 51);
        var loss = new HamrLoss(Tiny.Hand, new LossWeights { Heatmap = 0.1f, Segmentation = 0, Geometry = 0, Camera = 0.1f });
        var adam = new Adam(net.Parameters(), lr: 3e-3);
        float first2D = 0, first3D = 0, last2D = 0, last3D = 0;
        for (int step = 0; step < 100; step++)
        {
            using var scope = TensorScope.Begin();
            var output = net.Run(images);
            var l = loss.Compute(output, targets);
            float final2D = KeypointLosses.Keypoints2D(output.Keypoints2D, targets.Keypoints2D!).Item();
            float final3D = KeypointLosses.Keypoints3D(output.Keypoints3D, targets.Keypoints3D!).Item();
            if (step == 0)
            {
                (first2D, first3D) = (final2D, final3D);
            }
            (last2D, last3D) = (final2D, final3D);
            net.ZeroGrad();
            l.Total.Backward();
            adam.Step();
        }
        Assert.True(last2D < first2D / 10, $"L2D {first2D} → {last2D}");
        Assert.True(last3D < first3D / 10, $"L3D {first3D} → {last3D}");
    }
}
