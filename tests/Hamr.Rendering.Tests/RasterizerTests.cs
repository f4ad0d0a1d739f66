using Hamr.Rendering.Tests.Support;
using Hamr.Tensors.Kernels;

namespace Hamr.Rendering.Tests;

public sealed class RasterizerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OutputIsIdenticalOnOneThreadAndOnMany(int supersample)
    {
        var mesh = TestMeshes.Cluster();
        var camera = TestMeshes.ClusterCamera(96);
        var serial = new RenderTarget(96, 96, supersample);
        var parallel = new RenderTarget(96, 96, supersample);
        Rasterizer.Render(serial, mesh, camera, TestMeshes.LitOptions(parallel: false));
        int degree = ParallelFor.MaxDegree;
        try
        {
            ParallelFor.MaxDegree = Math.Max(degree, 3); // several workers even on a one-core runner
            Rasterizer.Render(parallel, mesh, camera, TestMeshes.LitOptions(parallel: true));
        }
        finally
        {
            ParallelFor.MaxDegree = degree;
        }
        Assert.Equal(serial.Color.Pixels, parallel.Color.Pixels);
        Assert.Equal(serial.Depth, parallel.Depth);
        Assert.Equal(serial.TriangleId, parallel.TriangleId);
        Assert.Equal(serial.Coverage, parallel.Coverage);
        Assert.True(serial.Mask.Count(m => m > 0) > 1000, "the cluster should cover a good part of the image");
    }

    [Fact]
    public void RenderingAgainAllocatesNothing()
    {
        var mesh = TestMeshes.Cluster();
        var camera = TestMeshes.ClusterCamera(64);
        var target = new RenderTarget(64, 64, 2);
        var options = TestMeshes.LitOptions(parallel: false);
        Rasterizer.Render(target, mesh, camera, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            mesh.Positions[2] += 0.001f; // a new frame of the same mesh
            Rasterizer.Render(target, mesh, camera, options);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void BuffersAreClearedBetweenFrames()
    {
        var target = new RenderTarget(32, 32);
        Rasterizer.Render(target, TestMeshes.Cluster(), TestMeshes.ClusterCamera(32), Scenes.Unlit());
        Assert.Contains(target.TriangleId, id => id >= 0);
        Rasterizer.Render(target, new RenderMesh([], []), TestMeshes.ClusterCamera(32), Scenes.Unlit());
        Assert.All(target.TriangleId, id => Assert.Equal(-1, id));
        Assert.All(target.Mask, m => Assert.Equal(0, m));
        Assert.All(target.Color.Pixels, p => Assert.Equal(0, p));
    }

    [Fact]
    public void InconsistentMeshesAreRejectedWithTheirProblem()
    {
        var target = new RenderTarget(8, 8);
        var camera = Scenes.PixelCamera;
        var options = Scenes.Unlit();
        var badIndex = new RenderMesh([0, 0, 1, 1, 0, 1, 0, 1, 1], [0, 1, 3]);
        Assert.Contains("vertex 3", Assert.Throws<ArgumentException>(() => Rasterizer.Render(target, badIndex, camera, options)).Message);
        var ragged = new RenderMesh([0, 0, 1, 1], [0, 0, 0]);
        Assert.Contains("multiple of 3", Assert.Throws<ArgumentException>(() => Rasterizer.Render(target, ragged, camera, options)).Message);
        var nan = new RenderMesh([0, 0, 1, 1, float.NaN, 1, 0, 1, 1], [0, 1, 2]);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Rasterizer.Render(target, nan, camera, options)).Message);
        var shortUv = new RenderMesh([0, 0, 1, 1, 0, 1, 0, 1, 1], [0, 1, 2]) { Uvs = [0, 0] };
        Assert.Contains("UVs", Assert.Throws<ArgumentException>(() => Rasterizer.Render(target, shortUv, camera, options)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderTarget(8, 8, supersample: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Camera.Pinhole(100, 100, 0, 0, near: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Camera.WeakPerspective(-1, 0, 0));
    }
}
