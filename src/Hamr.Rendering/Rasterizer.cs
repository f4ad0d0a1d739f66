using Hamr.Rendering.Raster;
using Hamr.Rendering.Shading;
using Hamr.Tensors.Kernels;

namespace Hamr.Rendering;

/// <summary>
/// A software triangle rasteriser: z-buffer, near-plane clipping, culling, perspective-correct interpolation,
/// Lambert + Blinn-Phong shading, textures and supersampling, writing colour, depth, coverage and triangle-id buffers.
/// The frame is split into row bands run on the engine's ParallelFor; each band's pixels depend only on the mesh, so
/// the output is the same for any thread count.
/// </summary>
public static class Rasterizer
{
    /// <summary>
    /// Draws <paramref name="mesh"/> (camera-space positions) seen by <paramref name="camera"/> into
    /// <paramref name="target"/>, replacing its previous contents. Camera intrinsics refer to the target's
    /// resolution; supersampling scales them internally.
    /// </summary>
    public static void Render(RenderTarget target, RenderMesh mesh, Camera camera, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(options);
        mesh.Validate();
        var sampleCamera = camera.Scaled(target.Supersample);
        target.SetLights(options.Lights);
        TriangleSetup.Run(target, mesh, sampleCamera, options.Cull);
        var body = new BandBody(target, mesh, options, camera);
        if (options.Parallel)
        {
            ParallelFor.Run(target.BandCount, body);
        }
        else
        {
            for (int b = 0; b < target.BandCount; b++)
            {
                body.Invoke(b);
            }
        }
    }

    /// <summary>One band: scan its triangles, then shade and resolve its output rows.</summary>
    private readonly struct BandBody : IParallelBody
    {
        private readonly RenderTarget _target;
        private readonly SurfaceShader _shader;
        private readonly RenderOptions _options;
        private readonly float _clearDepth;

        public BandBody(RenderTarget target, RenderMesh mesh, RenderOptions options, Camera camera)
        {
            _target = target;
            _options = options;
            bool pinhole = camera.Kind == CameraKind.Pinhole;
            _clearDepth = pinhole ? camera.Far : float.PositiveInfinity;
            _shader = new SurfaceShader(target, mesh, options.Material, options.Wrap, pinhole, options.TwoSidedLighting);
        }

        public void Invoke(int index)
        {
            BandRaster.Run(_target, index, _clearDepth);
            Resolve(index);
        }

        private void Resolve(int band)
        {
            var t = _target;
            int k = t.Supersample;
            int rowStart = band * t.BandSampleRows / k;
            int rowEnd = Math.Min(t.Height, rowStart + t.BandSampleRows / k);
            var background = _options.Background;
            bool rgba = t.Color.Channels == 4;
            float inverseSamples = 1f / (k * k);
            var pixels = t.Color.Pixels;
            int sw = t.SampleWidth;
            for (int y = rowStart; y < rowEnd; y++)
            {
                for (int x = 0; x < t.Width; x++)
                {
                    var sum = System.Numerics.Vector3.Zero;
                    int covered = 0;
                    float nearest = float.PositiveInfinity;
                    int nearestFace = -1;
                    for (int j = 0; j < k; j++)
                    {
                        int s = (y * k + j) * sw + x * k;
                        for (int i = 0; i < k; i++, s++)
                        {
                            int tri = t.SampleTriangle[s];
                            if (tri < 0)
                            {
                                continue;
                            }
                            sum += _shader.Shade(s);
                            covered++;
                            float z = t.SampleDepth[s];
                            if (z < nearest)
                            {
                                nearest = z;
                                nearestFace = t.Triangles[tri].Face;
                            }
                        }
                    }
                    int p = y * t.Width + x;
                    float coverage = covered * inverseSamples;
                    t.Depth[p] = nearest;
                    t.TriangleId[p] = nearestFace;
                    t.Coverage[p] = coverage;
                    t.Mask[p] = ToByte(coverage);
                    var color = rgba
                        ? (covered > 0 ? sum / covered : background)
                        : (sum + (k * k - covered) * background) * inverseSamples;
                    int o = p * t.Color.Channels;
                    pixels[o] = ToByte(color.X);
                    pixels[o + 1] = ToByte(color.Y);
                    pixels[o + 2] = ToByte(color.Z);
                    if (rgba)
                    {
                        pixels[o + 3] = ToByte(coverage);
                    }
                }
            }
        }

        private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
    }
}
