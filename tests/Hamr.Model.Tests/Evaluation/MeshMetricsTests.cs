using Hamr.Model.Evaluation;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>Mesh metrics against cases worked out by hand.</summary>
public sealed class MeshMetricsTests
{
    [Fact]
    public void F_score_of_two_small_point_sets()
    {
        // Predicted points at x = 0, 6 and 50 mm; ground truth at (0, 0, 4) mm and x = 100 mm.
        // At 5 mm: only the first predicted point is near (4 mm) → precision 1/3; only the first truth point is
        // near → recall 1/2; F = 2·(1/3)(1/2) / (1/3 + 1/2) = 0.4.
        // At 15 mm: the second predicted point (√(36 + 16) ≈ 7.2 mm) joins → precision 2/3; F = 4/7.
        float[] predicted = [0, 0, 0, 0.006f, 0, 0, 0.05f, 0, 0];
        float[] truth = [0, 0, 0.004f, 0.1f, 0, 0];
        var at5 = MeshMetrics.FScore(predicted, truth, 0.005);
        Assert.Equal(1.0 / 3, at5.Precision, 12);
        Assert.Equal(0.5, at5.Recall, 12);
        Assert.Equal(0.4, at5.F, 12);
        var at15 = MeshMetrics.FScore(predicted, truth, 0.015);
        Assert.Equal(2.0 / 3, at15.Precision, 12);
        Assert.Equal(4.0 / 7, at15.F, 12);
        Assert.Equal(0, MeshMetrics.FScore(predicted, truth, 0.001).F);
    }

    [Fact]
    public void A_similar_mesh_scores_perfectly_after_procrustes_but_not_root_relative()
    {
        var truth = Hands.Star(); // any point cloud will do as vertices
        var predicted = Hands.Similarity(truth, 1.2, [0, 1, 1], 30, [0.01, 0, 0.02]);
        var errors = MeshMetrics.Evaluate(predicted, truth, predicted.AsSpan(0, 3), truth.AsSpan(0, 3));
        Assert.Equal(0, errors.PaMpvpeMm, 3);
        Assert.Equal(1, errors.FScore5Mm);
        Assert.Equal(1, errors.FScore15Mm);
        Assert.True(errors.MpvpeMm > 5);
    }

    [Fact]
    public void Mpvpe_is_the_mean_vertex_distance_relative_to_each_wrist()
    {
        float[] truth = [0, 0, 0, 0.01f, 0, 0];
        float[] predicted = [1, 1, 1, 1.01f, 1.002f, 1]; // shifted by (1, 1, 1); the second vertex 2 mm off in y
        Assert.Equal(1.0, MeshMetrics.MpvpeMm(predicted, truth, [1, 1, 1], [0, 0, 0]), 4);
        Assert.Throws<ArgumentException>(() => MeshMetrics.MpvpeMm(predicted, truth.AsSpan(0, 3), [1, 1, 1], [0, 0, 0]));
    }
}
