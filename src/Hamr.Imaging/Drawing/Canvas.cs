using System.Numerics;

namespace Hamr.Imaging.Drawing;

/// <summary>
/// Anti-aliased drawing on 3- or 4-channel images (lines with thickness, circles, filled polygons, skeletons),
/// alpha-blending an <see cref="Rgba"/> paint. Coordinates are continuous pixels (pixel (i, j) covers
/// [i, i+1) × [j, j+1), centre (i + 0.5, j + 0.5)), as keypoints and <see cref="Transforms.Affine2"/> use.
/// Coverage of a pixel is the overlap of its 1-pixel-wide span, across the shape's edge, with the shape: exact for
/// edges parallel to the pixel grid, and a close approximation elsewhere. The paint's alpha times that coverage is
/// composited "over" the pixel (straight alpha): alpha 0 leaves pixels untouched, alpha 255 with full coverage
/// sets them to the paint (and to opaque on RGBA images).
/// </summary>
public static partial class Canvas
{
    /// <summary>
    /// Draws the segment <paramref name="from"/>–<paramref name="to"/> as a capsule <paramref name="thickness"/> pixels wide
    /// (round caps of radius thickness/2 at both ends; a single point draws a dot).
    /// </summary>
    public static void DrawLine(Image image, Vector2 from, Vector2 to, float thickness, Rgba colour)
    {
        CheckCanvas(image);
        CheckThickness(thickness);
        if (!IsFinite(from) || !IsFinite(to) || colour.A == 0)
        {
            return;
        }
        float half = thickness / 2, reach = half + 0.5f;
        // Clip to the canvas grown by the reach first: far-off ends would make the float geometry below overflow,
        // and a cap moved onto the grown edge is still out of sight.
        if (!ClipSegment(ref from, ref to, -reach - 1, -reach - 1, image.Width + reach + 1, image.Height + reach + 1))
        {
            return;
        }
        Vector2 d = to - from;
        float lengthSq = d.LengthSquared();
        int y0 = Math.Max(0, (int)MathF.Floor(MathF.Min(from.Y, to.Y) - reach)), y1 = Math.Min(image.Height - 1, (int)MathF.Ceiling(MathF.Max(from.Y, to.Y) + reach));
        for (int y = y0; y <= y1; y++)
        {
            float py = y + 0.5f;
            if (!CapsuleRowSpan(from, to, reach, py, out float xa, out float xb))
            {
                continue;
            }
            int x0 = Math.Max(0, (int)MathF.Floor(xa - 0.5f)), x1 = Math.Min(image.Width - 1, (int)MathF.Ceiling(xb));
            Span<byte> row = image.Row(y);
            for (int x = x0; x <= x1; x++)
            {
                var p = new Vector2(x + 0.5f, py);
                float t = lengthSq > 0 ? Math.Clamp(Vector2.Dot(p - from, d) / lengthSq, 0f, 1f) : 0f;
                float distance = Vector2.Distance(p, from + t * d);
                Blend(row, x, image.Channels, colour, BandCoverage(distance, half));
            }
        }
    }

    /// <summary>Fills the disc of <paramref name="radius"/> pixels around <paramref name="centre"/>.</summary>
    public static void FillCircle(Image image, Vector2 centre, float radius, Rgba colour) => Circle(image, centre, radius, 0, colour, filled: true);

    /// <summary>Draws the circle of <paramref name="radius"/> as a ring <paramref name="thickness"/> pixels wide, centred on the radius.</summary>
    public static void DrawCircle(Image image, Vector2 centre, float radius, float thickness, Rgba colour)
    {
        CheckThickness(thickness);
        Circle(image, centre, radius, thickness, colour, filled: false);
    }

