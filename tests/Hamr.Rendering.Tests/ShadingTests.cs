using System.Numerics;
using Hamr.Imaging;
using Hamr.Rendering.Shading;
using Hamr.Rendering.Tests.Support;

namespace Hamr.Rendering.Tests;

public sealed class ShadingTests
{
    private static readonly Camera Pinhole = Camera.Pinhole(80, 80, 32, 32);

    [Fact]
    public void InterpolatedColourIsPerspectiveCorrectAndEqualsTheVertexColourAtItsVertex()
    {
        Vector3[] p = [new(-0.2f, -0.25f, 0.7f), new(0.45f, -0.2f, 1.8f), new(-0.2f, 0.4f, 1.2f)];
        Vector3[] colors = [new(1, 0, 0), new(0, 1, 0), new(0, 0, 1)];
        var mesh = new RenderMesh(p.SelectMany(v => new[] { v.X, v.Y, v.Z }).ToArray(), [0, 1, 2])
        {
            Colors = colors.SelectMany(c => new[] { c.X, c.Y, c.Z }).ToArray(),
        };
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, mesh, Pinhole, Scenes.Unlit());
        var n = Vector3.Cross(p[1] - p[0], p[2] - p[0]);
        float d = Vector3.Dot(n, p[0]);
        int covered = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                if (target.TriangleId[y * 64 + x] < 0)
                {
                    continue;
                }
                // The analytic colour: barycentric coordinates of the ray's hit point in 3D.
                var ray = Scenes.Ray(Pinhole, x + 0.5, y + 0.5);
                var hit = ray * (d / Vector3.Dot(n, ray));
                var bary = Barycentric(hit, p);
                var expected = bary.X * colors[0] + bary.Y * colors[1] + bary.Z * colors[2];
                for (int c = 0; c < 3; c++)
                {
                    float got = target.Color[x, y, c] / 255f;
                    float want = c == 0 ? expected.X : c == 1 ? expected.Y : expected.Z;
                    Assert.True(Math.Abs(got - want) <= 1.5f / 255, $"pixel ({x}, {y}) channel {c}: {got} vs {want}");
                }
                covered++;
            }
        }
        Assert.True(covered > 500);
        // The pixel holding the first vertex's projection shows (almost) its colour.
        var v0 = Pinhole.Project(p[0]);
        var inwards = Vector2.Normalize((Pinhole.Project(p[1]) + Pinhole.Project(p[2])) / 2 - v0);
        int vx = (int)(v0.X + 1.5f * inwards.X), vy = (int)(v0.Y + 1.5f * inwards.Y); // just inside, safely covered
        Assert.True(target.Color[vx, vy, 0] > 230 && target.Color[vx, vy, 1] < 25 && target.Color[vx, vy, 2] < 25,
            $"near vertex 0: ({target.Color[vx, vy, 0]}, {target.Color[vx, vy, 1]}, {target.Color[vx, vy, 2]})");
    }

    [Fact]
    public void PerspectiveCorrectUvsOnASlantedCheckerQuadMatchTheAnalyticMapping()
    {
        // A unit quad tilted 60° about X: its depth runs from ~0.77 to ~1.63 m, so affine UVs would be far off.
        var quad = Primitives.Plane(1, 1, 1);
        quad.Texture = Scenes.Checker(8, 8);
        var rotation = Matrix4x4.CreateRotationX(MathF.PI / 3);
        var position = new Vector3(0, 0, 1.2f);
        quad.Transform(rotation * Matrix4x4.CreateTranslation(position));
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, quad, Pinhole, Scenes.Unlit());
        Matrix4x4.Invert(rotation, out var inverse);
        var normal = Vector3.TransformNormal(-Vector3.UnitZ, rotation);
        int checkedPixels = 0, affineWouldFail = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                var ray = Scenes.Ray(Pinhole, x + 0.5, y + 0.5);
                var hit = ray * (Vector3.Dot(normal, position) / Vector3.Dot(normal, ray));
                var local = Vector3.Transform(hit - position, inverse);
                double u = local.X + 0.5, v = local.Y + 0.5;
                double tu = u * 64, tv = v * 64;
                // Skip texels within 1 of a cell border, where bilinear filtering legitimately blends.
                if (u <= 0.02 || u >= 0.98 || v <= 0.02 || v >= 0.98 || BorderDistance(tu) < 1 || BorderDistance(tv) < 1)
                {
                    continue;
                }
                int expected = (((int)(tu / 8) + (int)(tv / 8)) & 1) == 0 ? 255 : 0;
                Assert.True(Math.Abs(target.Color[x, y, 0] - expected) <= 2, $"pixel ({x}, {y}) uv ({u:F3}, {v:F3}): {target.Color[x, y, 0]}, expected {expected}");
                checkedPixels++;
                // Screen-linear UV between the quad's near and far edges would put this pixel in another cell.
                affineWouldFail += AffineCellDiffers(x, y, quad, tu, tv) ? 1 : 0;
            }
        }
        Assert.True(checkedPixels > 800, $"only {checkedPixels} pixels checked");
        Assert.True(affineWouldFail > 50, $"affine mapping differs at only {affineWouldFail} pixels: the test is too weak");
    }

    [Fact]
    public void LambertOfAPlaneFacingTheLightIsAlbedoTimesIntensity()
    {
        var plane = Primitives.Plane(2, 2, 2);
        plane.Translate(new Vector3(0, 0, 1));
        var albedo = new Vector3(0.8f, 0.5f, 0.2f);
        var options = new RenderOptions
        {
            Material = new Material { BaseColor = albedo },
            Lights = [Light.Directional(new Vector3(0, 0, 1), 0.9f)],
            Parallel = false,
        };
        AssertUniform(Render(plane, options), albedo * 0.9f);
        // At 60° incidence Lambert halves it; an ambient term adds albedo·ambient.
        options.Lights = [Light.Directional(new Vector3(0, MathF.Sin(MathF.PI / 3), MathF.Cos(MathF.PI / 3)), 0.9f), Light.Ambient(0.2f)];
        AssertUniform(Render(plane, options), albedo * (0.45f + 0.2f));
        // Coloured light multiplies per channel.
        options.Lights = [Light.Directional(new Vector3(0, 0, 1), 1f, new Vector3(0.5f, 1f, 0.25f))];
        AssertUniform(Render(plane, options), albedo * new Vector3(0.5f, 1f, 0.25f));
    }

    [Fact]
    public void BlinnPhongHighlightAddsSpecularTimesIntensityWhenHalfVectorIsTheNormal()
    {
        // Weak perspective: the viewer direction is −Z everywhere, as is the light's reverse, so h = n.
        var plane = Primitives.Plane(100, 100, 1);
        var options = new RenderOptions
        {
            Material = new Material { BaseColor = new Vector3(0.3f), Specular = 0.4f, Shininess = 20 },
            Lights = [Light.Directional(new Vector3(0, 0, 1), 1f)],
            Parallel = false,
        };
        var target = new RenderTarget(16, 16);
        Rasterizer.Render(target, plane, Camera.WeakPerspective(1, 0, 0, 8, 8), options);
        AssertUniform(target, new Vector3(0.7f));
        // Tilting the light by θ: diffuse cos θ, highlight cos(θ/2)^shininess.
        float theta = 0.5f;
        options.Lights = [Light.Directional(new Vector3(0, MathF.Sin(theta), MathF.Cos(theta)), 1f)];
        Rasterizer.Render(target, plane, Camera.WeakPerspective(1, 0, 0, 8, 8), options);
        AssertUniform(target, new Vector3(0.3f * MathF.Cos(theta) + 0.4f * MathF.Pow(MathF.Cos(theta / 2), 20)));
    }

    [Fact]
    public void PointLightFollowsInverseSquareFalloffAndIncidence()
    {
        var plane = Primitives.Plane(4, 4, 4);
        plane.Translate(new Vector3(0, 0, 1));
        var lightPos = new Vector3(0.1f, -0.05f, 0.5f);
        var options = new RenderOptions
        {
            Material = new Material { BaseColor = new Vector3(0.9f) },
            Lights = [Light.Point(lightPos, 1.2f, falloff: 3f)],
            Parallel = false,
        };
        var target = Render(plane, options);
        foreach (var (x, y) in new[] { (32, 32), (10, 50), (55, 12), (40, 20) })
        {
            var hit = Scenes.Ray(Pinhole, x + 0.5, y + 0.5);
            var toLight = lightPos - hit;
            float d2 = toLight.LengthSquared();
            float expected = 0.9f * 1.2f / (1 + 3f * d2) * Vector3.Dot(-Vector3.UnitZ, Vector3.Normalize(toLight));
            Assert.True(Math.Abs(target.Color[x, y, 1] / 255f - expected) <= 1f / 255, $"pixel ({x}, {y}): {target.Color[x, y, 1] / 255f} vs {expected}");
        }
    }

    [Theory]
    [InlineData(true, 0.75f)]
    [InlineData(false, 0.1f)]
    public void TwoSidedLightingLightsTheBackOfASurface(bool twoSided, float expected)
    {
        // The plane faces +Z (away from the camera); the light shines from behind the camera.
        var plane = Primitives.Plane(2, 2, 1);
        plane.Transform(Matrix4x4.CreateRotationY(MathF.PI) * Matrix4x4.CreateTranslation(0, 0, 1));
        var options = new RenderOptions
        {
            Material = new Material { BaseColor = new Vector3(0.5f) },
            Lights = [Light.Directional(new Vector3(0, 0, 1), 1.3f), Light.Ambient(0.2f)],
            TwoSidedLighting = twoSided,
            Parallel = false,
        };
        AssertUniform(Render(plane, options), new Vector3(expected));
    }

    [Fact]
    public void RgbaTargetStoresCoverageAsAlphaAndRgbCompositesOverTheBackground()
    {
        var mesh = Scenes.Triangles(1, [(0, 0), (8, 0), (0, 8)]);
        mesh.Colors = [1, 0, 0, 1, 0, 0, 1, 0, 0];
        var options = new RenderOptions { Background = new Vector3(0, 0, 1), Parallel = false };
        var rgba = new RenderTarget(8, 8, supersample: 4, channels: 4);
        var rgb = new RenderTarget(8, 8, supersample: 4);
        Rasterizer.Render(rgba, mesh, Scenes.PixelCamera, options);
        Rasterizer.Render(rgb, mesh, Scenes.PixelCamera, options);
        // Pixel (4, 3) on the diagonal x + y = 8: samples with i + j < 3 of the 4×4 are inside, those with
        // i + j = 3 lie on the bottom-right edge (not top-left, so out): 6 of 16.
        Assert.Equal(6 / 16f, rgba.Coverage[3 * 8 + 4]);
        Assert.Equal([255, 0, 0, 96], rgba.Color.Pixels.AsSpan((3 * 8 + 4) * 4, 4).ToArray());
        Assert.Equal([96, 0, 159], rgb.Color.Pixels.AsSpan((3 * 8 + 4) * 3, 3).ToArray());
        Assert.Equal(96, rgb.Mask[3 * 8 + 4]);
    }

    [Fact]
    public void PerSampleShadingAlsoSmoothsTextureDetailThatMultisamplingKeepsSharp()
    {
        // A fine checker (2 texels a cell, ~1.5 px a cell on screen): multisampling shades each pixel once, so
        // pixels stay near black or white; shading all 4×4 samples averages cells inside a pixel to grey.
        var quad = Primitives.Plane(1, 1, 1);
        quad.Texture = Scenes.Checker(32, 2);
        quad.Translate(new Vector3(0, 0, 2));
        var camera = Camera.Pinhole(90, 90, 32, 32);
        var options = Scenes.Unlit();
        options.Wrap = TextureWrap.Clamp;
        var multi = new RenderTarget(64, 64, supersample: 4);
        Rasterizer.Render(multi, quad, camera, options);
        options.ShadePerSample = true;
        var perSample = new RenderTarget(64, 64, supersample: 4);
        Rasterizer.Render(perSample, quad, camera, options);
        Assert.Equal(multi.Coverage, perSample.Coverage);
        double Spread(RenderTarget t)
        {
            // Mean distance from mid-grey over fully covered pixels: 127.5 for pure black/white, 0 for uniform grey.
            var values = Enumerable.Range(0, 64 * 64).Where(i => t.Coverage[i] == 1).Select(i => Math.Abs(t.Color.Pixels[3 * i] - 127.5)).ToArray();
            Assert.True(values.Length > 1000);
            return values.Average();
        }
        double sharp = Spread(multi), smooth = Spread(perSample);
        Assert.True(smooth < 0.75 * sharp, $"per-sample spread {smooth:F1} vs multisample {sharp:F1}");
    }

    [Fact]
    public void TextureSamplingIsBilinearBetweenTexelCentresAndWrapsOrClamps()
    {
        var texture = new Image(2, 1, 1, [0, 200]);
        Assert.Equal(0f, TextureSampler.Sample(texture, 0.25f, 0.5f, TextureWrap.Clamp).X);
        Assert.Equal(200 / 255f, TextureSampler.Sample(texture, 0.75f, 0.5f, TextureWrap.Clamp).X, 1e-6);
        Assert.Equal(100 / 255f, TextureSampler.Sample(texture, 0.5f, 0.5f, TextureWrap.Clamp).X, 1e-6);
        Assert.Equal(50 / 255f, TextureSampler.Sample(texture, 0.375f, 0.5f, TextureWrap.Repeat).X, 1e-6);
        // Past the right edge: clamp holds the last texel, repeat blends back to the first.
        Assert.Equal(200 / 255f, TextureSampler.Sample(texture, 0.99f, 0.5f, TextureWrap.Clamp).X, 1e-6);
        Assert.Equal(100 / 255f, TextureSampler.Sample(texture, 1.0f, 0.5f, TextureWrap.Repeat).X, 1e-6);
        Assert.Equal(TextureSampler.Sample(texture, 0.375f, 0.25f, TextureWrap.Repeat), TextureSampler.Sample(texture, 5.375f, -3.75f, TextureWrap.Repeat));
        Assert.Equal(0f, TextureSampler.Sample(texture, -1e30f, 0.5f, TextureWrap.Clamp).X);
    }

    private static RenderTarget Render(RenderMesh mesh, RenderOptions options)
    {
        var target = new RenderTarget(64, 64);
        Rasterizer.Render(target, mesh, Pinhole, options);
        return target;
    }

    private static void AssertUniform(RenderTarget target, Vector3 expected)
    {
        var want = new[] { expected.X, expected.Y, expected.Z }.Select(v => (int)(Math.Clamp(v, 0, 1) * 255 + 0.5f)).ToArray();
        for (int i = 0; i < target.Width * target.Height; i++)
        {
            Assert.Equal(255, target.Mask[i]);
            for (int c = 0; c < 3; c++)
            {
                Assert.True(Math.Abs(target.Color.Pixels[3 * i + c] - want[c]) <= 1, $"pixel {i} channel {c}: {target.Color.Pixels[3 * i + c]} vs {want[c]}");
            }
        }
    }

    private static double BorderDistance(double texel)
    {
        double r = texel % 8;
        return Math.Min(r, 8 - r);
    }

    /// <summary>Whether screen-affine UV interpolation over the quad's triangle would land in a different checker cell.</summary>
    private static bool AffineCellDiffers(int x, int y, RenderMesh quad, double tu, double tv)
    {
        for (int f = 0; f < quad.TriangleCount; f++)
        {
            var s = new Vector2[3];
            for (int k = 0; k < 3; k++)
            {
                s[k] = Pinhole.Project(quad.Position(quad.Triangles[3 * f + k]));
            }
            var b = Barycentric2(new Vector2(x + 0.5f, y + 0.5f), s);
            if (b.X < 0 || b.Y < 0 || b.Z < 0)
            {
                continue;
            }
            var uvs = quad.Uvs!;
            double au = 0, av = 0;
            for (int k = 0; k < 3; k++)
            {
                float w = k == 0 ? b.X : k == 1 ? b.Y : b.Z;
                au += w * uvs[2 * quad.Triangles[3 * f + k]] * 64;
                av += w * uvs[2 * quad.Triangles[3 * f + k] + 1] * 64;
            }
            return ((int)(au / 8) + (int)(av / 8) & 1) != ((int)(tu / 8) + (int)(tv / 8) & 1);
        }
        return false;
    }

    private static Vector3 Barycentric(Vector3 q, Vector3[] p)
    {
        var v0 = p[1] - p[0];
        var v1 = p[2] - p[0];
        var v2 = q - p[0];
        float d00 = Vector3.Dot(v0, v0), d01 = Vector3.Dot(v0, v1), d11 = Vector3.Dot(v1, v1);
        float d20 = Vector3.Dot(v2, v0), d21 = Vector3.Dot(v2, v1);
        float den = d00 * d11 - d01 * d01;
        float b1 = (d11 * d20 - d01 * d21) / den, b2 = (d00 * d21 - d01 * d20) / den;
        return new Vector3(1 - b1 - b2, b1, b2);
    }

    private static Vector3 Barycentric2(Vector2 q, Vector2[] s)
    {
        float area = (s[1].X - s[0].X) * (s[2].Y - s[0].Y) - (s[1].Y - s[0].Y) * (s[2].X - s[0].X);
        float b1 = ((q.X - s[0].X) * (s[2].Y - s[0].Y) - (q.Y - s[0].Y) * (s[2].X - s[0].X)) / area;
        float b2 = ((s[1].X - s[0].X) * (q.Y - s[0].Y) - (s[1].Y - s[0].Y) * (q.X - s[0].X)) / area;
        return new Vector3(1 - b1 - b2, b1, b2);
    }
}
