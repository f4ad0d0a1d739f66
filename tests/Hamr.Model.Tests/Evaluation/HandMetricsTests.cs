using Hamr.Model.Evaluation;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>The pose metrics against cases worked out by hand.</summary>
public sealed class HandMetricsTests
{
    private const double Tolerance = 1e-3; // mm: float inputs around 0.45 m carry ~3e-5 mm of rounding

    [Fact]
    public void A_translated_prediction_has_zero_error_under_every_protocol()
    {
        var truth = Hands.Star();
        var prediction = Hands.Similarity(truth, 1, [0, 0, 1], 0, [0.1, -0.2, 0.3]);
        foreach (var protocol in EvalProtocols.All)
        {
            Assert.All(HandMetrics.JointErrorsMm(prediction, truth, protocol), e => Assert.Equal(0, e, Tolerance));
        }
    }

    [Fact]
    public void A_prediction_twice_the_size_is_exact_only_once_scale_is_normalised()
    {
        var truth = Hands.Star();
        var prediction = Hands.Similarity(truth, 2, [0, 0, 1], 0, [0.05, 0.05, 0.05]);

        // Root-relative: joint k is twice as far from the wrist, so its error is its own distance from the wrist,
        // 1, 2, 3, 4 cm along each finger.
        var rootRelative = HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.RootRelative);
        Assert.Equal(0, rootRelative[0], Tolerance);
        for (int k = 1; k < 21; k++)
        {
            Assert.Equal(10.0 * (1 + (k - 1) % 4), rootRelative[k], Tolerance);
        }

