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
        float area = (Bx - Ax) * (Cy - Ay) - (By - Ay) * (Cx - Ax);
        Orientation = area > 0 ? 1 : area < 0 ? -1 : 0;
        return X0 <= X1 && Y0 <= Y1;
    }

    /// <summary>
    /// Squared distance from (px, py) to the triangle's boundary, whether (px, py) is inside, and the nearest edge
    /// (0: A→B, 1: B→C, 2: C→A) with the foot point's parameter t along it and the offset point − foot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Distance2(float px, float py, out bool inside, out int edge, out float t, out float offX, out float offY)
    {
        float d0 = Segment(Ax, Ay, Bx, By, px, py, out float t0, out float ox0, out float oy0, out float c0);
        float d1 = Segment(Bx, By, Cx, Cy, px, py, out float t1, out float ox1, out float oy1, out float c1);
        float d2 = Segment(Cx, Cy, Ax, Ay, px, py, out float t2, out float ox2, out float oy2, out float c2);
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

    /// <summary>Squared distance from p to segment a→b, the foot parameter, p − foot, and the cross product (side).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Segment(float ax, float ay, float bx, float by, float px, float py, out float t, out float offX, out float offY, out float cross)
    {
        float ex = bx - ax, ey = by - ay;
        float wx = px - ax, wy = py - ay;
        float len2 = ex * ex + ey * ey;
        cross = ex * wy - ey * wx;
        t = len2 > 0 ? Math.Clamp((wx * ex + wy * ey) / len2, 0f, 1f) : 0f;
        offX = wx - t * ex;
        offY = wy - t * ey;
        return offX * offX + offY * offY;
    }
}
