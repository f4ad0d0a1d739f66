using Hamr.Rendering.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Kernels;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Rendering.Tests;

public sealed class SoftSilhouetteTests
{
    // Three triangles, two sharing an edge, one overlapping them and reaching outside the 8×8 image.
    private static readonly int[] Faces = [0, 1, 2, 1, 3, 2, 4, 0, 3];

    private static Tensor RandomVertices(int batch, ulong seed)
    {
        var rng = new TensorRandom(seed);
        var v = new float[batch * 5 * 2];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = -0.7f + 9.4f * rng.NextFloat(); // corners in [−0.7, 8.7], some off the image
        }
        return Tensor.FromArray(v, batch, 5, 2).RequireGrad();
    }

    [Theory]
    [InlineData(1.5f, 3UL)]
    [InlineData(0.4f, 5UL)]
    [InlineData(4f, 9UL)]
    public void GradientsMatchCentralDifferencesOfADoubleReference(float sigma, ulong seed)
    {
        var vertices = RandomVertices(2, seed);
        GradCheck.AgainstReference(
            x => SoftSilhouette.Render(x[0], Faces, 8, sigma),
            x => SoftReference.Render(x[0], 2, Faces, 8, 8, sigma, cull: true),
            [vertices], forwardTolerance: 2e-5, rtol: 2e-3, atol: 1e-4);
    }

    [Fact]
    public void GradientsFlowThroughThePinholeProjection()
    {
        var camera = Camera.Pinhole(20, 22, 4.2f, 3.9f);
        var rng = new TensorRandom(17);
        var v = new float[5 * 3];
        for (int i = 0; i < 5; i++)
        {
            v[3 * i] = -0.2f + 0.4f * rng.NextFloat();
            v[3 * i + 1] = -0.2f + 0.4f * rng.NextFloat();
            v[3 * i + 2] = 0.9f + 0.4f * rng.NextFloat();
        }
        var vertices = Tensor.FromArray(v, 1, 5, 3).RequireGrad();
        GradCheck.AgainstReference(
            x => SoftSilhouette.Render(x[0], camera, Faces, 8, 1f),
            x =>
            {
                var px = new double[10];
                for (int i = 0; i < 5; i++)
                {
                    px[2 * i] = 20 * x[0][3 * i] / x[0][3 * i + 2] + 4.2;
                    px[2 * i + 1] = 22 * x[0][3 * i + 1] / x[0][3 * i + 2] + 3.9;
                }
                return SoftReference.Render(px, 1, Faces, 8, 8, 1, cull: true);
            },
            [vertices], forwardTolerance: 2e-5, rtol: 2e-3, atol: 1e-4);
    }

    [Fact]
    public void CulledPairsChangeTheMaskByLessThanTheirProbability()
    {
        var vertices = RandomVertices(1, 21);
        var soft = SoftSilhouette.Render(vertices, Faces, 8, 1f).ToArray();
        var exact = SoftReference.Render(vertices.ToArray().Select(f => (double)f).ToArray(), 1, Faces, 8, 8, 1, cull: false);
        for (int i = 0; i < soft.Length; i++)
        {
            Assert.True(Math.Abs(soft[i] - exact[i]) <= 3 * 1e-4 + 1e-6, $"pixel {i}: {soft[i]} vs unculled {exact[i]}");
        }
    }

    [Fact]
    public void AsSigmaShrinksTheSoftMaskBecomesTheHardMask()
    {
        var (mesh, faces) = Star(new(32, 32), 0.4f, 1, 14, 7);
        var hard = new RenderTarget(64, 64);
        Rasterizer.Render(hard, mesh, Scenes.PixelCamera, Scenes.Unlit());
        var verticesPx = Tensor.FromArray(PixelXy(mesh), 1, mesh.VertexCount, 2);
        double previous = double.MaxValue;
        foreach (float sigma in new[] { 1f, 0.1f, 0.01f, 0.001f })
        {
            var soft = SoftSilhouette.Render(verticesPx, faces, 64, sigma).ToArray();
            double error = 0;
            for (int i = 0; i < soft.Length; i++)
            {
                error += Math.Abs(soft[i] - hard.Mask[i] / 255.0);
            }
            error /= soft.Length;
            Assert.True(error < previous, $"σ = {sigma}: mean |soft − hard| {error} did not shrink from {previous}");
            previous = error;
        }
        // At σ = 0.001 px² a pair's p is within 1e-4 of 0 or 1 beyond 0.1 px from the triangle's edges: away from
        // every edge (outline and internal) the soft mask equals the hard one.
        var last = SoftSilhouette.Render(verticesPx, faces, 64, 0.001f).ToArray();
        int compared = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                if (NearestEdge(mesh, x + 0.5, y + 0.5) > 0.1)
                {
                    Assert.True(Math.Abs(last[y * 64 + x] - hard.Mask[y * 64 + x] / 255.0) < 1e-3, $"pixel ({x}, {y}): soft {last[y * 64 + x]}, hard {hard.Mask[y * 64 + x]}");
                    compared++;
                }
            }
        }
        Assert.True(compared > 4000);
    }

    private static double NearestEdge(RenderMesh mesh, double px, double py)
    {
        double best = double.MaxValue;
        var t = mesh.Triangles;
        for (int i = 0; i < t.Length; i++)
        {
            var a = mesh.Position(t[i]);
            var b = mesh.Position(t[i % 3 == 2 ? i - 2 : i + 1]);
            double ex = b.X - a.X, ey = b.Y - a.Y, wx = px - a.X, wy = py - a.Y;
            double u = Math.Clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1);
            best = Math.Min(best, Math.Sqrt((wx - u * ex) * (wx - u * ex) + (wy - u * ey) * (wy - u * ey)));
        }
        return best;
    }

    [Fact]
    public void PixelsWellInsideAreOneAndFarOutsideAreZero()
    {
        var vertices = Tensor.FromArray([2.2f, 1.9f, 30.1f, 4.3f, 12.7f, 29.6f], 1, 3, 2);
        const float sigma = 0.5f;
        var soft = SoftSilhouette.Render(vertices, [0, 1, 2], 32, sigma).ToArray();
        (double, double) a = (2.2, 1.9), b = (30.1, 4.3), c = (12.7, 29.6);
        int inside = 0;
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                double d = Scenes.EdgeDistance(x + 0.5, y + 0.5, a, b, c);
                bool inTriangle = Scenes.StrictlyInside(x + 0.5, y + 0.5, a, b, c);
                if (d * d > 6 * sigma)
                {
                    float s = soft[y * 32 + x];
                    Assert.True(inTriangle ? s > 0.997f : s < 0.003f, $"pixel ({x}, {y}) at distance {d:F2}: {s}");
                    inside += inTriangle ? 1 : 0;
                }
            }
        }
        Assert.True(inside > 200);
    }

    [Fact]
    public void BatchItemsAreIndependentAndThreadCountDoesNotMatter()
    {
        var vertices = RandomVertices(3, 33);
        var batch = SoftSilhouette.Render(vertices, Faces, 8, 1f);
        (batch * Tensor.RandUniform(new TensorRandom(1), -1, 1, 3, 8, 8)).Sum().Backward();
        var grad = vertices.Grad!.ToArray();
        var output = batch.ToArray();
        int degree = ParallelFor.MaxDegree;
        float[] serialOutput, serialGrad;
        try
        {
            ParallelFor.MaxDegree = 1;
            vertices.ZeroGrad();
            var serial = SoftSilhouette.Render(vertices, Faces, 8, 1f);
            (serial * Tensor.RandUniform(new TensorRandom(1), -1, 1, 3, 8, 8)).Sum().Backward();
            serialOutput = serial.ToArray();
            serialGrad = vertices.Grad!.ToArray();
        }
        finally
        {
            ParallelFor.MaxDegree = degree;
        }
        Assert.Equal(output, serialOutput);
        Assert.Equal(grad, serialGrad);
        for (int b = 0; b < 3; b++)
        {
            using var _ = GradMode.NoGrad();
            var single = SoftSilhouette.Render(vertices.Slice(0, b, 1), Faces, 8, 1f).ToArray();
            Assert.Equal(output.AsSpan(b * 64, 64).ToArray(), single);
        }
    }

    [Fact]
    public void BadInputsAreRejectedWithTheirProblem()
    {
        var vertices = Tensor.Zeros(1, 3, 2);
        Assert.Throws<ArgumentException>(() => SoftSilhouette.Render(Tensor.Zeros(1, 3, 3), [0, 1, 2], 8, 1f));
        Assert.Contains("vertex 3", Assert.Throws<ArgumentException>(() => SoftSilhouette.Render(vertices, [0, 1, 3], 8, 1f)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftSilhouette.Render(vertices, [0, 1, 2], 8, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftSilhouette.Render(vertices, [0, 1, 2], 0, 1f));
        Assert.Equal([0, 8, 8], SoftSilhouette.Render(Tensor.Zeros(0, 3, 2), [0, 1, 2], 8, 1f).GetShape());
        Assert.All(SoftSilhouette.Render(Tensor.Zeros(2, 0, 2), [], 8, 1f).ToArray(), v => Assert.Equal(0f, v));
        var nan = Tensor.FromArray([0, 0, float.NaN, 1, 2, 2], 1, 3, 2);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => SoftSilhouette.Render(nan, [0, 1, 2], 8, 1f)).Message);
    }

    /// <summary>A star polygon fanned from its centre: 2·points + 1 vertices at depth z (pixel units).</summary>
    internal static (RenderMesh Mesh, int[] Faces) Star(System.Numerics.Vector2 centre, float angle, float scale, float outer, float inner, int points = 5)
    {
        int n = 2 * points;
        var positions = new float[(n + 1) * 3];
        positions[0] = centre.X;
        positions[1] = centre.Y;
        positions[2] = 1;
        for (int i = 0; i < n; i++)
        {
            float r = scale * (i % 2 == 0 ? outer : inner);
            float a = angle + MathF.PI * i / points;
            positions[3 * (i + 1)] = centre.X + r * MathF.Cos(a);
            positions[3 * (i + 1) + 1] = centre.Y + r * MathF.Sin(a);
            positions[3 * (i + 1) + 2] = 1;
        }
        var faces = new int[3 * n];
        for (int i = 0; i < n; i++)
        {
            faces[3 * i] = 0;
            faces[3 * i + 1] = 1 + i;
            faces[3 * i + 2] = 1 + (i + 1) % n;
        }
        return (new RenderMesh(positions, faces), faces);
    }

    internal static float[] PixelXy(RenderMesh mesh)
    {
        var xy = new float[mesh.VertexCount * 2];
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            xy[2 * i] = mesh.Positions[3 * i];
            xy[2 * i + 1] = mesh.Positions[3 * i + 1];
        }
        return xy;
    }
}
