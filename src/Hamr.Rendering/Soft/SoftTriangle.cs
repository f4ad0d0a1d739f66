using System.Runtime.CompilerServices;

namespace Hamr.Rendering.Soft;

/// <summary>
/// One projected triangle as the soft silhouette sees it: its three corners (pixels), the pixel window its soft
/// edge can reach, and the squared distance from a point to its boundary with the nearest edge's foot point.
/// </summary>
internal struct SoftTriangle
{
    public float Ax, Ay, Bx, By, Cx, Cy;

    /// <summary>Orientation of the corners (+1, −1, or 0 when degenerate: then no point is inside).</summary>
    public float Orientation;

    // Edge vectors A→B, B→C, C→A and their inverse squared lengths (0 for a degenerate edge).
    private float _e0x, _e0y, _e1x, _e1y, _e2x, _e2y, _inv0, _inv1, _inv2;

    /// <summary>Pixel columns and rows (inclusive) whose centres lie within the cut-off distance of the bounding box.</summary>
    public int X0, X1, Y0, Y1;

    /// <summary>Loads face corners from [V, 2] pixel coordinates and bounds them; false when no pixel is reached.</summary>
    public bool Load(ReadOnlySpan<float> vertices, int i0, int i1, int i2, float reach, int width, int rowStart, int rowEnd)
    {
        Ax = vertices[2 * i0];
        Ay = vertices[2 * i0 + 1];
        Bx = vertices[2 * i1];
        By = vertices[2 * i1 + 1];
        Cx = vertices[2 * i2];
        Cy = vertices[2 * i2 + 1];
        float minX = MathF.Min(Ax, MathF.Min(Bx, Cx)) - reach, maxX = MathF.Max(Ax, MathF.Max(Bx, Cx)) + reach;
        float minY = MathF.Min(Ay, MathF.Min(By, Cy)) - reach, maxY = MathF.Max(Ay, MathF.Max(By, Cy)) + reach;
        // Pixel centres sit at i + 0.5; clamp in float before converting so far-away triangles cannot overflow.
        X0 = (int)MathF.Ceiling(Math.Clamp(minX - 0.5f, -1f, width));
        X1 = (int)MathF.Floor(Math.Clamp(maxX - 0.5f, -1f, width));
        Y0 = (int)MathF.Ceiling(Math.Clamp(minY - 0.5f, -1f, rowEnd));
        Y1 = (int)MathF.Floor(Math.Clamp(maxY - 0.5f, -1f, rowEnd));
        X0 = Math.Max(X0, 0);
        X1 = Math.Min(X1, width - 1);
        Y0 = Math.Max(Y0, rowStart);
        Y1 = Math.Min(Y1, rowEnd - 1);
        if (X0 > X1 || Y0 > Y1)
        {
            return false;
        }
        _e0x = Bx - Ax;
        _e0y = By - Ay;
        _e1x = Cx - Bx;
        _e1y = Cy - By;
        _e2x = Ax - Cx;
        _e2y = Ay - Cy;
        _inv0 = InverseLength2(_e0x, _e0y);
        _inv1 = InverseLength2(_e1x, _e1y);
        _inv2 = InverseLength2(_e2x, _e2y);
        float area = _e0x * (Cy - Ay) - _e0y * (Cx - Ax);
        Orientation = area > 0 ? 1 : area < 0 ? -1 : 0;
        return true;
    }

    /// <summary>
    /// Squared distance from (px, py) to the triangle's boundary, whether (px, py) is inside, and the nearest edge
    /// (0: A→B, 1: B→C, 2: C→A) with the foot point's parameter t along it and the offset point − foot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Distance2(float px, float py, out bool inside, out int edge, out float t, out float offX, out float offY)
    {
        float d0 = Segment(Ax, Ay, _e0x, _e0y, _inv0, px, py, out float t0, out float ox0, out float oy0, out float c0);
        float d1 = Segment(Bx, By, _e1x, _e1y, _inv1, px, py, out float t1, out float ox1, out float oy1, out float c1);
        float d2 = Segment(Cx, Cy, _e2x, _e2y, _inv2, px, py, out float t2, out float ox2, out float oy2, out float c2);
        float o = Orientation;
        inside = o != 0 && c0 * o > 0 && c1 * o > 0 && c2 * o > 0;
        edge = 0;
        t = t0;
        offX = ox0;
        offY = oy0;
        float best = d0;
        if (d1 < best)
        {
            best = d1;
            edge = 1;
            t = t1;
            offX = ox1;
            offY = oy1;
        }
        if (d2 < best)
        {
            best = d2;
            edge = 2;
            t = t2;
            offX = ox2;
            offY = oy2;
        }
        return best;
    }

    private static float InverseLength2(float ex, float ey)
    {
        float len2 = ex * ex + ey * ey;
        return len2 > 0 ? 1 / len2 : 0;
    }

    /// <summary>Squared distance from p to segment a→(a + e), the foot parameter, p − foot, and the cross product (side).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Segment(float ax, float ay, float ex, float ey, float invLen2, float px, float py, out float t, out float offX, out float offY, out float cross)
    {
        float wx = px - ax, wy = py - ay;
        cross = ex * wy - ey * wx;
        t = Math.Clamp((wx * ex + wy * ey) * invLen2, 0f, 1f);
        offX = wx - t * ex;
        offY = wy - t * ey;
        return offX * offX + offY * offY;
    }
}
