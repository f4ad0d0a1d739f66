using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// Ground-truth heatmaps: one unnormalised Gaussian per keypoint, exp(−d²/2σ²) with d the distance from the pixel
/// centre (i + 0.5, j + 0.5) to the keypoint (continuous heatmap pixels, <see cref="CropCoordinates"/>); peak 1 when the
/// keypoint sits on a pixel centre. Invisible keypoints get an all-zero map (and are masked out of the loss).
/// </summary>
public static class GaussianHeatmaps
{
    /// <summary>Heatmaps [B, K, size, size] from keypoints [B, K, 2] in heatmap pixels and visibility [B, K] (null = all).</summary>
    public static Tensor Render(Tensor keypointsPx, Tensor? visibility, int size, float sigma)
    {
        ArgumentNullException.ThrowIfNull(keypointsPx);
        if (keypointsPx.Rank != 3 || keypointsPx.Dim(2) != 2)
        {
            throw new ArgumentException($"keypoints must be [B, K, 2], got [{string.Join(", ", keypointsPx.GetShape())}]", nameof(keypointsPx));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (!(sigma > 0 && float.IsFinite(sigma)))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive");
        }
        int b = keypointsPx.Dim(0), k = keypointsPx.Dim(1);
        CheckVisibility(visibility, b, k);
        var points = keypointsPx.Contiguous().ToArray();
        var visible = visibility?.Contiguous().ToArray();
        var result = Tensor.Zeros(b, k, size, size);
        var maps = result.AsSpan();
        float inv = -0.5f / (sigma * sigma);
        // Beyond 4σ the Gaussian is below 3.4e-4: leave those pixels at zero (and skip work for distant keypoints).
        float reach = 4 * sigma;
        Span<float> gx = stackalloc float[size];
        for (int m = 0; m < b * k; m++)
        {
            float u = points[2 * m], v = points[2 * m + 1];
            if ((visible is not null && visible[m] <= 0) || !float.IsFinite(u) || !float.IsFinite(v))
            {
                continue;
            }
            var map = maps.Slice(m * size * size, size * size);
            for (int i = 0; i < size; i++)
            {
                float d = i + 0.5f - u;
                gx[i] = MathF.Abs(d) <= reach ? MathF.Exp(d * d * inv) : 0f;
            }
            for (int j = 0; j < size; j++)
            {
                float d = j + 0.5f - v;
                if (MathF.Abs(d) > reach)
                {
                    continue;
                }
                float gy = MathF.Exp(d * d * inv);
                var row = map.Slice(j * size, size);
                for (int i = 0; i < size; i++)
                {
                    row[i] = gx[i] * gy;
                }
            }
        }
        return result;
    }

    /// <summary>Heatmaps from keypoints [B, K, 2] in normalised crop coordinates.</summary>
    public static Tensor FromNormalized(Tensor keypoints, Tensor? visibility, int size, float sigma)
    {
        ArgumentNullException.ThrowIfNull(keypoints);
        using var _ = GradMode.NoGrad();
        return Render(CropCoordinates.ToPixels(keypoints.Detach(), size), visibility, size, sigma);
    }

    internal static void CheckVisibility(Tensor? visibility, int b, int k)
    {
        if (visibility is not null && (visibility.Rank != 2 || visibility.Dim(0) != b || visibility.Dim(1) != k))
        {
            throw new ArgumentException($"visibility must be [{b}, {k}], got [{string.Join(", ", visibility.GetShape())}]", nameof(visibility));
        }
    }
}
