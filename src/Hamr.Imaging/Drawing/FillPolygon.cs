using System.Buffers;
using System.Numerics;

namespace Hamr.Imaging.Drawing;

/// <summary>Which points a self-intersecting or nested polygon fills.</summary>
public enum FillRule
{
    /// <summary>Inside where the outline winds around the point a nonzero number of times (SVG "nonzero"; overlaps fill).</summary>
    NonZero,

    /// <summary>Inside where a ray from the point crosses the outline an odd number of times (SVG "evenodd"; overlaps leave holes).</summary>
    EvenOdd,
}

public static partial class Canvas
{
    /// <summary>Sub-scanlines per pixel row: vertical coverage in steps of 1/8 (horizontal coverage is exact).</summary>
    internal const int SubScanlines = 8;

    /// <summary>
    /// Fills the closed polygon through <paramref name="points"/> (the last point joins the first) by scanlines:
    /// each pixel row is sampled on <see cref="SubScanlines"/> horizontal lines, and on each the spans inside the
    /// polygon under <paramref name="rule"/> add their exact horizontal overlap with every pixel. A pixel fully
    /// inside gets coverage exactly 1; the sum of coverages approximates the polygon's area.
    /// </summary>
    public static void FillPolygon(Image image, ReadOnlySpan<Vector2> points, Rgba colour, FillRule rule = FillRule.NonZero)
    {
        CheckCanvas(image);
        if (points.Length < 3 || colour.A == 0)
        {
            return;
        }
        float minY = float.MaxValue, maxY = float.MinValue, minX = float.MaxValue, maxX = float.MinValue;
        foreach (var p in points)
        {
            if (!IsFinite(p))
            {
                return;
            }
            minY = MathF.Min(minY, p.Y);
            maxY = MathF.Max(maxY, p.Y);
            minX = MathF.Min(minX, p.X);
            maxX = MathF.Max(maxX, p.X);
        }
        int y0 = Math.Max(0, (int)MathF.Floor(minY)), y1 = Math.Min(image.Height - 1, (int)MathF.Ceiling(maxY));
        int x0 = Math.Max(0, (int)MathF.Floor(minX)), x1 = Math.Min(image.Width, (int)MathF.Ceiling(maxX) + 1);
        if (y0 > y1 || x0 >= x1)
        {
            return;
        }
        float[] coverage = ArrayPool<float>.Shared.Rent(image.Width);
        Crossing[] crossings = ArrayPool<Crossing>.Shared.Rent(points.Length);
        try
        {
            for (int y = y0; y <= y1; y++)
            {
                Span<float> cov = coverage.AsSpan(0, image.Width);
                cov[x0..x1].Clear();
                for (int k = 0; k < SubScanlines; k++)
                {
                    float sy = y + (k + 0.5f) / SubScanlines;
                    int n = Crossings(points, sy, crossings);
                    AddSpans(crossings.AsSpan(0, n), rule, cov);
                }
                Span<byte> row = image.Row(y);
                for (int x = x0; x < x1; x++)
                {
                    if (cov[x] > 0)
                    {
                        Blend(row, x, image.Channels, colour, MathF.Min(cov[x], 1f));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(coverage);
            ArrayPool<Crossing>.Shared.Return(crossings);
        }
    }

    /// <summary>Where an edge crosses a scanline, and which way it goes (+1 down, −1 up).</summary>
    private readonly record struct Crossing(float X, int Winding);

    /// <summary>The polygon's crossings with y = <paramref name="sy"/>, sorted by x. Edges are half-open in y so a vertex on the line counts once.</summary>
    private static int Crossings(ReadOnlySpan<Vector2> points, float sy, Crossing[] result)
    {
        int n = 0;
        for (int i = 0; i < points.Length; i++)
        {
            Vector2 p = points[i], q = points[(i + 1) % points.Length];
            if ((p.Y <= sy && sy < q.Y) || (q.Y <= sy && sy < p.Y))
            {
                float x = p.X + (sy - p.Y) / (q.Y - p.Y) * (q.X - p.X);
                var c = new Crossing(x, q.Y > p.Y ? 1 : -1);
                // Insertion sort: a scanline meets few edges.
                int j = n++;
                while (j > 0 && result[j - 1].X > x)
                {
                    result[j] = result[j - 1];
                    j--;
                }
                result[j] = c;
            }
        }
        return n;
    }

    /// <summary>Adds 1/SubScanlines times each inside span's exact horizontal overlap to the pixels' coverage.</summary>
    private static void AddSpans(ReadOnlySpan<Crossing> crossings, FillRule rule, Span<float> cov)
    {
        int winding = 0;
        for (int i = 0; i + 1 < crossings.Length; i++)
        {
            winding += rule == FillRule.NonZero ? crossings[i].Winding : 1;
            bool inside = rule == FillRule.NonZero ? winding != 0 : (winding & 1) == 1;
            if (inside)
            {
                AddSpan(cov, crossings[i].X, crossings[i + 1].X, 1f / SubScanlines);
            }
        }
    }

    private static void AddSpan(Span<float> cov, float xa, float xb, float weight)
    {
        xa = Math.Clamp(xa, 0, cov.Length);
        xb = Math.Clamp(xb, 0, cov.Length);
        if (!(xb > xa))
        {
            return;
        }
        int ia = (int)xa, ib = (int)xb;
        if (ia == ib)
        {
            cov[ia] += (xb - xa) * weight;
            return;
        }
        cov[ia] += (ia + 1 - xa) * weight;
        for (int i = ia + 1; i < ib; i++)
        {
            cov[i] += weight;
        }
        if (ib < cov.Length)
        {
            cov[ib] += (xb - ib) * weight;
        }
    }
}
