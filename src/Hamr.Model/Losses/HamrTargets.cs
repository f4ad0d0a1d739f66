using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// A batch's labels, each optional (a term whose labels are missing is skipped): 2D keypoints in normalised crop
/// coordinates and their visibility, root-relative 3D keypoints (metres, camera axes), ground-truth heatmaps (made
/// from the 2D keypoints when absent), the weak-perspective camera (fitted from 2D + 3D by <see cref="CameraFit"/>
/// when absent) and hand masks in [0, 1] at any resolution (averaged down to the silhouette size).
/// </summary>
public sealed record HamrTargets
{
    /// <summary>[B, 21, 2], normalised crop coordinates.</summary>
    public Tensor? Keypoints2D { get; init; }

    /// <summary>[B, 21], 1 = visible (supervised in Lheatmap and L2D), 0 = not; null = all visible.</summary>
    public Tensor? Visibility { get; init; }

    /// <summary>[B, 21, 3], root-relative metres.</summary>
    public Tensor? Keypoints3D { get; init; }

    /// <summary>[B, 21, h, h] at the network's heatmap size.</summary>
    public Tensor? Heatmaps { get; init; }

    /// <summary>[B, 3] = (s, tx, ty) in the network's convention.</summary>
    public Tensor? Camera { get; init; }

    /// <summary>[B, H, W] hand coverage in [0, 1].</summary>
    public Tensor? Masks { get; init; }
}

/// <summary>
/// The total loss (in the graph) and each raw term's value for logging: before its λ, after summing over stacks or
/// iterations (with the iteration weights). Terms skipped for lack of labels or a zero weight read 0.
/// </summary>
public sealed record LossBreakdown(
    Tensor Total,
    float Heatmap,
    float Keypoints2D,
    float Keypoints3D,
    float JointLimits,
    float FlexionPlane,
    float ShapePrior,
    float Camera,
    float Segmentation,
    float HeatmapKeypoints = 0)
{
    /// <summary>The terms by short name (total, heatmap, kp2d, kp3d, limits, plane, shape, cam, seg, hmkp), for logs.</summary>
    public IReadOnlyDictionary<string, float> ToDictionary() => new Dictionary<string, float>(StringComparer.Ordinal)
    {
        ["total"] = Total.Item(),
        ["heatmap"] = Heatmap,
        ["kp2d"] = Keypoints2D,
        ["kp3d"] = Keypoints3D,
        ["limits"] = JointLimits,
        ["plane"] = FlexionPlane,
        ["shape"] = ShapePrior,
        ["cam"] = Camera,
        ["seg"] = Segmentation,
        ["hmkp"] = HeatmapKeypoints,
    };
}
