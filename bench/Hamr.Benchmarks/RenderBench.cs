using System.Diagnostics;
using System.Numerics;
using Hamr.Rendering;
using Hamr.Tensors;
using Hamr.Tensors.Kernels;

namespace Hamr.Benchmarks;

/// <summary>
/// `render` verb: the rasteriser on the open hand's rest mesh (HandStandIn) at 128×128 (shaded, without and with 2×2 SSAA, one
/// thread and all) in µs per frame, and the soft silhouette forward/backward at 32 and 64 px, batch 16 and 32, in ms.
/// Options: --size N (rasteriser, default 128), --frames N (default 400), --steps N (soft, default 20), --png PATH
/// (writes the shaded SSAA frame as PPM for a look), --probe (single-thread CPU time of the stages: setup only,
/// unlit, each kind of light added).
/// Results (2026-11-22, AMD EPYC Zen 5, 2 cores shared with other jobs, load average 5-10: ±50% run to run; the
/// quietest run): stand-in 1194 vertices / 2320 triangles, 28% of the crop, back-face culled, ambient + directional
/// + point light with highlights. 128×128 without SSAA: 0.5-0.8 ms on one thread, 0.32 ms median on two;
/// 2×2 SSAA (multisampled shading): 1.0 ms on one thread, 0.50 ms on two. Soft silhouette, forward / backward
/// (wall, two threads): 32 px batch 16 1.1 / 3.7 ms, batch 32 2.3 / 6.6 ms; 64 px batch 16 7.4 / 8.3 ms,
/// batch 32 15.5 / 15.0 ms; ~1.7 KB of objects per step inside a TensorScope, no buffers.
/// The open hand instead of the stand-in (1159 vertices / 2314 triangles, 22% of the crop), one brief run at load ~14:
/// 128×128 0.74 ms CPU on one thread (best 0.65 ms wall), 0.36–0.47 ms wall on two; 2×2 SSAA 0.91 ms CPU on one
/// thread; soft silhouette 32 px batch 16 forward 3.8 ms best (CPU 2.3 ms). Too loaded a machine to compare closely.
/// </summary>
internal static class RenderBench
{
    public static int Run(string[] args)
    {
        int size = BenchOptions.Int(args, "--size", 128);
        int frames = BenchOptions.Int(args, "--frames", 400);
        int steps = BenchOptions.Int(args, "--steps", 20);
        var mesh = HandStandIn.Create();
        mesh.ComputeVertexNormals();
        Console.WriteLine($"mesh: {mesh.VertexCount} vertices, {mesh.TriangleCount} triangles; {Environment.ProcessorCount} cores, ParallelFor degree {ParallelFor.MaxDegree}");
        var camera = HandStandIn.CropCamera(size);
        foreach (int ssaa in new[] { 1, 2 })
        {
            foreach (bool parallel in new[] { false, true })
            {
                var target = new RenderTarget(size, size, ssaa);
                var options = Options(parallel);
                var (best, median, cpu, bytes) = Time(() => Rasterizer.Render(target, mesh, camera, options), frames);
                double coverage = target.Coverage.Sum() / (size * size);
                Console.WriteLine($"raster {size}x{size} ssaa {ssaa}x{ssaa} {(parallel ? "parallel" : "1 thread"),-8}: wall median {median * 1000:F0} µs, best {best * 1000:F0} µs; CPU {cpu * 1000:F0} µs per frame; {bytes} B/frame, coverage {coverage:P0}");
            }
        }
        if (args.Contains("--probe"))
        {
            var t1 = new RenderTarget(size, size, 1);
            var unlit = new RenderOptions { Cull = CullMode.Back, Parallel = false };
            Console.WriteLine($"probe unlit: {Time(() => Rasterizer.Render(t1, mesh, camera, unlit), frames).CpuMs * 1000:F0} µs");
            var tiny = new RenderTarget(1, 1, 1);
            var far = Camera.Pinhole(1, 1, -1000, -1000);
            Console.WriteLine($"probe setup only (all off-screen): {Time(() => Rasterizer.Render(tiny, mesh, far, unlit), frames).CpuMs * 1000:F0} µs");
            Console.WriteLine($"probe 1x1 target: {Time(() => Rasterizer.Render(tiny, mesh, camera, unlit), frames).CpuMs * 1000:F0} µs");
            foreach (var (name, lights, spec) in new (string, Light[], float)[]
            {
                ("ambient", [Light.Ambient(0.3f)], 0),
                ("+directional", [Light.Ambient(0.3f), Light.Directional(Vector3.UnitZ, 0.5f)], 0),
                ("+specular", [Light.Ambient(0.3f), Light.Directional(Vector3.UnitZ, 0.5f)], 0.3f),
                ("+point", [Light.Ambient(0.3f), Light.Directional(Vector3.UnitZ, 0.5f), Light.Point(Vector3.Zero, 0.3f)], 0.3f),
            })
            {
                var o = new RenderOptions { Cull = CullMode.Back, Parallel = false, Lights = lights, Material = new Material { Specular = spec } };
                Console.WriteLine($"probe {name}: {Time(() => Rasterizer.Render(t1, mesh, camera, o), frames).CpuMs * 1000:F0} µs");
            }
            var empty = new RenderMesh([], []);
            Console.WriteLine($"probe empty mesh: {Time(() => Rasterizer.Render(t1, empty, camera, unlit), frames).CpuMs * 1000:F0} µs");
        }
        int pngIndex = Array.IndexOf(args, "--png");
        if (pngIndex >= 0 && pngIndex + 1 < args.Length)
        {
            var target = new RenderTarget(size, size, 2);
            Rasterizer.Render(target, mesh, camera, Options(true));
            PpmWriter.Write(args[pngIndex + 1], target);
        }
        SoftBench(mesh, steps);
        return 0;
    }

