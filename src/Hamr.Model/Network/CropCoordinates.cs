using Hamr.Tensors;

namespace Hamr.Model.Network;

/// <summary>
/// The coordinate conventions of a square crop, in one place. Pixels are continuous with pixel i covering [i, i + 1)
/// (its centre at i + 0.5), as the synthetic data's 2D labels. Normalised crop coordinates x ∈ [−1, 1] span the crop
/// edge to edge: u = (x + 1)·size/2, x = 2u/size − 1. The network's weak-perspective projection x = s·(X + t) of
/// root-relative camera-space joints (metres, OpenCV axes) lands in normalised coordinates, which map to the input
/// crop, the heatmaps and the silhouette alike by choosing <c>size</c>.
/// </summary>
public static class CropCoordinates
{
    /// <summary>Continuous pixel coordinate of a normalised one, for a crop (or heatmap) of <paramref name="size"/> px.</summary>
    public static float ToPixels(float normalized, int size) => (normalized + 1f) * size * 0.5f;

    /// <summary>Normalised coordinate of a continuous pixel coordinate.</summary>
    public static float ToNormalized(float pixels, int size) => 2f * pixels / size - 1f;

    /// <summary>Tensor form of <see cref="ToPixels(float, int)"/> (any shape; differentiable).</summary>
    public static Tensor ToPixels(Tensor normalized, int size)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        return (normalized + 1f) * (size * 0.5f);
    }

    /// <summary>Tensor form of <see cref="ToNormalized(float, int)"/> (any shape; differentiable).</summary>
    public static Tensor ToNormalized(Tensor pixels, int size)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return pixels * (2f / size) - 1f;
    }

    /// <summary>
    /// Expected keypoints of heatmaps [B, K, h, w] by soft-argmax (softmax with <paramref name="beta"/>), in normalised
    /// crop coordinates [B, K, 2]. The engine's soft-argmax puts pixel centres at integers, hence the +0.5.
    /// </summary>
    public static Tensor HeatmapKeypoints(Tensor heatmaps, float beta = 10f)
    {
        ArgumentNullException.ThrowIfNull(heatmaps);
        if (heatmaps.Rank != 4 || heatmaps.Dim(2) != heatmaps.Dim(3))
        {
            throw new ArgumentException($"heatmaps must be square [B, K, h, h], got [{string.Join(", ", heatmaps.GetShape())}]", nameof(heatmaps));
        }
        return ToNormalized(heatmaps.SoftArgmax2d(beta) + 0.5f, heatmaps.Dim(3));
    }
}
