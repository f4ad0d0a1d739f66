using Hamr.Geometry;
using Hamr.Model.Network;
using Hamr.Rendering;
using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// Lseg: the predicted mesh's soft silhouette (SoftRas-style, <see cref="SoftSilhouette"/>) at a low resolution against
/// the ground-truth mask averaged down to the same size, by L1. Vertices are projected with the predicted weak-
/// perspective camera into normalised crop coordinates, then to silhouette pixels (<see cref="CropCoordinates"/>).
/// </summary>
public static class SilhouetteLoss
{
    /// <summary>Soft silhouettes [B, size, size] of root-relative vertices [B, V, 3] seen by cameras [B, 3].</summary>
    public static Tensor Render(Tensor vertices, Tensor camera, int[] faces, int size, float sigma)
    {
        var pixels = CropCoordinates.ToPixels(WeakPerspective.Project(vertices, camera), size);   // [B, V, 2]
        return SoftSilhouette.Render(pixels, faces, size, sigma);
    }

    /// <summary>Mean absolute difference between silhouettes and masks, both [B, size, size] in [0, 1].</summary>
    public static Tensor Loss(Tensor silhouette, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(silhouette);
        ArgumentNullException.ThrowIfNull(mask);
        if (silhouette.Rank != 3 || !silhouette.Shape.SequenceEqual(mask.Shape))
        {
            throw new ArgumentException($"silhouette and mask must be [B, S, S] of one shape, got [{string.Join(", ", silhouette.GetShape())}] and [{string.Join(", ", mask.GetShape())}]");
        }
        return (silhouette - mask).Abs().Mean();
    }

    /// <summary>
    /// Masks [B, H, W] in [0, 1] averaged down to [B, size, size]: exact area averaging when H and W are multiples of
    /// size (the usual case: 128 → 32), adaptive average pooling otherwise. Masks already that size are returned as is.
    /// </summary>
    public static Tensor DownsampleMask(Tensor masks, int size)
    {
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.Rank != 3)
        {
            throw new ArgumentException($"masks must be [B, H, W], got [{string.Join(", ", masks.GetShape())}]", nameof(masks));
        }
        int h = masks.Dim(1), w = masks.Dim(2);
        if (h == size && w == size)
        {
            return masks;
        }
        var x = masks.Unsqueeze(1);                                                 // [B, 1, H, W]
        x = h % size == 0 && w % size == 0
            ? x.AvgPool2d(h / size, w / size, h / size, w / size, 0, 0)
            : x.AdaptiveAvgPool2d(size, size);
        return x.Squeeze(1);
    }

    /// <summary>Masks [B, size, size] from 8-bit coverage masks (0..255) of <paramref name="height"/>×<paramref name="width"/> each.</summary>
    public static Tensor MasksFromBytes(IReadOnlyList<byte[]> masks, int height, int width, int size)
    {
        ArgumentNullException.ThrowIfNull(masks);
        var values = new float[masks.Count * height * width];
        for (int i = 0; i < masks.Count; i++)
        {
            if (masks[i].Length != height * width)
            {
                throw new ArgumentException($"mask {i} has {masks[i].Length} bytes, expected {height}×{width}", nameof(masks));
            }
            for (int p = 0; p < masks[i].Length; p++)
            {
                values[i * height * width + p] = masks[i][p] / 255f;
            }
        }
        return DownsampleMask(Tensor.FromArray(values, masks.Count, height, width), size);
    }
}