    private static RenderOptions Options(bool parallel) => new()
    {
        Material = new Material { Specular = 0.25f, Shininess = 24 },
        Lights = [Light.Ambient(0.25f), Light.Directional(new Vector3(0.3f, 0.4f, 1), 0.6f), Light.Point(new Vector3(-0.1f, -0.1f, 0.3f), 0.4f, falloff: 4)],
        Background = new Vector3(0.2f, 0.25f, 0.3f),
        Cull = CullMode.Back,
        Parallel = parallel,
    };

    private static void SoftBench(RenderMesh mesh, int steps)
    {
        foreach (int size in new[] { 32, 64 })
        {
            var camera = HandStandIn.CropCamera(size);
            var projected = new float[mesh.VertexCount * 2];
            for (int i = 0; i < mesh.VertexCount; i++)
            {
                var p = camera.Project(mesh.Position(i));
                projected[2 * i] = p.X;
                projected[2 * i + 1] = p.Y;
            }
            // SoftRas's σ = 1e-4 in NDC² is (size/2)²·1e-4 px².
            float sigma = 1e-4f * size * size / 4;
            Console.WriteLine($"soft {size}x{size}: {WindowPixels(projected, mesh.Triangles, size, MathF.Sqrt(sigma * MathF.Log(9999))) / 1000.0:F1}k face-pixel visits per item");
            foreach (int batch in new[] { 16, 32 })
            {
                var data = new float[batch * projected.Length];
                for (int b = 0; b < batch; b++)
                {
                    projected.CopyTo(data, b * projected.Length);
                }
                var vertices = Tensor.FromArray(data, batch, mesh.VertexCount, 2).RequireGrad();
                var weights = Tensor.RandUniform(new TensorRandom(3), 0, 1, batch, size, size);
                Tensor? output = null;
                var (fBest, fMedian, fCpu, _) = Time(() =>
                {
                    using var _ = GradMode.NoGrad();
                    output = SoftSilhouette.Render(vertices, mesh.Triangles, size, sigma);
                }, steps);
                var (tBest, tMedian, tCpu, tBytes) = Time(() =>
                {
                    // A training step's pooled scope: outputs and gradients reuse buffers from the previous step.
                    using var scope = TensorScope.Begin();
                    vertices.ZeroGrad();
                    var s = SoftSilhouette.Render(vertices, mesh.Triangles, size, sigma);
                    s.Backward(weights);
                }, steps);
                double mean = output!.Mean().Item();
                Console.WriteLine($"soft {size}x{size} batch {batch} σ {sigma:G3} px²: forward wall median {fMedian:F2} ms (best {fBest:F2}, CPU {fCpu:F2}); forward+backward wall median {tMedian:F2} ms (best {tBest:F2}, CPU {tCpu:F2}), {tBytes} B/step; mean silhouette {mean:F3}");
            }
        }
    }

    /// <summary>Pixel centres inside the faces' bounding boxes grown by the cut-off reach: the pairs the kernel visits.</summary>
    private static long WindowPixels(float[] xy, int[] faces, int size, float reach)
    {
        long total = 0;
        for (int f = 0; f < faces.Length; f += 3)
        {
            float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
            for (int k = 0; k < 3; k++)
            {
                float x = xy[2 * faces[f + k]], y = xy[2 * faces[f + k] + 1];
                minX = MathF.Min(minX, x);
                maxX = MathF.Max(maxX, x);
                minY = MathF.Min(minY, y);
                maxY = MathF.Max(maxY, y);
            }
            int x0 = Math.Max(0, (int)MathF.Ceiling(minX - reach - 0.5f)), x1 = Math.Min(size - 1, (int)MathF.Floor(maxX + reach - 0.5f));
            int y0 = Math.Max(0, (int)MathF.Ceiling(minY - reach - 0.5f)), y1 = Math.Min(size - 1, (int)MathF.Floor(maxY + reach - 0.5f));
            total += Math.Max(0, x1 - x0 + 1) * (long)Math.Max(0, y1 - y0 + 1);
        }
        return total;
    }

    /// <summary>
    /// Wall-clock best and median chunk (ms per step), process CPU time per step (ms: on a shared, overloaded machine
    /// the honest cost of a single-threaded run, as waiting for a core is not counted) and bytes allocated per step.
    /// </summary>
    private static (double BestMs, double MedianMs, double CpuMs, long BytesPerStep) Time(Action step, int steps)
    {
        for (int i = 0; i < Math.Max(3, steps / 10); i++)
        {
            step();
        }
        var chunks = new List<double>(steps / StepTimer.ChunkSteps + 1);
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        StepTimer.TimeChunks(steps, step, chunks);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / steps;
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / steps;
        return (chunks[0], chunks[chunks.Count / 2], cpu, bytes);
    }
}