        Assert.All(HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.RootRelativeScaled), e => Assert.Equal(0, e, Tolerance));
        Assert.All(HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.Procrustes), e => Assert.Equal(0, e, Tolerance));
    }

    [Fact]
    public void A_rotated_prediction_is_exact_only_after_procrustes()
    {
        var truth = Hands.Star();
        var prediction = Hands.Similarity(truth, 0.8, [1, 2, 3], 40, [0.01, 0.02, 0.5]);
        Assert.All(HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.Procrustes), e => Assert.Equal(0, e, Tolerance));
        Assert.True(HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.RootRelativeScaled).Max() > 5);
        Assert.True(HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.RootRelative).Max() > 5);
    }

    [Fact]
    public void One_displaced_joint_gives_its_displacement_root_relative()
    {
        var truth = Hands.Star();
        var prediction = Hands.Nudge(truth, 3 * 7 + 1, 0.003f); // keypoint 7 moved 3 mm along y
        var errors = HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.RootRelative);
        for (int k = 0; k < 21; k++)
        {
            Assert.Equal(k == 7 ? 3 : 0, errors[k], Tolerance);
        }
    }

    [Fact]
    public void The_scaled_protocol_matches_mean_bone_lengths_not_a_single_bone()
    {
        // Every predicted bone is 1 cm except the index finger's four, stretched to 2.5 cm: the mean predicted bone is
        // (16·1 + 4·2.5)/20 = 1.3 cm, so the prediction is scaled by 1/1.3 and its unstretched joints land short.
        var truth = Hands.Star(0, 0, 0);
        var prediction = (float[])truth.Clone();
        for (int k = 5; k <= 8; k++)
        {
            for (int c = 0; c < 3; c++)
            {
                prediction[3 * k + c] *= 2.5f;
            }
        }

        Assert.Equal(0.010, HandMetrics.MeanBoneLength(truth), 9);
        Assert.Equal(0.013, HandMetrics.MeanBoneLength(prediction), 7);
        var errors = HandMetrics.JointErrorsMm(prediction, truth, EvalProtocol.RootRelativeScaled);
        Assert.Equal(10 * (1 - 1 / 1.3), errors[1], 4); // thumb CMC: 1 cm from the wrist, scaled to 1/1.3 cm
        Assert.Equal(40 * (1 - 1 / 1.3), errors[4], 4); // thumb tip: 4 cm
        Assert.Equal(40 * (2.5 / 1.3 - 1), errors[8], 4); // index tip: 10 cm scaled to 10/1.3 cm
    }

    [Fact]
    public void Two_dimensional_errors_are_euclidean_pixels()
    {
        var truth = Hands.Keypoints2D();
        var prediction = truth.Select((v, i) => v + (i % 2 == 0 ? 3f : 4f)).ToArray();
        var errors = new double[21];
        HandMetrics.KeypointErrorsPx(prediction, truth, errors);
        Assert.All(errors, e => Assert.Equal(5, e, 6));
    }

    [Fact]
    public void Pck_counts_errors_at_most_the_threshold()
    {
        double[] errors = [10, 30];
        var thresholds = HandMetrics.DefaultThresholdsMm();
        var pck = HandMetrics.Pck(errors, thresholds);
        Assert.Equal(101, thresholds.Length);
        Assert.Equal(0.5, thresholds[1]);
        Assert.Equal(50, thresholds[^1]);
        Assert.Equal(0, pck[19]);   // 9.5 mm
        Assert.Equal(0.5, pck[20]); // 10 mm: an error equal to the threshold counts
        Assert.Equal(0.5, pck[59]); // 29.5 mm
        Assert.Equal(1, pck[60]);   // 30 mm
    }

    [Fact]
    public void Auc_of_two_errors_matches_the_trapezoid_worked_by_hand()
    {
        // Errors 10 and 30 mm: PCK is 0 below 10, 0.5 on [10, 30), 1 from 30. The exact area over 0–50 is
        // 0.5·20 + 1·20 = 30; the trapezoids on the 0.5 mm grid add 0.125 over [9.5, 10] and 0.125 over [29.5, 30]:
        // 30.25 / 50 = 0.605. Over 20–50: 0.5·10 + 1·20 = 25, plus 0.125: 25.125 / 30 = 0.8375.
        var thresholds = HandMetrics.DefaultThresholdsMm();
        var pck = HandMetrics.Pck([10, 30], thresholds);
        Assert.Equal(0.605, HandMetrics.Auc(thresholds, pck, 0, 50), 12);
        Assert.Equal(0.8375, HandMetrics.Auc(thresholds, pck, 20, 50), 12);
    }

    [Fact]
    public void Auc_is_one_for_perfect_and_zero_for_hopeless_predictions()
    {
        var thresholds = HandMetrics.DefaultThresholdsMm();
        Assert.Equal(1, HandMetrics.Auc(thresholds, HandMetrics.Pck([0, 0, 0], thresholds), 0, 50), 12);
        Assert.Equal(0, HandMetrics.Auc(thresholds, HandMetrics.Pck([60, 70], thresholds), 20, 50), 12);
    }

    [Fact]
    public void Auc_between_grid_points_interpolates_linearly()
    {
        // A straight PCK line from (0, 0) to (10, 1): the area over [2.5, 7.5] is the line's mean there, 0.5.
        Assert.Equal(0.5, HandMetrics.Auc([0, 10], [0, 1], 2.5, 7.5), 12);
        Assert.True(double.IsNaN(HandMetrics.Auc([20, 50], [0.5, 1], 0, 50)), "a curve that starts at 20 mm cannot give AUC 0–50");
    }

    [Fact]
    public void Mean_and_median_of_known_values()
    {
        Assert.Equal(2.5, HandMetrics.Mean([1, 2, 3, 4]));
        Assert.Equal(2.5, HandMetrics.Median([4, 1, 3, 2]));
        Assert.Equal(3, HandMetrics.Median([5, 1, 3]));
        Assert.True(double.IsNaN(HandMetrics.Mean([])));
        Assert.True(double.IsNaN(HandMetrics.Median([])));
    }

    [Fact]
    public void Protocol_keys_are_the_report_names()
    {
        Assert.Equal(["root_relative", "root_relative_scaled", "procrustes"], EvalProtocols.All.Select(p => p.Key()));
        Assert.All(EvalProtocols.All, p => Assert.Equal(p, EvalProtocols.FromKey(p.Key())));
        Assert.Null(EvalProtocols.FromKey("pa"));
    }
}
