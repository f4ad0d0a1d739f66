using Hamr.HandModel;
using Hamr.HandModel.Export;
using Hamr.Imaging;
using Hamr.Imaging.Transforms;
using Hamr.Model.Inference;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;

namespace Hamr.Model.Tests.Inference;

/// <summary>HamrPredictor on a tiny random network: shapes, sides, cameras and the hand layer agree.</summary>
public sealed class HamrPredictorTests
{
    private static readonly Lazy<HamrPredictor> s_predictor = new(() => new HamrPredictor(Tiny.Network(seed: 3)));

    private static HamrPredictor Predictor => s_predictor.Value;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Outputs_are_finite_and_shaped(bool left, bool withBox)
    {
        var image = Examples.Right();
        HandBox? box = withBox ? new HandBox(40, 20, 150, 200) : null;
        var r = Predictor.Predict(image, box, left);
        int v = Tiny.Hand.VertexCount;
        Assert.Equal(left ? Handedness.Left : Handedness.Right, r.Side);
        Assert.Equal(left ? Handedness.Left : Handedness.Right, r.Model.Side);
        Assert.Equal(42, r.Keypoints2DPx.Length);
        Assert.Equal(42, r.HeatmapKeypoints2DPx.Length);
        Assert.Equal(63, r.Keypoints3D.Length);
        Assert.Equal(48, r.Joints3D.Length);
        Assert.Equal(3 * v, r.Vertices.Length);
        Assert.Equal(10, r.Beta.Length);
        Assert.Equal(48, r.Theta.Length);
        Assert.Equal(3, r.Translation.Length);
        foreach (var values in new[] { r.Keypoints2DPx, r.HeatmapKeypoints2DPx, r.Keypoints3D, r.Joints3D, r.Vertices, r.Beta, r.Theta, r.Translation })
        {
            Assert.All(values, x => Assert.True(float.IsFinite(x)));
        }

        Assert.Equal([0f, 0f, 0f], r.Keypoints3D[..3]);                                  // root-relative
        Assert.Equal(box ?? HandBox.Whole(256, 256), r.Crop.Box);
        Assert.Equal((256, 256), (r.Crop.ImageWidth, r.Crop.ImageHeight));
        Assert.True(r.Camera.Scale > 0);
        var timings = Predictor.LastTimings;
        Assert.True(timings.Network > TimeSpan.Zero);
    }

