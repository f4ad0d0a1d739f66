using Hamr.Geometry;
using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// HAMR's ground-truth camera: the weak-perspective (s, tx, ty) fitted by least squares to paired 3D/2D labels
/// (<see cref="WeakPerspective.Fit"/>), in the network's convention: 3D made root-relative (wrist keypoint subtracted),
/// 2D in normalised crop coordinates, so that s·(X − X_wrist + t)_xy ≈ x — the synthetic data's camera exactly.
/// </summary>
public static class CameraFit
{
    /// <summary>
    /// Cameras [B, 3] for keypoints [B, K, 3] (camera space or root-relative, metres) and their 2D labels [B, K, 2] in
    /// normalised crop coordinates; optional weights [B, K] (e.g. which 2D labels exist). Throws naming the sample when
    /// its points do not determine a scale. No gradient (a target).
    /// </summary>
    public static Tensor Fit(Tensor keypoints3D, Tensor keypoints2D, Tensor? weights = null, int rootIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(keypoints3D);
        ArgumentNullException.ThrowIfNull(keypoints2D);
        if (keypoints3D.Rank != 3 || keypoints3D.Dim(2) != 3 || keypoints2D.Rank != 3 || keypoints2D.Dim(2) != 2
            || keypoints2D.Dim(0) != keypoints3D.Dim(0) || keypoints2D.Dim(1) != keypoints3D.Dim(1))
        {
            throw new ArgumentException($"CameraFit needs keypoints [B, K, 3] and [B, K, 2], got [{string.Join(", ", keypoints3D.GetShape())}] and [{string.Join(", ", keypoints2D.GetShape())}]");
        }
        int b = keypoints3D.Dim(0), k = keypoints3D.Dim(1);
        if ((uint)rootIndex >= (uint)k)
        {
            throw new ArgumentOutOfRangeException(nameof(rootIndex), rootIndex, $"root index outside 0..{k - 1}");
        }
        GaussianHeatmaps.CheckVisibility(weights, b, k);
        var p3 = keypoints3D.Detach().Contiguous().ToArray();
        var p2 = keypoints2D.Detach().Contiguous().ToArray();
        var w = weights?.Detach().Contiguous().ToArray();
        var relative = new float[k * 3];
        var result = new float[b * 3];
        for (int i = 0; i < b; i++)
        {
            var points = p3.AsSpan(i * k * 3, k * 3);
            for (int q = 0; q < k; q++)
            {
                for (int c = 0; c < 3; c++)
                {
                    relative[3 * q + c] = points[3 * q + c] - points[3 * rootIndex + c];
                }
            }
            WeakPerspectiveCamera camera;
            try
            {
                camera = WeakPerspective.Fit(relative, p2.AsSpan(i * k * 2, k * 2), w is null ? default : w.AsSpan(i * k, k));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"CameraFit: sample {i}: {e.Message}", e);
            }
            result[3 * i] = camera.Scale;
            result[3 * i + 1] = camera.Tx;
            result[3 * i + 2] = camera.Ty;
        }
        return Tensor.FromArray(result, b, 3);
    }

    /// <summary>As <see cref="Fit"/> with 2D labels in crop pixels [B, K, 2] of a <paramref name="cropSize"/>-pixel crop.</summary>
    public static Tensor FitPixels(Tensor keypoints3D, Tensor keypoints2DPx, int cropSize, Tensor? weights = null, int rootIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(keypoints2DPx);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropSize, 1);
        using var _ = GradMode.NoGrad();
        return Fit(keypoints3D, CropCoordinates.ToNormalized(keypoints2DPx.Detach(), cropSize), weights, rootIndex);
    }

    /// <summary>Lcam: squared error of (s, tx, ty), summed over the three and averaged over the batch; cameras [B, 3].</summary>
    public static Tensor Loss(Tensor predicted, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        if (predicted.Rank != 2 || predicted.Dim(1) != 3 || !predicted.Shape.SequenceEqual(target.Shape))
        {
            throw new ArgumentException($"cameras must be [B, 3] of one shape, got [{string.Join(", ", predicted.GetShape())}] and [{string.Join(", ", target.GetShape())}]");
        }
        return (predicted - target).Square().Sum(1).Mean();
    }
}
