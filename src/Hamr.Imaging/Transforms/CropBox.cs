using System.Numerics;

namespace Hamr.Imaging.Transforms;

/// <summary>
/// A square, possibly rotated box in a source image (the hand crop): centre and side in source pixels, and the
/// angle of the box's x axis measured from the source's +x axis towards +y (clockwise on screen, y down).
/// <see cref="SourceToCrop"/> is the affine from source to an N×N crop of the box's content, upright: the box's
/// centre lands on the crop's centre (N/2, N/2) and its side on N pixels. Warp with it, map keypoints forward
/// with it, and back with <see cref="CropToSource"/>.
/// </summary>
public readonly record struct CropBox(Vector2 CentrePx, float SizePx, float RotationRad)
{
    /// <summary>source → crop pixels for an <paramref name="outputSize"/>×<paramref name="outputSize"/> crop.</summary>
    public Affine2 SourceToCrop(int outputSize)
    {
        if (outputSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "crop size must be positive");
        }
        if (!(SizePx > 0) || !float.IsFinite(SizePx) || !float.IsFinite(CentrePx.X) || !float.IsFinite(CentrePx.Y) || !float.IsFinite(RotationRad))
        {
            throw new InvalidOperationException($"crop box {this} needs a finite centre and rotation and a positive size");
        }
        double half = outputSize / 2.0;
        // Move the centre to the origin, turn the box upright (undo its rotation), scale its side to the output, recentre.
        return Affine2.Translation(-CentrePx.X, -CentrePx.Y)
            .Then(Affine2.Rotation(-RotationRad))
            .Then(Affine2.Scale(outputSize / (double)SizePx))
            .Then(Affine2.Translation(half, half));
    }

    /// <summary>crop → source pixels: the inverse of <see cref="SourceToCrop"/>.</summary>
    public Affine2 CropToSource(int outputSize) => SourceToCrop(outputSize).Inverse;

    /// <summary>Maps source-pixel points into crop pixels (e.g. ground-truth keypoints into the network's input).</summary>
    public void MapToCrop(ReadOnlySpan<Vector2> source, Span<Vector2> crop, int outputSize) => SourceToCrop(outputSize).Apply(source, crop);

    /// <summary>Maps crop-pixel points back into the source image (e.g. predicted keypoints).</summary>
    public void MapToSource(ReadOnlySpan<Vector2> crop, Span<Vector2> source, int outputSize) => CropToSource(outputSize).Apply(crop, source);

    /// <summary>
    /// The box centred on the axis-aligned bounding box of <paramref name="points"/> (taken in the box's rotated
    /// frame), its side the larger extent times <paramref name="scale"/> (e.g. 1.3 leaves a margin around a hand).
    /// </summary>
    public static CropBox Around(ReadOnlySpan<Vector2> points, float scale = 1f, float rotationRad = 0f)
    {
        if (points.IsEmpty)
        {
            throw new ArgumentException("need at least one point", nameof(points));
        }
        // Extents along the box's own axes, so a rotated box hugs the points as tightly as an upright one would.
        float c = MathF.Cos(rotationRad), s = MathF.Sin(rotationRad);
        float minU = float.MaxValue, maxU = float.MinValue, minV = float.MaxValue, maxV = float.MinValue;
        foreach (var p in points)
        {
            float u = c * p.X + s * p.Y, v = -s * p.X + c * p.Y;
            minU = MathF.Min(minU, u);
            maxU = MathF.Max(maxU, u);
            minV = MathF.Min(minV, v);
            maxV = MathF.Max(maxV, v);
        }
        float cu = (minU + maxU) / 2, cv = (minV + maxV) / 2;
        var centre = new Vector2(c * cu - s * cv, s * cu + c * cv);
        float side = MathF.Max(MathF.Max(maxU - minU, maxV - minV) * scale, 1f);
        return new CropBox(centre, side, rotationRad);
    }
}
