using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Network;

public sealed class CropCoordinatesTests
{
    [Fact]
    public void Normalised_coordinates_span_the_crop_edge_to_edge()
    {
        Assert.Equal(0f, CropCoordinates.ToPixels(-1f, 128));
        Assert.Equal(128f, CropCoordinates.ToPixels(1f, 128));
        Assert.Equal(64f, CropCoordinates.ToPixels(0f, 128));
        Assert.Equal(-1f + 1f / 256, CropCoordinates.ToNormalized(0.5f, 256));
        var t = Tensor.FromArray([0.25f, -0.5f], 2);
        Assert.Equal([20f, 8f], CropCoordinates.ToPixels(t, 32).ToArray());
        Assert.Equal(t.ToArray(), CropCoordinates.ToNormalized(CropCoordinates.ToPixels(t, 32), 32).ToArray());
    }

    [Fact]
    public void Soft_argmax_of_a_ground_truth_heatmap_returns_its_keypoint()
    {
        // Keypoints on pixel centres (17.5, 12.5) and (10.5, 22.5) of a 32-px map, away from the border: the peaked
        // weights are then symmetric about them, so an off-by-half-pixel convention would show as a 1/32 error.
        var keypoints = Tensor.FromArray([0.09375f, -0.21875f, -0.34375f, 0.40625f], 1, 2, 2);
        var maps = GaussianHeatmaps.FromNormalized(keypoints, null, 32, 1f);
        // A large β makes softmax(β·map) as peaked as the Gaussian itself; the expectation is the keypoint.
        var found = CropCoordinates.HeatmapKeypoints(maps * 20f, beta: 1f).ToArray();
        var expected = keypoints.ToArray();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], found[i], 1e-4f);
        }
    }
}
