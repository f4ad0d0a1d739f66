using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// Lheatmap, L2D and L3D: squared errors averaged over the supervised maps or keypoints (a visibility mask [B, K] of
/// 1/0 selects them; null = all). An empty mask gives 0 (still in the graph, with zero gradients).
/// </summary>
public static class KeypointLosses
{
    /// <summary>
    /// Lheatmap for one stack: Σ over pixels of (predicted − target)², averaged over the visible maps. Predicted and
    /// target heatmaps [B, K, h, w].
    /// </summary>
    public static Tensor Heatmap(Tensor predicted, Tensor target, Tensor? visibility = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        if (predicted.Rank != 4 || !predicted.Shape.SequenceEqual(target.Shape))
        {
            throw new ArgumentException($"heatmaps must be [B, K, h, w] of one shape, got [{string.Join(", ", predicted.GetShape())}] and [{string.Join(", ", target.GetShape())}]");
        }
        var perMap = (predicted - target).Square().Sum([2, 3]);                     // [B, K]
        return MaskedMean(perMap, visibility);
    }

    /// <summary>Lheatmap over stacks (intermediate supervision): the sum of each stack's <see cref="Heatmap"/>.</summary>
    public static Tensor Heatmap(IReadOnlyList<Tensor> stacks, Tensor target, Tensor? visibility = null)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        if (stacks.Count == 0)
        {
            throw new ArgumentException("no heatmap stacks", nameof(stacks));
        }
        var total = Heatmap(stacks[0], target, visibility);
        for (int i = 1; i < stacks.Count; i++)
        {
            total = total + Heatmap(stacks[i], target, visibility);
        }
        return total;
    }

    /// <summary>L2D: squared distance between projected and labelled keypoints [B, K, 2], averaged over visible keypoints.</summary>
    public static Tensor Keypoints2D(Tensor predicted, Tensor target, Tensor? visibility = null) =>
        PointError(predicted, target, visibility, 2);

    /// <summary>L3D: squared distance between root-relative keypoints [B, K, 3] (metres), averaged over keypoints.</summary>
    public static Tensor Keypoints3D(Tensor predicted, Tensor target, Tensor? mask = null) =>
        PointError(predicted, target, mask, 3);

    private static Tensor PointError(Tensor predicted, Tensor target, Tensor? mask, int dims)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        if (predicted.Rank != 3 || predicted.Dim(2) != dims || !predicted.Shape.SequenceEqual(target.Shape))
        {
            throw new ArgumentException($"keypoints must be [B, K, {dims}] of one shape, got [{string.Join(", ", predicted.GetShape())}] and [{string.Join(", ", target.GetShape())}]");
        }
        return MaskedMean((predicted - target).Square().Sum(2), mask);             // [B, K] → scalar
    }

    /// <summary>Mean of values [B, K] over the entries where mask [B, K] is 1 (all when null).</summary>
    /// <summary>
    /// Mean L1 distance Σ_d |p − t| per visible keypoint, for keypoints [B, K, 2] read off heatmaps by soft-argmax
    /// (integral regression): every pixel of the heatmap gets a gradient, which gets the heatmaps past the all-zero
    /// plateau that an L2 heatmap loss alone starts on.
    /// </summary>
    public static Tensor KeypointsL1(Tensor predicted, Tensor target, Tensor? visibility = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        if (predicted.Rank != 3 || !predicted.Shape.SequenceEqual(target.Shape))
        {
            throw new ArgumentException($"keypoints must be [B, K, d] of one shape, got [{string.Join(", ", predicted.GetShape())}] and [{string.Join(", ", target.GetShape())}]");
        }
        return MaskedMean((predicted - target).Abs().Sum(2), visibility);
    }

    internal static Tensor MaskedMean(Tensor values, Tensor? mask)
    {
        if (mask is null)
        {
            return values.Mean();
        }
        GaussianHeatmaps.CheckVisibility(mask, values.Dim(0), values.Dim(1));
        var m = mask.Detach();
        float count = m.Sum().Item();
        return (values * m).Sum() * (1f / Math.Max(count, 1f));
    }
}
