using System.Numerics;

namespace Hamr.Imaging.Transforms;

/// <summary>
/// A 2D affine map as a 2×3 matrix, p' = [M00 M01; M10 M11]·p + [M02; M12], in continuous pixel coordinates:
/// pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5), x right, y down. Keypoints,
/// crops, warps and flips all use this convention, so a point at a pixel centre maps to the matching pixel centre.
/// Stored in double: crops compose several maps and keypoints go forward and back through them.
/// </summary>
public readonly record struct Affine2(double M00, double M01, double M02, double M10, double M11, double M12)
{
    /// <summary>The map that leaves every point where it is.</summary>
    public static Affine2 Identity => new(1, 0, 0, 0, 1, 0);

    /// <summary>p' = p + (tx, ty).</summary>
    public static Affine2 Translation(double tx, double ty) => new(1, 0, tx, 0, 1, ty);

    /// <summary>p' = (sx·x, sy·y), about the origin.</summary>
    public static Affine2 Scale(double sx, double sy) => new(sx, 0, 0, 0, sy, 0);

    /// <summary>Uniform scale by <paramref name="s"/> about the origin.</summary>
    public static Affine2 Scale(double s) => Scale(s, s);

    /// <summary>
    /// Rotation by <paramref name="radians"/> about the origin, turning the +x axis towards +y: clockwise on
    /// screen, because y points down.
    /// </summary>
    public static Affine2 Rotation(double radians)
    {
        double c = Math.Cos(radians), s = Math.Sin(radians);
        return new(c, -s, 0, s, c, 0);
    }

    /// <summary>Rotation by <paramref name="radians"/> (as <see cref="Rotation(double)"/>) about <paramref name="centre"/>.</summary>
    public static Affine2 Rotation(double radians, Vector2 centre) =>
        Translation(centre.X, centre.Y) * Rotation(radians) * Translation(-centre.X, -centre.Y);

    /// <summary>Mirror left–right of an image <paramref name="width"/> pixels wide: x' = width − x.</summary>
    public static Affine2 FlipHorizontal(int width) => new(-1, 0, width, 0, 1, 0);

    /// <summary>Mirror top–bottom of an image <paramref name="height"/> pixels high: y' = height − y.</summary>
    public static Affine2 FlipVertical(int height) => new(1, 0, 0, 0, -1, height);

    /// <summary>Determinant of the linear part (area scale; negative when the map mirrors).</summary>
    public double Determinant => M00 * M11 - M01 * M10;

    /// <summary>The map that undoes this one; throws when it is singular (it collapses the plane onto a line).</summary>
    public Affine2 Inverse
    {
        get
        {
            double det = Determinant;
            double scale = Math.Max(Math.Max(Math.Abs(M00), Math.Abs(M01)), Math.Max(Math.Abs(M10), Math.Abs(M11)));
            if (!(Math.Abs(det) > 1e-12 * scale * scale))
            {
                throw new InvalidOperationException($"affine map {this} is singular (determinant {det}) and has no inverse");
            }
            double i00 = M11 / det, i01 = -M01 / det, i10 = -M10 / det, i11 = M00 / det;
            return new(i00, i01, -(i00 * M02 + i01 * M12), i10, i11, -(i10 * M02 + i11 * M12));
        }
    }

    /// <summary>outer ∘ inner: the map that applies <paramref name="inner"/> first, then <paramref name="outer"/>.</summary>
    public static Affine2 Compose(Affine2 outer, Affine2 inner) => new(
        outer.M00 * inner.M00 + outer.M01 * inner.M10,
        outer.M00 * inner.M01 + outer.M01 * inner.M11,
        outer.M00 * inner.M02 + outer.M01 * inner.M12 + outer.M02,
        outer.M10 * inner.M00 + outer.M11 * inner.M10,
        outer.M10 * inner.M01 + outer.M11 * inner.M11,
        outer.M10 * inner.M02 + outer.M11 * inner.M12 + outer.M12);

    /// <summary>Matrix product: (a * b)(p) = a(b(p)), as <see cref="Compose"/>.</summary>
    public static Affine2 operator *(Affine2 outer, Affine2 inner) => Compose(outer, inner);

    /// <summary>This map followed by <paramref name="next"/>.</summary>
    public Affine2 Then(Affine2 next) => Compose(next, this);

    /// <summary>The image of point (x, y).</summary>
    public (double X, double Y) Apply(double x, double y) => (M00 * x + M01 * y + M02, M10 * x + M11 * y + M12);

    /// <summary>The image of <paramref name="point"/> (computed in double, returned as float).</summary>
    public Vector2 Apply(Vector2 point)
    {
        var (x, y) = Apply(point.X, point.Y);
        return new((float)x, (float)y);
    }

    /// <summary>Maps every point of <paramref name="source"/> into <paramref name="destination"/> (same length; may be the same span).</summary>
    public void Apply(ReadOnlySpan<Vector2> source, Span<Vector2> destination)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} points, source {source.Length}", nameof(destination));
        }
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = Apply(source[i]);
        }
    }

    /// <summary>Maps interleaved (x, y) pairs, e.g. a [21, 2] keypoint tensor's data (same length; may be the same span).</summary>
    public void Apply(ReadOnlySpan<float> sourceXy, Span<float> destinationXy)
    {
        if (sourceXy.Length % 2 != 0 || destinationXy.Length != sourceXy.Length)
        {
            throw new ArgumentException($"expected interleaved (x, y) pairs of equal length, got {sourceXy.Length} and {destinationXy.Length} floats", nameof(destinationXy));
        }
        for (int i = 0; i < sourceXy.Length; i += 2)
        {
            var (x, y) = Apply(sourceXy[i], sourceXy[i + 1]);
            destinationXy[i] = (float)x;
            destinationXy[i + 1] = (float)y;
        }
    }

    public override string ToString() => $"[{M00:G6} {M01:G6} {M02:G6}; {M10:G6} {M11:G6} {M12:G6}]";
}
