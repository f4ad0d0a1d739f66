using Hamr.Imaging;
using Hamr.Model.Inference;
using Hamr.Model.Tests.Support;

namespace Hamr.Model.Tests.Inference;

/// <summary>The overlay: the mesh lands where the pixel camera puts it, blended; the rest of the photo is untouched.</summary>
public sealed class HandOverlayTests
{
    private static readonly Lazy<HamrPredictor> s_predictor = new(() => new HamrPredictor(Tiny.Network(seed: 3)));

    [Fact]
    public void Without_mesh_and_skeleton_the_overlay_is_the_photo_as_rgb()
    {
        var photo = Examples.Noise(40, 30, 2, channels: 1);
        var r = s_predictor.Value.Predict(photo);
        var overlay = HandOverlay.Draw(photo, r, new HandOverlayOptions { MeshOpacity = 0, Skeleton = false });
        Assert.Equal((40, 30, 3), (overlay.Width, overlay.Height, overlay.Channels));
        Assert.Equal(RgbImage.From(photo).Pixels, overlay.Pixels);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(40)] // rendered smaller and scaled up
    public void The_mesh_covers_the_projected_wrist_and_leaves_far_pixels_alone(int maxRenderSize)
    {
        // A flat grey photo larger than the box, so pixels far from the hand must stay grey.
        var photo = new Image(300, 200, 3);
        Array.Fill(photo.Pixels, (byte)90);
        var r = s_predictor.Value.Predict(photo, new HandBox(100, 50, 100, 100));
        var overlay = HandOverlay.Draw(photo, r, new HandOverlayOptions { Skeleton = false, MaxRenderSize = maxRenderSize });
        Assert.Equal((300, 200), (overlay.Width, overlay.Height));

        // The mean of the vertices lies inside the hand: the overlay is bluer there than the grey photo.
        float u = 0, v = 0;
        for (int i = 0; i < r.Vertices.Length; i += 3)
        {
            u += r.CameraPx.Scale * (r.Vertices[i] + r.CameraPx.Tx);
            v += r.CameraPx.Scale * (r.Vertices[i + 1] + r.CameraPx.Ty);
        }

        int n = r.Vertices.Length / 3, cu = (int)(u / n), cv = (int)(v / n);
        var centre = new[] { overlay[cu, cv, 0], overlay[cu, cv, 1], overlay[cu, cv, 2] };
        Assert.True(centre[2] > 100 && centre[2] > centre[0], $"pixel ({cu}, {cv}) is {string.Join(", ", centre)}");
        Assert.Equal([90, 90, 90], new[] { overlay[2, 2, 0], overlay[2, 2, 1], overlay[299, 199, 2] });

        // With the skeleton, the box and a given photo, nothing is written into the photo itself.
        var copy = photo.Clone();
        _ = HandOverlay.Draw(photo, r, new HandOverlayOptions { Box = true });
        Assert.Equal(copy.Pixels, photo.Pixels);
    }

    [Fact]
    public void A_photo_of_another_size_is_refused()
    {
        var r = s_predictor.Value.Predict(Examples.Noise(40, 30, 2));
        Assert.Throws<ArgumentException>(() => HandOverlay.Draw(Examples.Noise(30, 40, 2), r));
    }
}