    [Fact]
    public void A_left_hand_is_the_mirror_of_the_right_hand_in_the_mirrored_image()
    {
        // A box whose square is an exact 2× of the 32-px input, so the crop of the mirrored image mirrored back is
        // bit-identical to the right crop and the network sees the same input.
        var image = Examples.Noise(80, 64, 11);
        var mirrored = ImageTransforms.FlipHorizontal(image);
        var right = Predictor.Predict(image, new HandBox(6, 0, 64, 60), left: false);
        var left = Predictor.Predict(mirrored, new HandBox(80 - 6 - 64, 0, 64, 60), left: true);
        for (int k = 0; k < 21; k++)
        {
            Assert.Equal(80 - right.Keypoints2DPx[2 * k], left.Keypoints2DPx[2 * k], 1e-3f);
            Assert.Equal(right.Keypoints2DPx[(2 * k) + 1], left.Keypoints2DPx[(2 * k) + 1], 1e-3f);
            Assert.Equal(80 - right.HeatmapKeypoints2DPx[2 * k], left.HeatmapKeypoints2DPx[2 * k], 1e-3f);
        }

        AssertMirrored(right.Keypoints3D, left.Keypoints3D);
        AssertMirrored(right.Joints3D, left.Joints3D);
        AssertMirrored(right.Vertices, left.Vertices);
        var theta = (float[])right.Theta.Clone();
        HandModelMirror.MirrorPose(theta);
        Assert.Equal(theta, left.Theta);
        Assert.Equal(right.Beta, left.Beta);
        Assert.Equal(right.Camera with { Tx = -right.Camera.Tx }, left.Camera);
        Assert.Equal(right.Model.Faces.Length, left.Model.Faces.Length);
        Assert.NotEqual(right.Model.Faces, left.Model.Faces); // the left model's winding
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_cameras_project_the_3d_keypoints_onto_the_2d_keypoints(bool left)
    {
        var image = Examples.Left();
        var r = Predictor.Predict(image, new HandBox(30.5f, 12, 170, 140), left);
        var normalized = new float[42];
        r.Crop.SourceToNormalized(r.Keypoints2DPx, normalized);
        float[] unmirrored = (float[])normalized.Clone();
        if (left)
        {
            // SourceToNormalized gives the mirrored crop's coordinates; the camera is for the unmirrored crop.
            for (int i = 0; i < 42; i += 2)
            {
                unmirrored[i] = -unmirrored[i];
            }
        }

        for (int k = 0; k < 21; k++)
        {
            float x = r.Keypoints3D[3 * k], y = r.Keypoints3D[(3 * k) + 1];
            Assert.Equal(r.Keypoints2DPx[2 * k], r.CameraPx.Scale * (x + r.CameraPx.Tx), 2e-2f);
            Assert.Equal(r.Keypoints2DPx[(2 * k) + 1], r.CameraPx.Scale * (y + r.CameraPx.Ty), 2e-2f);
            Assert.Equal(unmirrored[2 * k], r.Camera.Scale * (x + r.Camera.Tx), 1e-4f);
            Assert.Equal(unmirrored[(2 * k) + 1], r.Camera.Scale * (y + r.Camera.Ty), 1e-4f);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_plain_hand_layer_reproduces_the_network_mesh_and_keypoints(bool left)
    {
        var r = Predictor.Predict(Examples.Right(), null, left);
        var model = left ? OpenHandModelLeft.Value : Tiny.Hand;
        var layer = new HandLayer(model);
        var output = layer.CreateOutput(1);
        layer.Forward(r.Beta, r.Theta, r.Translation, output);
        AssertClose(output.Vertices, r.Vertices, 1e-5f);
        AssertClose(output.Keypoints, r.Keypoints3D, 1e-5f);
        AssertClose(output.Joints, r.Joints3D, 1e-5f);
        Assert.Equal(model.Faces, r.Model.Faces);
    }

    [Fact]
    public void A_batch_gives_the_results_of_single_predictions()
    {
        var a = Examples.Right();
        var b = Examples.Noise(50, 70, 5, channels: 4);
        var batch = Predictor.Predict([new HamrInput(a, new HandBox(10, 10, 200, 180)), new HamrInput(b, null, Left: true)]);
        var single = new[] { Predictor.Predict(a, new HandBox(10, 10, 200, 180)), Predictor.Predict(b, null, true) };
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(single[i].Side, batch[i].Side);
            AssertClose(single[i].Keypoints2DPx, batch[i].Keypoints2DPx, 1e-3f);
            AssertClose(single[i].Vertices, batch[i].Vertices, 1e-6f);
            AssertClose(single[i].Theta, batch[i].Theta, 1e-5f);
        }

        Assert.Empty(Predictor.Predict([]));
    }

    [Fact]
    public void The_result_as_a_hand_result_round_trips_through_json()
    {
        var r = Predictor.Predict(Examples.Right(), new HandBox(20, 30, 100, 150), left: true);
        var source = new HandResultSource("hamr", "tiny", "tiny.safetensors", 12);
        var json = HandResultJson.ToJson(r.ToHandResult(source, "example-hand.png"));
        var read = HandResultJson.Parse(json);
        Assert.Equal(Handedness.Left, read.Side);
        Assert.Equal(r.Keypoints2DPx, read.Keypoints2D);
        Assert.Equal(r.HeatmapKeypoints2DPx, read.HeatmapKeypoints2D);
        Assert.Equal(r.Keypoints3D, read.Keypoints3D);
        Assert.Equal(r.Joints3D, read.Joints3D);
        Assert.Equal(r.Beta, read.Beta);
        Assert.Equal(r.Theta, read.Theta);
        Assert.Equal(r.Camera, read.Camera);
        Assert.Equal(r.CameraPx, read.CameraPx);
        Assert.Equal(source, read.Source);
        Assert.Equal(new HandResultImage("example-hand.png", 256, 256), read.Image);
        Assert.Equal([20f, 30f, 100f, 150f], read.BoxPx!);
        Assert.Equal([-5f, 30f, 150f, 150f], read.CropPx!);
        Assert.Equal(r.Model.VertexCount, read.VertexCount);
    }

    [Fact]
    public void Weights_files_load_into_a_predictor_that_predicts_as_the_network_does()
    {
        var folder = Directory.CreateTempSubdirectory("hamr-predictor-").FullName;
        try
        {
            string path = Path.Combine(folder, "tiny.safetensors");
            HamrWeights.Save(Tiny.Network(seed: 3), path, new Dictionary<string, string> { [HamrWeights.StepKey] = "42" });
            var loaded = HamrPredictor.Load(path);
            Assert.Equal(new HandResultSource("hamr", "tiny", "tiny.safetensors", 42), loaded.Source);
            var image = Examples.Right();
            AssertClose(Predictor.Predict(image).Keypoints2DPx, loaded.Predict(image).Keypoints2DPx, 1e-4f);
            Assert.False(loaded.Network.IsTraining);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_hamr_s_network_predicts_the_example_hand_at_its_128_px_input()
    {
        var predictor = new HamrPredictor(new HamrNetwork(HamrConfigs.Get("hamr-s"), Tiny.Hand));
        var r = predictor.Predict(Examples.Right());
        Assert.Equal(128, predictor.InputSize);
        Assert.Equal(2, r.Crop.Supersample);
        Assert.All(r.Keypoints2DPx, x => Assert.True(float.IsFinite(x)));
        Assert.All(r.Vertices, x => Assert.True(float.IsFinite(x)));
    }

    private static readonly Lazy<HandModel.HandModel> OpenHandModelLeft = new(() => HandModelMirror.Mirror(Tiny.Hand));

    private static void AssertMirrored(float[] right, float[] left)
    {
        Assert.Equal(right.Length, left.Length);
        for (int i = 0; i < right.Length; i++)
        {
            Assert.Equal(i % 3 == 0 ? -right[i] : right[i], left[i], 1e-6f);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= tolerance, $"largest difference {worst} > {tolerance}");
    }
}
