namespace Hamr.HandModel.Export;

/// <summary>
/// The axes exported coordinates are written in. The hand layer's output lives in the project's camera space (OpenCV:
/// x right, y down, z forward, metres; DESIGN.md); glTF, and most viewers' OBJ/PLY import, expect y up with the viewer
/// looking down −z.
/// </summary>
public enum ExportAxes
{
    /// <summary>
    /// y up (glTF): the rotation by 180° about x, (x, y, z) → (x, −y, −z). A proper rotation (det +1), so handedness
    /// and triangle winding are kept; a hand seen by the camera is seen the same way by a viewer's default camera
    /// (image up = +y, the camera looking along −z).
    /// </summary>
    YUp,

    /// <summary>The coordinates as given (camera or model space), unchanged.</summary>
    Source,
}

/// <summary>Applies an <see cref="ExportAxes"/> choice to points, directions and rotation matrices.</summary>
public static class ExportFrame
{
    /// <summary>The sign each axis picks up: C = diag(1, −1, −1) for <see cref="ExportAxes.YUp"/>, I otherwise.</summary>
    public static (int X, int Y, int Z) Signs(ExportAxes axes) => axes switch
    {
        ExportAxes.YUp => (1, -1, -1),
        ExportAxes.Source => (1, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(axes), axes, "unknown axes"),
    };

    /// <summary>Maps points or directions [N, 3] in place: p → C·p.</summary>
    public static void ApplyToPoints(ExportAxes axes, Span<float> points)
    {
        if (points.Length % 3 != 0)
        {
            throw new ArgumentException($"points hold {points.Length} values, not a multiple of 3", nameof(points));
        }

        var (sx, sy, sz) = Signs(axes);
        for (int i = 0; i < points.Length; i += 3)
        {
            points[i] *= sx;
            points[i + 1] *= sy;
            points[i + 2] *= sz;
        }
    }

    /// <summary>Maps row-major 3×3 rotations [N, 9] in place: R → C·R·Cᵀ (the same rotation seen in the new axes).</summary>
    public static void ApplyToRotations(ExportAxes axes, Span<double> rotations)
    {
        if (rotations.Length % 9 != 0)
        {
            throw new ArgumentException($"rotations hold {rotations.Length} values, not a multiple of 9", nameof(rotations));
        }

        var (sx, sy, sz) = Signs(axes);
        Span<int> s = [sx, sy, sz];
        for (int i = 0; i < rotations.Length; i += 9)
        {
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    rotations[i + (3 * r) + c] *= s[r] * s[c];
                }
            }
        }
    }
}
