using System.Numerics;
using Hamr.Imaging.Transforms;

namespace Hamr.Imaging.Tests.Transforms;

public sealed class Affine2Tests
{
    private static Affine2 RandomAffine(Random r) => new(
        0.5 + r.NextDouble(), r.NextDouble() - 0.5, 100 * (r.NextDouble() - 0.5),
        r.NextDouble() - 0.5, 0.5 + r.NextDouble(), 100 * (r.NextDouble() - 0.5));

    [Fact]
    public void Inverse_undoes_the_map_on_both_sides()
    {
        var r = new Random(1);
        for (int i = 0; i < 50; i++)
        {
            var m = RandomAffine(r);
            var p = new Vector2((float)(r.NextDouble() * 600), (float)(r.NextDouble() * 400));
            Assert.True(Vector2.Distance(p, m.Inverse.Apply(m.Apply(p))) < 1e-3f);
            Assert.True(Vector2.Distance(p, m.Apply(m.Inverse.Apply(p))) < 1e-3f);
        }
    }

    [Fact]
    public void Compose_applies_the_inner_map_first()
    {
        var move = Affine2.Translation(10, 0);
        var scale = Affine2.Scale(2);
        Assert.Equal(new Vector2(22, 0), Affine2.Compose(scale, move).Apply(new Vector2(1, 0)));
        Assert.Equal(new Vector2(12, 0), (move * scale).Apply(new Vector2(1, 0)));
        Assert.Equal(new Vector2(12, 0), scale.Then(move).Apply(new Vector2(1, 0)));
    }

    [Fact]
    public void Rotation_turns_x_towards_y_and_keeps_its_centre()
    {
        var p = Affine2.Rotation(Math.PI / 2).Apply(new Vector2(1, 0));
        Assert.Equal(0, p.X, 1e-6f);
        Assert.Equal(1, p.Y, 1e-6f);
        var centre = new Vector2(5, 7);
        Assert.True(Vector2.Distance(centre, Affine2.Rotation(0.7, centre).Apply(centre)) < 1e-5f);
    }

    [Fact]
    public void Singular_map_has_no_inverse()
    {
        var collapse = new Affine2(1, 2, 0, 2, 4, 0);
        Assert.Throws<InvalidOperationException>(() => collapse.Inverse);
        Assert.Throws<InvalidOperationException>(() => Affine2.Scale(0, 1).Inverse);
    }

    [Fact]
    public void Interleaved_points_map_like_vectors()
    {
        var m = RandomAffine(new Random(2));
        float[] xy = [1.5f, 2.5f, 300, -4];
        float[] mapped = new float[4];
        m.Apply(xy, mapped);
        Assert.Equal(m.Apply(new Vector2(1.5f, 2.5f)), new Vector2(mapped[0], mapped[1]));
        Assert.Equal(m.Apply(new Vector2(300, -4)), new Vector2(mapped[2], mapped[3]));
        Assert.Throws<ArgumentException>(() => m.Apply(xy, new float[3]));
    }

    [Fact]
    public void Crop_box_puts_its_centre_mid_crop_and_its_axes_along_the_crop_axes()
    {
        var box = new CropBox(new Vector2(320, 240), 200, 0.6f);
        var m = box.SourceToCrop(256);
        Assert.True(Vector2.Distance(new Vector2(128, 128), m.Apply(box.CentrePx)) < 1e-3f);
        // One half-side along the box's own x axis from the centre lands on the crop's right edge, mid-height.
        var alongX = box.CentrePx + 100 * new Vector2(MathF.Cos(0.6f), MathF.Sin(0.6f));
        Assert.True(Vector2.Distance(new Vector2(256, 128), m.Apply(alongX)) < 1e-3f);
        var alongY = box.CentrePx + 100 * new Vector2(-MathF.Sin(0.6f), MathF.Cos(0.6f));
        Assert.True(Vector2.Distance(new Vector2(128, 256), m.Apply(alongY)) < 1e-3f);
    }

    [Fact]
    public void Keypoints_mapped_to_the_crop_and_back_return_where_they_were()
    {
        var r = new Random(3);
        var box = new CropBox(new Vector2(301.7f, 188.2f), 173.5f, -2.3f);
        var keypoints = new Vector2[21];
        for (int i = 0; i < keypoints.Length; i++)
        {
            keypoints[i] = new Vector2((float)(r.NextDouble() * 640), (float)(r.NextDouble() * 480));
        }
        var crop = new Vector2[21];
        var back = new Vector2[21];
        box.MapToCrop(keypoints, crop, 128);
        box.MapToSource(crop, back, 128);
        for (int i = 0; i < keypoints.Length; i++)
        {
            Assert.True(Vector2.Distance(keypoints[i], back[i]) < 1e-3f, $"keypoint {i}: {keypoints[i]} came back as {back[i]}");
        }
    }

    [Fact]
    public void Crop_box_around_points_contains_them_all()
    {
        Vector2[] points = [new(10, 20), new(50, 25), new(30, 90), new(12, 60)];
        foreach (float rotation in new[] { 0f, 0.4f, -1.2f })
        {
            var box = CropBox.Around(points, 1.2f, rotation);
            var m = box.SourceToCrop(100);
            foreach (var p in points)
            {
                var q = m.Apply(p);
                Assert.InRange(q.X, 0, 100);
                Assert.InRange(q.Y, 0, 100);
            }
        }
    }

    [Fact]
    public void Crop_box_with_no_size_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new CropBox(Vector2.Zero, 0, 0).SourceToCrop(64));
        Assert.Throws<InvalidOperationException>(() => new CropBox(new Vector2(float.NaN, 0), 10, 0).SourceToCrop(64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CropBox(Vector2.Zero, 10, 0).SourceToCrop(0));
    }
}
