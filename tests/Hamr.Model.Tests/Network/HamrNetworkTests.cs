using Hamr.Geometry;
using Hamr.HandModel.Priors;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Io;

namespace Hamr.Model.Tests.Network;

public sealed class HamrNetworkTests
{
    [Fact]
    public void Run_gives_heatmaps_per_stack_and_every_iteration_in_the_documented_shapes()
    {
        var net = Tiny.Network(stacks: 2);
        var output = net.Run(Tiny.Images(2));
        int v = Tiny.Hand.VertexCount;
        Assert.Equal(2, output.Heatmaps.Count);
        Assert.All(output.Heatmaps, h => Assert.Equal([2, 21, 8, 8], h.GetShape()));
        Assert.Equal(3, output.Iterations.Count);
        foreach (var it in output.Iterations)
        {
            Assert.Equal([2, net.Config.ThetaSize], it.Theta.GetShape());
            Assert.Equal([2, 3], it.Camera.GetShape());
            Assert.Equal([2, 16, 3, 3], it.PoseMatrices.GetShape());
            Assert.Equal([2, 16, 3], it.PoseAxisAngle.GetShape());
            Assert.Equal([2, 10], it.Beta.GetShape());
            Assert.Equal([2, v, 3], it.Vertices.GetShape());
            Assert.Equal([2, 21, 3], it.Keypoints3D.GetShape());
            Assert.Equal([2, 21, 2], it.Keypoints2D.GetShape());
            Assert.Equal([2, 16, 3, 3], it.GlobalRotations.GetShape());
        }
        Assert.Equal([2, 21, 2], output.HeatmapKeypoints2D().GetShape());
        Assert.Equal(3 + 16 * 6 + 10, net.Config.ThetaSize);
    }

    [Fact]
    public void Keypoints_are_root_relative_and_projected_by_the_weak_perspective_camera()
    {
        var output = Tiny.Network().Run(Tiny.Images(2));
        var final = output.Final;
        var k3 = final.Keypoints3D.ToArray();
        var k2 = final.Keypoints2D.ToArray();
        var cam = final.Camera.ToArray();
        for (int b = 0; b < 2; b++)
        {
            Assert.Equal(0f, k3[b * 63], 6);
            Assert.Equal(0f, k3[b * 63 + 1], 6);
            Assert.Equal(0f, k3[b * 63 + 2], 6);
            for (int q = 0; q < 21; q++)
            {
                float s = cam[3 * b], tx = cam[3 * b + 1], ty = cam[3 * b + 2];
                Assert.Equal(s * (k3[b * 63 + 3 * q] + tx), k2[b * 42 + 2 * q], 5);
                Assert.Equal(s * (k3[b * 63 + 3 * q + 1] + ty), k2[b * 42 + 2 * q + 1], 5);
            }
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_outputs_and_another_seed_does_not()
    {
        var images = Tiny.Images(2);
        var a = Tiny.Network(seed: 3).Run(images).Final.Keypoints2D.ToArray();
        var b = Tiny.Network(seed: 3).Run(images).Final.Keypoints2D.ToArray();
        var c = Tiny.Network(seed: 4).Run(images).Final.Keypoints2D.ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void State_dict_round_trips_through_safetensors_with_stable_names()
    {
        var source = Tiny.Network(seed: 3);
        var keys = source.StateDict().Keys.ToHashSet();
        Assert.Contains("hourglass.stem_conv.weight", keys);
        Assert.Contains("hourglass.stacks.0.hourglass.low2.low2.conv2.weight", keys);
        Assert.Contains("hourglass.stacks.0.heatmaps.bias", keys);
        Assert.Contains("regressor.encoder_convs.1.weight", keys);
        Assert.Contains("regressor.fc.1.weight", keys);
        Assert.Contains("regressor.mean_theta", keys);
        Assert.Contains("hourglass.stem_bn.running_var", keys);
        // A training step changes the running statistics too: the file must carry buffers as well as weights.
        source.Run(Tiny.Images(2, 9));
        source.Eval();
        var images = Tiny.Images(2);
        var expected = source.Run(images).Final.Vertices.ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"hamr-net-{Guid.NewGuid():N}.safetensors");
        try
        {
            source.Save(path, new Dictionary<string, string> { ["config"] = source.Config.ToJson() });
            var file = SafetensorsFile.Read(path);
            var config = HamrConfig.FromJson(file.Metadata!["config"], path);
            var copy = new HamrNetwork(config with { Seed = 99 }, Tiny.Hand);
            copy.Load(path);
            copy.Eval();
            Assert.Equal(expected, copy.Run(images).Final.Vertices.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Iterations_start_from_the_mean_parameters_the_relaxed_pose_and_zero_shape()
    {
        foreach (var representation in new[] { PoseRepresentation.SixD, PoseRepresentation.AxisAngle })
        {
            var net = Tiny.Network(pose: representation);
            var mean = net.Regressor.MeanTheta.Unsqueeze(0);
            var decoded = net.Decode([mean])[0];
            var relaxed = new PoseSampler(new JointLimits(Tiny.Hand), 0).Named(NamedPose.Relaxed);
            var aa = decoded.PoseAxisAngle.ToArray();
            for (int i = 0; i < relaxed.Length; i++)
            {
                Assert.Equal(relaxed[i], aa[i], 4);
            }
            Assert.All(decoded.Beta.ToArray(), b => Assert.Equal(0f, b));
            Assert.Equal([net.Config.MeanCameraScale, 0f, 0f], decoded.Camera.ToArray());
            // The scaled-down output layer keeps the first prediction near the mean.
            var first = net.Run(Tiny.Images(2)).Iterations[0].Theta;
            float maxStep = (first - mean).Abs().ToArray().Max();
            Assert.InRange(maxStep, 1e-7f, 0.05f);
        }
    }

    [Fact]
    public void Axis_angle_configuration_decodes_matrices_by_Rodrigues()
    {
        var net = Tiny.Network(pose: PoseRepresentation.AxisAngle);
        Assert.Equal(3 + 48 + 10, net.Config.ThetaSize);
        var final = net.Run(Tiny.Images(1)).Final;
        var expected = Rotations.AxisAngleToMatrix(final.PoseAxisAngle).ToArray();
        Assert.Equal(expected, final.PoseMatrices.ToArray());
    }

    [Fact]
    public void Wrong_input_size_is_refused_with_the_expected_shape()
    {
        var net = Tiny.Network();
        var e = Assert.Throws<ArgumentException>(() => net.Run(Tensor.Zeros(1, 3, 64, 64)));
        Assert.Contains("[B, 3, 32, 32]", e.Message, StringComparison.Ordinal);
    }
}
