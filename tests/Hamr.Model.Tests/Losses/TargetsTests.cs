using Hamr.Model.Losses;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Losses;

public sealed class TargetsTests
{
    [Fact]
    public void Gaussian_heatmap_peaks_at_the_keypoint_with_the_given_sigma_and_is_empty_when_invisible()
    {
        // Keypoint on the centre of pixel (column 3, row 4) of an 8-px map.
        var keypoints = Tensor.FromArray([3.5f, 4.5f, 3.5f, 4.5f], 1, 2, 2);
        var visibility = Tensor.FromArray([1f, 0f], 1, 2);
        var maps = GaussianHeatmaps.Render(keypoints, visibility, 8, 1.5f);
        Assert.Equal(1f, maps[0, 0, 4, 3]);
        Assert.Equal(MathF.Exp(-1f / (2 * 1.5f * 1.5f)), maps[0, 0, 4, 4], 1e-6f);
        Assert.Equal(MathF.Exp(-2f / (2 * 1.5f * 1.5f)), maps[0, 0, 5, 2], 1e-6f);
        Assert.Equal(maps[0, 0, 3, 3], maps[0, 0, 5, 3]);
        Assert.All(maps.Select(1, 1).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Masks_are_averaged_down_by_area()
    {
        var mask = Tensor.FromArray(
        [
            1, 1, 0, 0,
            1, 0, 0, 0,
            0, 0, 1, 1,
            0, 0, 1, 1,
        ], 1, 4, 4);
        Assert.Equal([0.75f, 0f, 0f, 1f], SilhouetteLoss.DownsampleMask(mask, 2).ToArray());
        Assert.Same(mask, SilhouetteLoss.DownsampleMask(mask, 4));
        Assert.Equal([1, 3, 3], SilhouetteLoss.DownsampleMask(mask, 3).GetShape());
        var bytes = SilhouetteLoss.MasksFromBytes([[255, 255, 0, 0], [0, 51, 0, 0]], 2, 2, 1).ToArray();
        Assert.Equal([0.5f, 0.05f], bytes);
    }
}
