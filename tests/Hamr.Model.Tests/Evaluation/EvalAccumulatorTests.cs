using Hamr.Model.Evaluation;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>Pooling errors over samples into the report's numbers, with masks, 2D-only samples and meshes.</summary>
public sealed class EvalAccumulatorTests
{
    [Fact]
    public void A_displaced_wrist_gives_the_hand_computed_mpjpe_median_and_auc()
    {
        // The predicted wrist moved 10 mm: root-relative, the wrist's own error is 0 and the other 20 joints are each
        // 10 mm off. MPJPE = 200/21 mm, median 10 mm. PCK is 1/21 below 10 mm and 1 from 10 mm, so the 0–50 area is
        // 10·(1/21) + 40 plus the grid's trapezoid over [9.5, 10], 0.5·(1 − 1/21)/2 = 5/21: (40 + 15/21) / 50.
        var truth = Hands.Star();
        var accumulator = new EvalAccumulator();
        accumulator.Add(Hands.Sample(0, truth), new HandPrediction(Hands.Keypoints2D(), Hands.Nudge(truth, 0, 0.010f)));
        var result = accumulator.ToReport("test", null)[EvalProtocol.RootRelative];
        Assert.Equal(21, result.JointCount);
        Assert.Equal(200.0 / 21, result.MpjpeMm, 3);
        Assert.Equal(10, result.MedianMm, 3);
        Assert.Equal((40 + 15.0 / 21) / 50, result.Auc0To50, 4);
        Assert.Equal(1, result.Auc20To50, 9);
    }

    [Fact]
    public void Hidden_keypoints_are_left_out_of_2d_and_3d_errors()
    {
        var truth = Hands.Star();
        var visible = Enumerable.Range(0, 21).Select(k => k != 12).ToArray();
        var keypoints = Hands.Nudge(Hands.Keypoints2D(), 2 * 12, 100); // only the hidden keypoint is wrong
        var joints = Hands.Nudge(truth, 3 * 12 + 2, 0.2f);
        var accumulator = new EvalAccumulator();
        var sample = accumulator.Add(Hands.Sample(0, truth, visible), new HandPrediction(keypoints, joints));
        var report = accumulator.ToReport("test", null);
        Assert.Equal(0, report.Keypoints2D.EpeMeanPx, 6);
        Assert.Equal(20, report.Keypoints2D.KeypointCount);
        Assert.Equal(0, report[EvalProtocol.RootRelative].MpjpeMm, 3);
        Assert.Equal(20, report[EvalProtocol.RootRelative].JointCount);
        Assert.Equal(0, sample.Epe2DPx, 6);
    }

    [Fact]
    public void Two_dimensional_only_samples_count_in_2d_but_not_in_3d()
    {
        var accumulator = new EvalAccumulator();
        var keypoints = Hands.Keypoints2D().Select(v => v + 6).ToArray(); // (6, 6): √72 ≈ 8.49 px everywhere
        accumulator.Add(Hands.Sample(0, with3D: false), new HandPrediction(keypoints, new float[63]));
        var report = accumulator.ToReport("test", null);
        Assert.Equal(1, report.Count);
        Assert.Equal(Math.Sqrt(72), report.Keypoints2D.EpeMeanPx, 4);
        Assert.Equal(1, report.Keypoints2D.Pck10Px);
        Assert.All(report.Protocols, p => Assert.Equal(0, p.SampleCount));
        Assert.All(report.Protocols, p => Assert.True(double.IsNaN(p.MpjpeMm)));
        Assert.Null(report.Mesh);
    }

    [Fact]
    public void Mesh_metrics_appear_when_both_meshes_are_there()
    {
        var truth = Hands.Star();
        var vertices = Hands.Similarity(truth, 1, [1, 0, 0], 10, [0, 0, 0]);
        var accumulator = new EvalAccumulator();
        accumulator.Add(Hands.Sample(0, truth, vertices: vertices), new HandPrediction(Hands.Keypoints2D(), truth, vertices));
        var mesh = accumulator.ToReport("test", null).Mesh;
        Assert.NotNull(mesh);
        Assert.Equal(1, mesh.SampleCount);
        Assert.Equal(0, mesh.MpvpeMm, 3);
        Assert.Equal(1, mesh.FScore5Mm);

        var wrongTopology = new HandPrediction(Hands.Keypoints2D(), truth, vertices[..^3]);
        Assert.Throws<ArgumentException>(() => accumulator.Add(Hands.Sample(1, truth, vertices: vertices), wrongTopology));
    }

    [Fact]
    public void Predictions_with_wrong_shapes_or_nan_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new HandPrediction(new float[40], new float[63]));
        Assert.Throws<ArgumentException>(() => new HandPrediction(new float[42], new float[60]));
        Assert.Throws<ArgumentException>(() => new HandPrediction(new float[42], Hands.Nudge(new float[63], 5, float.NaN)));
    }
}