    private static void Circle(Image image, Vector2 centre, float radius, float thickness, Rgba colour, bool filled)
    {
        CheckCanvas(image);
        if (!(radius >= 0) || !float.IsFinite(radius))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "radius must be finite and ≥ 0");
        }
        if (!IsFinite(centre) || colour.A == 0)
        {
            return;
        }
        float reach = (filled ? radius : radius + thickness / 2) + 0.5f;
        int y0 = Math.Max(0, (int)MathF.Floor(centre.Y - reach)), y1 = Math.Min(image.Height - 1, (int)MathF.Ceiling(centre.Y + reach));
        for (int y = y0; y <= y1; y++)
        {
            float dy = y + 0.5f - centre.Y;
            if (dy * dy > reach * reach)
            {
                continue;
            }
            float dx = MathF.Sqrt(reach * reach - dy * dy);
            int x0 = Math.Max(0, (int)MathF.Floor(centre.X - dx - 0.5f)), x1 = Math.Min(image.Width - 1, (int)MathF.Ceiling(centre.X + dx));
            Span<byte> row = image.Row(y);
            for (int x = x0; x <= x1; x++)
            {
                float distance = Vector2.Distance(new Vector2(x + 0.5f, y + 0.5f), centre);
                float coverage = filled ? BandCoverage(distance, radius) : BandCoverage(MathF.Abs(distance - radius), thickness / 2);
                Blend(row, x, image.Channels, colour, coverage);
            }
        }
    }

    /// <summary>
    /// Liang–Barsky clip of segment a–b to a rectangle, in double; false when nothing is left. A clipped end is put
    /// exactly on the plane that clipped it, so even ends at ±1e30 come back accurate.
    /// </summary>
    private static bool ClipSegment(ref Vector2 a, ref Vector2 b, double xMin, double yMin, double xMax, double yMax)
    {
        double x0 = a.X, y0 = a.Y, dx = (double)b.X - a.X, dy = (double)b.Y - a.Y, t0 = 0, t1 = 1;
        int plane0 = -1, plane1 = -1;
        ReadOnlySpan<double> p = [-dx, dx, -dy, dy];
        ReadOnlySpan<double> q = [x0 - xMin, xMax - x0, y0 - yMin, yMax - y0];
        for (int i = 0; i < 4; i++)
        {
            if (p[i] == 0)
            {
                if (q[i] < 0)
                {
                    return false;
                }
                continue;
            }
            double t = q[i] / p[i];
            if (p[i] < 0 && t > t0)
            {
                (t0, plane0) = (t, i);
            }
            else if (p[i] > 0 && t < t1)
            {
                (t1, plane1) = (t, i);
            }
        }
        if (t0 > t1)
        {
            return false;
        }
        Vector2 OnPlane(int plane)
        {
            double bound = plane switch { 0 => xMin, 1 => xMax, 2 => yMin, _ => yMax };
            return plane < 2
                ? new Vector2((float)bound, (float)(y0 + (bound - x0) * (dy / dx)))
                : new Vector2((float)(x0 + (bound - y0) * (dx / dy)), (float)bound);
        }
        Vector2 start = plane0 >= 0 ? OnPlane(plane0) : a, end = plane1 >= 0 ? OnPlane(plane1) : b;
        (a, b) = (start, end);
        return true;
    }

    /// <summary>
    /// Coverage of a pixel whose centre lies <paramref name="distance"/> from the middle of a band of half-width
    /// <paramref name="half"/>: the overlap of [distance − ½, distance + ½] with [−half, half], at most 1.
    /// </summary>
    internal static float BandCoverage(float distance, float half) =>
        Math.Clamp(MathF.Min(half, distance + 0.5f) - MathF.Max(-half, distance - 0.5f), 0f, 1f);

    /// <summary>
    /// The x interval where the horizontal line y = <paramref name="py"/> meets the capsule of radius
    /// <paramref name="reach"/> around segment a–b (convex, so one interval: the hull of the two end discs and the
    /// rectangle between them). False when the line misses it.
    /// </summary>
    private static bool CapsuleRowSpan(Vector2 a, Vector2 b, float reach, float py, out float xa, out float xb)
    {
        xa = float.MaxValue;
        xb = float.MinValue;
        DiscSpan(a, reach, py, ref xa, ref xb);
        DiscSpan(b, reach, py, ref xa, ref xb);
        Vector2 d = b - a;
        float length = d.Length();
        if (length > 0)
        {
            Vector2 n = new Vector2(-d.Y, d.X) * (reach / length);
            Vector2 c0 = a + n, c1 = b + n, c2 = b - n, c3 = a - n;
            EdgeSpan(c0, c1, py, ref xa, ref xb);
            EdgeSpan(c1, c2, py, ref xa, ref xb);
            EdgeSpan(c2, c3, py, ref xa, ref xb);
            EdgeSpan(c3, c0, py, ref xa, ref xb);
        }
        return xa <= xb;
    }

    private static void DiscSpan(Vector2 c, float r, float py, ref float xa, ref float xb)
    {
        float dy = py - c.Y;
        if (dy * dy <= r * r)
        {
            float dx = MathF.Sqrt(r * r - dy * dy);
            xa = MathF.Min(xa, c.X - dx);
            xb = MathF.Max(xb, c.X + dx);
        }
    }

    private static void EdgeSpan(Vector2 p, Vector2 q, float py, ref float xa, ref float xb)
    {
        if ((p.Y <= py && py <= q.Y) || (q.Y <= py && py <= p.Y))
        {
            float x = p.Y == q.Y ? p.X : p.X + (py - p.Y) / (q.Y - p.Y) * (q.X - p.X);
            float xMax = p.Y == q.Y ? q.X : x;
            xa = MathF.Min(xa, MathF.Min(x, xMax));
            xb = MathF.Max(xb, MathF.Max(x, xMax));
        }
    }

    /// <summary>
    /// Composites <paramref name="colour"/> with its alpha times <paramref name="coverage"/> over pixel
    /// <paramref name="x"/> of <paramref name="row"/> (straight alpha; RGB images are treated as opaque).
    /// </summary>
    internal static void Blend(Span<byte> row, int x, int channels, Rgba colour, float coverage)
    {
        float a = colour.A * (1f / 255f) * coverage;
        if (!(a > 0))
        {
            return;
        }
        Span<byte> px = row.Slice(x * channels, channels);
        if (channels == 3 || px[3] == 255)
        {
            // Over an opaque pixel: a plain lerp (a = 1 gives the paint exactly).
            px[0] = (byte)(px[0] + (colour.R - px[0]) * a + 0.5f);
            px[1] = (byte)(px[1] + (colour.G - px[1]) * a + 0.5f);
            px[2] = (byte)(px[2] + (colour.B - px[2]) * a + 0.5f);
            return;
        }
        float under = px[3] * (1f / 255f) * (1 - a), outAlpha = a + under;
        px[0] = (byte)Math.Clamp((colour.R * a + px[0] * under) / outAlpha + 0.5f, 0f, 255f);
        px[1] = (byte)Math.Clamp((colour.G * a + px[1] * under) / outAlpha + 0.5f, 0f, 255f);
        px[2] = (byte)Math.Clamp((colour.B * a + px[2] * under) / outAlpha + 0.5f, 0f, 255f);
        px[3] = (byte)Math.Clamp(outAlpha * 255f + 0.5f, 0f, 255f);
    }

    private static void CheckCanvas(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels < 3)
        {
            throw new ArgumentException($"drawing needs an RGB or RGBA image, got {image}", nameof(image));
        }
    }

    private static void CheckThickness(float thickness)
    {
        if (!(thickness >= 0) || !float.IsFinite(thickness))
        {
            throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "thickness must be finite and ≥ 0");
        }
    }

    private static bool IsFinite(Vector2 p) => float.IsFinite(p.X) && float.IsFinite(p.Y);
}
