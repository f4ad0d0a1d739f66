using System.Numerics;
using Hamr.Rendering.Tests.Support;

namespace Hamr.Rendering.Tests;

public sealed class RasterCoverageTests
{
    [Fact]
    public void TriangleCoversExactlyThePixelsWhoseCentresLieInside()
    {
        (double, double) a = (3.3, 2.1), b = (27.8, 9.7), c = (11.2, 29.4);
        var mesh = Scenes.Triangles(1, [((float)a.Item1, (float)a.Item2), ((float)b.Item1, (float)b.Item2), ((float)c.Item1, (float)c.Item2)]);
        var target = new RenderTarget(32, 32);
        Rasterizer.Render(target, mesh, Scenes.PixelCamera, Scenes.Unlit());
        int covered = 0;
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                bool expected = Scenes.StrictlyInside(x + 0.5, y + 0.5, a, b, c);
                Assert.True(expected == (target.Mask[y * 32 + x] == 255), $"pixel ({x}, {y}): expected {(expected ? "covered" : "empty")}");
                Assert.Equal(expected ? 0 : -1, target.TriangleId[y * 32 + x]);
                covered += expected ? 1 : 0;
            }
        }
        Assert.InRange(covered, 200, 400); // the triangle's area is about 310 px²
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrianglesSharingEdgesThroughPixelCentresCoverEveryPixelOnce(bool reverseWinding)
    {
        // A fan around a centre with every corner on a pixel centre: shared edges run through many centres
        // (horizontal, vertical, diagonal and steep), where only the fill rule decides.
        var centre = (16.5f, 16.5f);
        (float, float)[] ring = [(4.5f, 4.5f), (16.5f, 2.5f), (28.5f, 4.5f), (30.5f, 16.5f), (28.5f, 28.5f), (20.5f, 30.5f), (16.5f, 30.5f), (4.5f, 28.5f), (2.5f, 16.5f)];
        var tris = new (float, float)[ring.Length][];
        for (int i = 0; i < ring.Length; i++)
        {
            var p = ring[i];
            var q = ring[(i + 1) % ring.Length];
            tris[i] = reverseWinding ? [centre, q, p] : [centre, p, q];
        }
        var counts = new int[32 * 32];
        var target = new RenderTarget(32, 32);
        foreach (var tri in tris)
        {
            Rasterizer.Render(target, Scenes.Triangles(1, tri), Scenes.PixelCamera, Scenes.Unlit());
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] += target.Mask[i] == 255 ? 1 : 0;
            }
        }
        Rasterizer.Render(target, Scenes.Triangles(1, tris), Scenes.PixelCamera, Scenes.Unlit());
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                int i = y * 32 + x;
                Assert.True(counts[i] <= 1, $"pixel ({x}, {y}) covered {counts[i]} times");
                Assert.Equal(counts[i] == 1, target.Mask[i] == 255);
                // Every centre strictly inside the (convex) polygon belongs to some triangle: no gaps.
                bool interior = tris.Any(t => Scenes.StrictlyInside(x + 0.5, y + 0.5, t[0], t[1], t[2]))
                    || (x + 0.5 == centre.Item1 && y + 0.5 == centre.Item2);
                if (interior)
                {
                    Assert.True(counts[i] == 1, $"interior pixel ({x}, {y}) not covered");
                }
            }
        }
    }

    [Fact]
    public void SharedEdgeOfARandomMeshIsNeverDrawnTwice()
    {
        // A grid of quads with jittered corners, some snapped to pixel centres: total coverage equals the union.
        var rng = new Random(11);
        const int n = 6;
        var pts = new (float X, float Y)[(n + 1) * (n + 1)];
        for (int j = 0; j <= n; j++)
        {
            for (int i = 0; i <= n; i++)
            {
                float jx = rng.Next(3) == 0 ? 0.5f : (float)rng.NextDouble() * 2;
                float jy = rng.Next(3) == 0 ? 0.5f : (float)rng.NextDouble() * 2;
                pts[j * (n + 1) + i] = (4 + i * 8 + (i is 0 or n ? 0.5f : jx), 4 + j * 8 + (j is 0 or n ? 0.5f : jy));
            }
        }
        var tris = new List<(float, float)[]>();
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int a = j * (n + 1) + i, b = a + 1, c = a + n + 2, d = a + n + 1;
                tris.Add([pts[a], pts[d], pts[c]]);
                tris.Add([pts[a], pts[c], pts[b]]);
            }
        }
        var counts = new int[56 * 56];
        var target = new RenderTarget(56, 56);
        foreach (var tri in tris)
        {
            Rasterizer.Render(target, Scenes.Triangles(1, tri), Scenes.PixelCamera, Scenes.Unlit());
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] += target.Mask[i] == 255 ? 1 : 0;
            }
        }
        // The grid's outer boundary is the square [4.5, 52.5]²: every centre inside is covered exactly once.
        for (int y = 0; y < 56; y++)
        {
            for (int x = 0; x < 56; x++)
            {
                bool inside = x + 0.5 > 4.5 && x + 0.5 < 52.5 && y + 0.5 > 4.5 && y + 0.5 < 52.5;
                int count = counts[y * 56 + x];
                Assert.True(inside ? count == 1 : count <= 1, $"pixel ({x}, {y}) covered {count} times");
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void SupersampledCoverageAtAnEdgeMatchesTheAnalyticArea(int k)
    {
        // A large triangle whose long edge crosses pixels at an irrational-looking slope.
        (double, double) a = (2.2, 3.1), b = (61.3, 17.9), c = (4.1, 60.7);
        var mesh = Scenes.Triangles(1, [(2.2f, 3.1f), (61.3f, 17.9f), (4.1f, 60.7f)]);
        var target = new RenderTarget(64, 64, supersample: k);
        Rasterizer.Render(target, mesh, Scenes.PixelCamera, Scenes.Unlit());
        double sumError = 0;
        int partial = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                double area = PixelArea(x, y, a, b, c);
                float coverage = target.Coverage[y * 64 + x];
                // One row of k samples can be off by one sample at a single straight edge: |error| ≤ 1/k per pixel.
                Assert.True(Math.Abs(coverage - area) <= 1.0 / k + 1e-6, $"pixel ({x}, {y}): coverage {coverage}, area {area:F4}");
                if (area is > 0 and < 1)
                {
                    sumError += Math.Abs(coverage - area);
                    partial++;
                }
            }
        }
        Assert.True(partial > 50, $"only {partial} edge pixels");
        double meanError = sumError / partial;
        Assert.True(meanError <= 1.0 / (k * k), $"mean |coverage − area| over {partial} edge pixels is {meanError:F4} > 1/k² = {1.0 / (k * k):F4}");
    }

    [Fact]
    public void IcosphereMaskAreaMatchesTheProjectedDisc()
    {
        // A sphere of radius R at distance D on the optical axis projects to a disc of radius f·R/√(D² − R²).
        const float R = 0.1f, D = 0.5f, F = 100f;
        var sphere = Primitives.Icosphere(R, 4);
        sphere.Translate(new Vector3(0, 0, D));
        var camera = Camera.Pinhole(F, F, 48, 48);
        var target = new RenderTarget(96, 96, supersample: 2);
        Rasterizer.Render(target, sphere, camera, Scenes.Unlit());
        double area = target.Coverage.Sum();
        double radius = F * R / Math.Sqrt(D * D - R * R);
        double expected = Math.PI * radius * radius;
        // The icosphere is inscribed in the sphere: its outline lies up to ~0.1% of R inside.
        Assert.InRange(area, expected * 0.985, expected * 1.005);
    }

    [Fact]
    public void WeakPerspectiveMaskMatchesTheAnalyticProjection()
    {
        // u = s·(X + tx) + cx, v = s·(Y + ty) + cy whatever the depth of each vertex.
        const float s = 120, tx = 0.03f, ty = -0.02f, cx = 20, cy = 24;
        Vector3[] corners = [new(-0.1f, -0.1f, 0.3f), new(0.12f, 0.02f, 0.9f), new(-0.05f, 0.15f, -0.4f)];
        var mesh = new RenderMesh(corners.SelectMany(p => new[] { p.X, p.Y, p.Z }).ToArray(), [0, 1, 2]);
        var camera = Camera.WeakPerspective(s, tx, ty, cx, cy);
        var target = new RenderTarget(48, 48);
        Rasterizer.Render(target, mesh, camera, Scenes.Unlit());
        var px = corners.Select(p => ((double)s * (p.X + tx) + cx, (double)s * (p.Y + ty) + cy)).ToArray();
        int checkedPixels = 0;
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 48; x++)
            {
                if (Scenes.EdgeDistance(x + 0.5, y + 0.5, px[0], px[1], px[2]) < 1e-3)
                {
                    continue;
                }
                bool inside = Scenes.StrictlyInside(x + 0.5, y + 0.5, px[0], px[1], px[2]);
                Assert.True(inside == (target.Mask[y * 48 + x] == 255), $"pixel ({x}, {y})");
                checkedPixels += inside ? 1 : 0;
            }
        }
        Assert.True(checkedPixels > 300);
    }

    [Fact]
    public void NormalizedWeakPerspectiveMapsMinusOneToOneOntoTheImage()
    {
        var camera = Camera.WeakPerspectiveNormalized(2, 0.5f, -0.5f, 64, 32);
        // x = 2·(X + 0.5): X = 0 → x = 1 → u = 64; Y = 0 → y = −1 → v = 0.
        Assert.Equal(new Vector2(64, 0), camera.Project(Vector3.Zero));
        Assert.Equal(new Vector2(32, 16), camera.Project(new Vector3(-0.5f, 0.5f, 7)));
    }

    /// <summary>Area of pixel (x, y) inside triangle abc by exact polygon clipping.</summary>
    private static double PixelArea(int x, int y, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        var poly = new List<(double X, double Y)> { (x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1) };
        (double X, double Y)[] tri = Orient(a, b, c) > 0 ? [a, b, c] : [a, c, b];
        for (int e = 0; e < 3 && poly.Count > 0; e++)
        {
            var p = tri[e];
            var q = tri[(e + 1) % 3];
            var next = new List<(double X, double Y)>();
            for (int i = 0; i < poly.Count; i++)
            {
                var s = poly[i];
                var t = poly[(i + 1) % poly.Count];
                double ds = Orient(p, q, s), dt = Orient(p, q, t);
                if (ds >= 0)
                {
                    next.Add(s);
                }
                if ((ds >= 0) != (dt >= 0))
                {
                    double u = ds / (ds - dt);
                    next.Add((s.X + u * (t.X - s.X), s.Y + u * (t.Y - s.Y)));
                }
            }
            poly = next;
        }
        double area = 0;
        for (int i = 0; i < poly.Count; i++)
        {
            var s = poly[i];
            var t = poly[(i + 1) % poly.Count];
            area += s.X * t.Y - t.X * s.Y;
        }
        return Math.Abs(area) / 2;
    }

    private static double Orient((double X, double Y) a, (double X, double Y) b, (double X, double Y) p) =>
        (b.X - a.X) * (p.Y - a.Y) - (b.Y - a.Y) * (p.X - a.X);
}
