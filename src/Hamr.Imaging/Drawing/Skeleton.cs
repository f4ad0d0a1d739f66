using System.Numerics;

namespace Hamr.Imaging.Drawing;

/// <summary>Colours for skeleton overlays: one per group of points (for a hand: wrist and the five fingers).</summary>
public static class SkeletonPalette
{
    private static readonly Rgba[] s_hand =
    [
        new(230, 230, 230), // wrist: light gray
        new(230, 60, 60),   // thumb: red
        new(240, 190, 40),  // index: amber
        new(60, 200, 80),   // middle: green
        new(50, 150, 240),  // ring: blue
        new(200, 80, 220),  // pinky: violet
    ];

    /// <summary>Six colours: wrist, thumb, index, middle, ring, pinky (index with HandJoints.KeypointFinger).</summary>
    public static ReadOnlySpan<Rgba> Hand => s_hand;

    /// <summary>Number of colours in <see cref="Hand"/>.</summary>
    public const int HandColourCount = 6;

    /// <summary>A colour per point: <paramref name="palette"/>[<paramref name="groupOfPoint"/>[i]] (e.g. the finger of each keypoint).</summary>
    public static Rgba[] PerPoint(ReadOnlySpan<int> groupOfPoint, ReadOnlySpan<Rgba> palette)
    {
        var colours = new Rgba[groupOfPoint.Length];
        for (int i = 0; i < colours.Length; i++)
        {
            if ((uint)groupOfPoint[i] >= (uint)palette.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(groupOfPoint), $"point {i} is in group {groupOfPoint[i]}, but the palette has {palette.Length} colours");
            }
            colours[i] = palette[groupOfPoint[i]];
        }
        return colours;
    }
}

public static partial class Canvas
{
    /// <summary>
    /// Draws a skeleton: for every point i with a parent (<paramref name="parents"/>[i] ≥ 0) a bone from the parent to
    /// i in i's colour, then a dot on every point, so joints sit on top of bones. Points that are not visible
    /// (<paramref name="visible"/>, empty = all visible) or not finite are skipped with their bones. The tables are
    /// the caller's (for a hand: HandJoints.KeypointParents, and SkeletonPalette.PerPoint(HandJoints.KeypointFinger,
    /// SkeletonPalette.Hand)), which keeps Imaging free of the hand model.
    /// </summary>
    public static void DrawSkeleton(Image image, ReadOnlySpan<Vector2> points, ReadOnlySpan<int> parents, ReadOnlySpan<Rgba> colours,
        float boneThickness = 2f, float jointRadius = 2.5f, ReadOnlySpan<bool> visible = default)
    {
        CheckCanvas(image);
        if (parents.Length != points.Length || colours.Length != points.Length || (!visible.IsEmpty && visible.Length != points.Length))
        {
            throw new ArgumentException($"skeleton tables disagree: {points.Length} points, {parents.Length} parents, {colours.Length} colours, {visible.Length} visibility flags");
        }
        for (int i = 0; i < points.Length; i++)
        {
            int parent = parents[i];
            if (parent >= points.Length || parent < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(parents), $"point {i} has parent {parent}, outside -1..{points.Length - 1}");
            }
            if (parent >= 0 && Shown(points, visible, i) && Shown(points, visible, parent))
            {
                DrawLine(image, points[parent], points[i], boneThickness, colours[i]);
            }
        }
        for (int i = 0; i < points.Length; i++)
        {
            if (Shown(points, visible, i) && jointRadius > 0)
            {
                FillCircle(image, points[i], jointRadius, colours[i]);
            }
        }
    }

    /// <summary>As the <see cref="Vector2"/> overload, with points as interleaved (x, y) floats (a [N, 2] keypoint tensor's data).</summary>
    public static void DrawSkeleton(Image image, ReadOnlySpan<float> pointsXy, ReadOnlySpan<int> parents, ReadOnlySpan<Rgba> colours,
        float boneThickness = 2f, float jointRadius = 2.5f, ReadOnlySpan<bool> visible = default)
    {
        if (pointsXy.Length % 2 != 0)
        {
            throw new ArgumentException($"expected interleaved (x, y) pairs, got {pointsXy.Length} floats", nameof(pointsXy));
        }
        DrawSkeleton(image, System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector2>(pointsXy), parents, colours, boneThickness, jointRadius, visible);
    }

    private static bool Shown(ReadOnlySpan<Vector2> points, ReadOnlySpan<bool> visible, int i) =>
        (visible.IsEmpty || visible[i]) && IsFinite(points[i]);
}
