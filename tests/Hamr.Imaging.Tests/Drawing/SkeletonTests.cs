using System.Numerics;
using Hamr.Imaging.Drawing;

namespace Hamr.Imaging.Tests.Drawing;

public sealed class SkeletonTests
{
    // The 21-keypoint hand's parents and fingers (copied from HandModel/HandJoints.cs: Imaging may not reference it).
    private static readonly int[] Parents = [-1, 0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 13, 14, 15, 0, 17, 18, 19];
    private static readonly int[] Finger = [0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5];

    private static Vector2[] FanHand()
    {
        // Wrist at the bottom, five straight fingers fanning upwards, joints 10 px apart.
        var points = new Vector2[21];
        points[0] = new Vector2(64, 110);
        for (int f = 0; f < 5; f++)
        {
            float angle = -MathF.PI / 2 + (f - 2) * 0.35f;
            for (int j = 1; j <= 4; j++)
            {
                points[1 + 4 * f + j - 1] = points[0] + (15 + 12 * j) * new Vector2(MathF.Cos(angle), MathF.Sin(angle));
            }
        }
        return points;
    }

    [Fact]
    public void Hand_palette_has_six_distinct_colours()
    {
        Assert.Equal(SkeletonPalette.HandColourCount, SkeletonPalette.Hand.Length);
        Assert.Equal(6, SkeletonPalette.Hand.ToArray().Distinct().Count());
    }

    [Fact]
    public void Bones_and_joints_take_their_finger_colour()
    {
        var image = new Image(128, 128, 3);
        var points = FanHand();
        var colours = SkeletonPalette.PerPoint(Finger, SkeletonPalette.Hand);
        Canvas.DrawSkeleton(image, points, Parents, colours, boneThickness: 3, jointRadius: 3);
        for (int i = 0; i < 21; i++)
        {
            var expected = colours[i];
            int x = (int)points[i].X, y = (int)points[i].Y;
            Assert.Equal([expected.R, expected.G, expected.B], image.Row(y).Slice(x * 3, 3).ToArray());
        }
        // Middle of the index finger's second bone (points 6 -> 7).
        var mid = (points[6] + points[7]) / 2;
        var index = SkeletonPalette.Hand[2];
        Assert.Equal([index.R, index.G, index.B], image.Row((int)mid.Y).Slice((int)mid.X * 3, 3).ToArray());
    }

    [Fact]
    public void Invisible_points_draw_neither_their_dot_nor_their_bones()
    {
        var points = FanHand();
        var colours = SkeletonPalette.PerPoint(Finger, SkeletonPalette.Hand);
        var visible = Enumerable.Repeat(true, 21).ToArray();
        visible[8] = false; // index tip
        var image = new Image(128, 128, 3);
        Canvas.DrawSkeleton(image, points, Parents, colours, 3, 3, visible);
        Assert.Equal(0, image[(int)points[8].X, (int)points[8].Y, 0] + image[(int)points[8].X, (int)points[8].Y, 1]);
        var mid = (points[7] + points[8]) / 2;
        Assert.Equal(0, image[(int)mid.X, (int)mid.Y, 1]);
    }

    [Fact]
    public void Interleaved_float_points_draw_the_same_as_vectors()
    {
        var points = FanHand();
        var xy = points.SelectMany(p => new[] { p.X, p.Y }).ToArray();
        var colours = SkeletonPalette.PerPoint(Finger, SkeletonPalette.Hand);
        var a = new Image(128, 128, 4);
        var b = new Image(128, 128, 4);
        Canvas.DrawSkeleton(a, points, Parents, colours);
        Canvas.DrawSkeleton(b, xy, Parents, colours);
        Assert.Equal(a.Pixels, b.Pixels);
    }

    [Fact]
    public void Mismatched_tables_are_refused()
    {
        var image = new Image(16, 16, 3);
        var colours = SkeletonPalette.PerPoint(Finger, SkeletonPalette.Hand);
        Assert.Throws<ArgumentException>(() => Canvas.DrawSkeleton(image, new Vector2[20], Parents, colours));
        Assert.Throws<ArgumentOutOfRangeException>(() => Canvas.DrawSkeleton(image, new Vector2[3], [-1, 0, 7], colours.AsSpan(0, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SkeletonPalette.PerPoint([0, 6], SkeletonPalette.Hand));
    }
}
