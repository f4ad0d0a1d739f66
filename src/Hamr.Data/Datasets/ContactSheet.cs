using System.Numerics;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Imaging.Drawing;

namespace Hamr.Data.Datasets;

/// <summary>
/// A grid of hand crops with their 21 keypoints drawn over them, to look at a dataset: bones and joints coloured per
/// finger (<see cref="SkeletonPalette.Hand"/>), visible keypoints as filled dots, invisible ones as hollow rings
/// with dimmed bones.
/// </summary>
public static class ContactSheet
{
    private static readonly Rgba[] s_colours = SkeletonPalette.PerPoint(HandJoints.KeypointFinger, SkeletonPalette.Hand);
    private static readonly Rgba[] s_dimmed = [.. s_colours.Select(c => c.WithAlpha(0.45f))];

    /// <summary>
    /// Draws <paramref name="tiles"/> (square RGB crops of one size, each with keypoints [21, 2] in its pixels and a
    /// visibility flag per keypoint) into a grid <paramref name="columns"/> wide, with a 2-pixel gray gutter.
    /// </summary>
    public static Image Draw(IReadOnlyList<(Image Image, float[] Keypoints2D, bool[] Visible)> tiles, int columns = 8)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("a contact sheet needs at least one sample", nameof(tiles));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        int size = tiles[0].Image.Width;
        const int Gutter = 2;
        columns = Math.Min(columns, tiles.Count);
        int rows = (tiles.Count + columns - 1) / columns;
        var sheet = new Image(columns * (size + Gutter) + Gutter, rows * (size + Gutter) + Gutter, 3);
        sheet.Pixels.AsSpan().Fill(64);
        float scale = size / 128f;
        foreach (var (tile, index) in tiles.Select((t, i) => (t, i)))
        {
            if (tile.Image.Width != size || tile.Image.Height != size || tile.Image.Channels != 3)
            {
                throw new ArgumentException($"tile {index} is {tile.Image}, expected {size}×{size}×3", nameof(tiles));
            }
            var canvas = tile.Image.Clone();
            DrawKeypoints(canvas, tile.Keypoints2D, tile.Visible, scale);
            int x0 = Gutter + index % columns * (size + Gutter), y0 = Gutter + index / columns * (size + Gutter);
            for (int y = 0; y < size; y++)
            {
                canvas.Row(y).CopyTo(sheet.Row(y0 + y).Slice(x0 * 3, size * 3));
            }
        }
        return sheet;
    }

    /// <summary>Draws the 21-keypoint skeleton on <paramref name="image"/>: dimmed bones throughout, bright ones between visible keypoints.</summary>
    public static void DrawKeypoints(Image image, ReadOnlySpan<float> keypoints2D, ReadOnlySpan<bool> visible, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(image);
        Canvas.DrawSkeleton(image, keypoints2D, HandJoints.KeypointParents, s_dimmed, 1.2f * scale, 0);
        Canvas.DrawSkeleton(image, keypoints2D, HandJoints.KeypointParents, s_colours, 1.5f * scale, 2f * scale, visible);
        for (int q = 0; q < visible.Length; q++)
        {
            if (!visible[q])
            {
                Canvas.DrawCircle(image, new Vector2(keypoints2D[2 * q], keypoints2D[2 * q + 1]), 2f * scale, 0.8f * scale, s_colours[q]);
            }
        }
    }
}
