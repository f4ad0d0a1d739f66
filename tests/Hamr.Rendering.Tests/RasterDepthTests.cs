using System.Numerics;
using Hamr.Rendering.Tests.Support;

namespace Hamr.Rendering.Tests;

public sealed class RasterDepthTests
{
    private static readonly Camera Pinhole = Camera.Pinhole(60, 60, 32, 32, near: 0.1f, far: 10f);

    [Fact]
    public void DepthAtEachPixelIsThePlanesDepthAlongItsRay()
    {
        // A slanted triangle in the plane n·P = d.
        Vector3[] p = [new(-0.4f, -0.3f, 0.8f), new(0.5f, -0.2f, 1.6f), new(-0.1f, 0.45f, 1.1f)];
        var mesh = new RenderMesh(p.SelectMany(v => new[] { v.X, v.Y, v.Z }).ToArray(), [0, 1, 2]);
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, mesh, Pinhole, Scenes.Unlit());
        var n = Vector3.Cross(p[1] - p[0], p[2] - p[0]);
        double d = Vector3.Dot(n, p[0]);
        int covered = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                float depth = target.Depth[y * 64 + x];
                if (target.TriangleId[y * 64 + x] < 0)
                {
                    Assert.Equal(float.PositiveInfinity, depth);
                    continue;
                }
                var ray = Scenes.Ray(Pinhole, x + 0.5, y + 0.5);
                double expected = d / Vector3.Dot(n, ray);
                Assert.True(Math.Abs(depth - expected) <= 2e-6 * expected, $"pixel ({x}, {y}): depth {depth}, plane {expected}");
                covered++;
            }
        }
        Assert.True(covered > 500);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NearerTriangleWinsWhicheverIsDrawnFirst(bool nearFirst)
    {
        (float, float)[] tri = [(4, 4), (60, 10), (20, 58)];
        var near = Scenes.Triangles(0.5f, tri);
        var far = Scenes.Triangles(2f, tri);
        var mesh = nearFirst ? RenderMesh.Merge(near, far) : RenderMesh.Merge(far, near);
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, mesh, Scenes.PixelCamera, Scenes.Unlit());
        int nearFace = nearFirst ? 0 : 1;
        int covered = 0;
        for (int i = 0; i < target.TriangleId.Length; i++)
        {
            if (target.TriangleId[i] >= 0)
            {
                Assert.Equal(nearFace, target.TriangleId[i]);
                Assert.Equal(0.5f, target.Depth[i]);
                covered++;
            }
        }
        Assert.True(covered > 1000);
    }

    [Fact]
    public void IntersectingTrianglesSplitAlongTheirIntersection()
    {
        // Two planes crossing at x = 32: z = 1 + (x − 32)/64 and z = 1 − (x − 32)/64 (weak perspective, px units).
        var a = new RenderMesh([0, 0, 0.5f, 64, 0, 1.5f, 0, 64, 0.5f, 64, 64, 1.5f], [0, 1, 2, 1, 3, 2]);
        var b = new RenderMesh([0, 0, 1.5f, 64, 0, 0.5f, 0, 64, 1.5f, 64, 64, 0.5f], [0, 1, 2, 1, 3, 2]);
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, RenderMesh.Merge(a, b), Scenes.PixelCamera, Scenes.Unlit());
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                int face = target.TriangleId[y * 64 + x];
                Assert.Equal(x < 32 ? 0 : 2, face & ~1);
            }
        }
    }

    [Fact]
    public void TriangleCrossingTheNearPlaneIsClippedThere()
    {
        // One corner in front of the near plane (z = 0.1), two behind it, one of those even behind the camera.
        Vector3[] p = [new(0f, 0f, 1.0f), new(-0.5f, 0.3f, 0.05f), new(0.4f, 0.2f, -0.3f)];
        var mesh = new RenderMesh(p.SelectMany(v => new[] { v.X, v.Y, v.Z }).ToArray(), [0, 1, 2]);
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, mesh, Pinhole, Scenes.Unlit());
        var n = Vector3.Cross(p[1] - p[0], p[2] - p[0]);
        double d = Vector3.Dot(n, p[0]);
        int visible = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                // Where does this pixel's ray meet the triangle's plane, and is that point inside the triangle?
                var ray = Scenes.Ray(Pinhole, x + 0.5, y + 0.5);
                double t = d / Vector3.Dot(n, ray);
                var hit = ray * (float)t;
                bool inTriangle = InsideBarycentric(hit, p, out double margin);
                bool covered = target.TriangleId[y * 64 + x] == 0;
                if (margin < 1e-3 || Math.Abs(t - 0.1) < 1e-3)
                {
                    continue; // on an edge or on the near plane: either answer is right
                }
                bool expected = inTriangle && t >= 0.1;
                Assert.True(expected == covered, $"pixel ({x}, {y}): hit z = {t:F4}, inside {inTriangle}, covered {covered}");
                if (covered)
                {
                    Assert.True(Math.Abs(target.Depth[y * 64 + x] - t) <= 1e-5 * t);
                    visible++;
                }
            }
        }
        Assert.True(visible > 100, $"only {visible} pixels visible");
    }

    [Fact]
    public void TriangleWhollyBehindTheNearPlaneOrBeyondFarDrawsNothing()
    {
        var behind = new RenderMesh([0, 0, 0.05f, 0.1f, 0, 0.05f, 0, 0.1f, 0.09f], [0, 1, 2]);
        var beyond = new RenderMesh([0, 0, 11f, 1f, 0, 11f, 0, 1f, 12f], [0, 1, 2]);
        var target = new RenderTarget(16, 16);
        foreach (var mesh in new[] { behind, beyond })
        {
            Rasterizer.Render(target, mesh, Camera.Pinhole(20, 20, 8, 8, 0.1f, 10f), Scenes.Unlit());
            Assert.All(target.TriangleId, id => Assert.Equal(-1, id));
            Assert.All(target.Depth, z => Assert.Equal(float.PositiveInfinity, z));
        }
    }

    [Fact]
    public void HugeTriangleReachingFarOutsideTheImageStillFillsIt()
    {
        // Corners millions of pixels away exercise the guard-band clip; the image is inside the triangle.
        var mesh = Scenes.Triangles(1, [(-3e6f, -3e6f), (3e6f, -2e6f), (1e5f, 4e6f)]);
        var target = new RenderTarget(32, 32);
        Rasterizer.Render(target, mesh, Scenes.PixelCamera, Scenes.Unlit());
        Assert.All(target.Mask, m => Assert.Equal(255, m));
    }

    [Theory]
    [InlineData(CullMode.None, true, true)]
    [InlineData(CullMode.Back, true, false)]
    [InlineData(CullMode.Front, false, true)]
    public void FacingDecidesWhatCullingDrops(CullMode cull, bool drawsFront, bool drawsBack)
    {
        // Counter-clockwise on the y-down screen (front) on the left, clockwise (back) on the right.
        var front = Scenes.Triangles(1, [(2, 2), (2, 14), (14, 2)]);
        var back = Scenes.Triangles(1, [(18, 2), (30, 2), (18, 14)]);
        var target = new RenderTarget(32, 16);
        var options = Scenes.Unlit();
        options.Cull = cull;
        Rasterizer.Render(target, RenderMesh.Merge(front, back), Scenes.PixelCamera, options);
        Assert.Equal(drawsFront, target.TriangleId[4 * 32 + 4] == 0);
        Assert.Equal(drawsBack, target.TriangleId[4 * 32 + 20] == 1);
    }

    [Fact]
    public void BackFaceCullingKeepsAClosedMeshsSilhouetteAndOnlyFrontFaces()
    {
        var cube = Primitives.Cube(0.4f);
        cube.Transform(Matrix4x4.CreateFromYawPitchRoll(0.6f, 0.4f, 0.2f) * Matrix4x4.CreateTranslation(0, 0, 1.5f));
        var all = new RenderTarget(64, 64);
        var culled = new RenderTarget(64, 64);
        Rasterizer.Render(all, cube, Pinhole, Scenes.Unlit());
        var options = Scenes.Unlit();
        options.Cull = CullMode.Back;
        Rasterizer.Render(culled, cube, Pinhole, options);
        Assert.Equal(all.Mask, culled.Mask);
        Assert.Equal(all.TriangleId, culled.TriangleId);
        for (int i = 0; i < culled.TriangleId.Length; i++)
        {
            int f = culled.TriangleId[i];
            if (f >= 0)
            {
                var a = cube.Position(cube.Triangles[3 * f]);
                var normal = Vector3.Cross(cube.Position(cube.Triangles[3 * f + 1]) - a, cube.Position(cube.Triangles[3 * f + 2]) - a);
                Assert.True(Vector3.Dot(normal, a) < 0, $"face {f} seen at pixel {i} faces away from the camera");
            }
        }
    }

    private static bool InsideBarycentric(Vector3 q, Vector3[] p, out double margin)
    {
        var v0 = p[1] - p[0];
        var v1 = p[2] - p[0];
        var v2 = q - p[0];
        double d00 = Vector3.Dot(v0, v0), d01 = Vector3.Dot(v0, v1), d11 = Vector3.Dot(v1, v1);
        double d20 = Vector3.Dot(v2, v0), d21 = Vector3.Dot(v2, v1);
        double den = d00 * d11 - d01 * d01;
        double b1 = (d11 * d20 - d01 * d21) / den, b2 = (d00 * d21 - d01 * d20) / den, b0 = 1 - b1 - b2;
        margin = Math.Min(Math.Abs(b0), Math.Min(Math.Abs(b1), Math.Abs(b2)));
        return b0 > 0 && b1 > 0 && b2 > 0;
    }
}
