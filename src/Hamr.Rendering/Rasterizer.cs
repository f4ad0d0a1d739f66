using System.Numerics;
using System.Runtime.CompilerServices;
using Hamr.Rendering.Raster;
using Hamr.Rendering.Shading;
using Hamr.Tensors.Kernels;

namespace Hamr.Rendering;

/// <summary>
/// A software triangle rasteriser: z-buffer, near-plane clipping, culling, perspective-correct interpolation,
/// Lambert + Blinn-Phong shading, textures and supersampling, writing colour, depth, coverage and triangle-id buffers.
/// Visibility is resolved first (depth, triangle and barycentrics per sample), then each pixel is shaded: with
/// supersampling, once per triangle present in the pixel (or per sample, see RenderOptions.ShadePerSample) and
/// box-filtered over its k×k samples. The frame is split into row bands run on the engine's ParallelFor; each band's pixels depend only on the mesh, so
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
        target.Specular.Set(options.Material.Shininess);
        target.SetBackground(options.Background);
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

    /// <summary>A linear value in [0, 1] (clamped) as an 8-bit level, rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);

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
            int channels = t.Color.Channels;
            var background = _options.Background;
            int width = t.Width;
            for (int y = rowStart; y < rowEnd; y++)
            {
                var pixels = t.Color.Pixels.AsSpan(y * width * channels, width * channels);
                var depth = t.Depth.AsSpan(y * width, width);
                var ids = t.TriangleId.AsSpan(y * width, width);
                var coverage = t.Coverage.AsSpan(y * width, width);
                var mask = t.Mask.AsSpan(y * width, width);
                // Start from an empty row (bulk fills), then visit only what was drawn.
                t.BackgroundRow.CopyTo(pixels);
                depth.Fill(float.PositiveInfinity);
                ids.Fill(-1);
                coverage.Clear();
                mask.Clear();
                var sampleRow = t.SampleTriangle.AsSpan(y * k * t.SampleWidth, k * t.SampleWidth);
                for (int x = 0; x < width; x++)
                {
                    int covered;
                    Vector3 color;
                    if (k == 1)
                    {
                        int tri = sampleRow[x];
                        if (tri < 0)
                        {
                            continue;
                        }
                        int s = y * width + x;
                        color = _shader.Shade(tri, t.SampleB1[s], t.SampleB2[s]);
                        depth[x] = t.SampleDepth[s];
                        ids[x] = t.Triangles[tri].Face;
                        covered = 1;
                    }
                    else
                    {
                        covered = ResolveBlock(x, y, out color, out depth[x], out ids[x]);
                        if (covered == 0)
                        {
                            continue;
                        }
                    }
                    float fraction = covered == k * k ? 1f : (float)covered / (k * k);
                    coverage[x] = fraction;
                    mask[x] = ToByte(fraction);
                    int o = x * channels;
                    if (channels == 4)
                    {
                        color /= covered;
                        pixels[o + 3] = mask[x];
                    }
                    else if (covered < k * k)
                    {
                        color = (color + (k * k - covered) * background) / (k * k);
                    }
                    else
                    {
                        color /= covered;
                    }
                    pixels[o] = ToByte(color.X);
                    pixels[o + 1] = ToByte(color.Y);
                    pixels[o + 2] = ToByte(color.Z);
                }
            }
        }

        /// <summary>
        /// A k×k block: the sum of its covered samples' colours, the nearest sample's depth and face, the number covered.
        /// Multisampling shades each distinct triangle once, at the mean barycentrics of its samples, weighted by count.
        /// </summary>
        private int ResolveBlock(int x, int y, out Vector3 color, out float depth, out int face)
        {
            var t = _target;
            int k = t.Supersample;
            int covered = 0, nearestTri = -1, firstTri = -1;
            bool oneTriangle = true;
            float nearest = float.PositiveInfinity;
            var barySum = Vector2.Zero;
            // First pass: coverage, nearest sample, and whether one triangle covers every drawn sample (the interior
            // case, shaded once without bookkeeping).
            for (int j = 0; j < k; j++)
            {
                int s = (y * k + j) * t.SampleWidth + x * k;
                for (int i = 0; i < k; i++, s++)
                {
                    int tri = t.SampleTriangle[s];
                    if (tri < 0)
                    {
                        continue;
                    }
                    covered++;
                    firstTri = firstTri < 0 ? tri : firstTri;
                    oneTriangle &= tri == firstTri;
                    barySum += new Vector2(t.SampleB1[s], t.SampleB2[s]);
                    float z = t.SampleDepth[s];
                    if (z < nearest)
                    {
                        nearest = z;
                        nearestTri = tri;
                    }
                }
            }
            depth = nearest;
            face = nearestTri < 0 ? -1 : t.Triangles[nearestTri].Face;
            if (covered == 0)
            {
                color = default;
            }
            else if (_options.ShadePerSample)
            {
                color = ShadeEverySample(x, y);
            }
            else if (oneTriangle)
            {
                var mean = barySum / covered;
                color = covered * _shader.Shade(firstTri, mean.X, mean.Y);
            }
            else
            {
                color = ShadeEachTriangle(x, y);
            }
            return covered;
        }

        private Vector3 ShadeEverySample(int x, int y)
        {
            var t = _target;
            int k = t.Supersample;
            var color = Vector3.Zero;
            for (int j = 0; j < k; j++)
            {
                int s = (y * k + j) * t.SampleWidth + x * k;
                for (int i = 0; i < k; i++, s++)
                {
                    int tri = t.SampleTriangle[s];
                    if (tri >= 0)
                    {
                        color += _shader.Shade(tri, t.SampleB1[s], t.SampleB2[s]);
                    }
                }
            }
            return color;
        }

        /// <summary>Several triangles in one pixel: each shaded once at the mean of its samples, weighted by their count.</summary>
        private Vector3 ShadeEachTriangle(int x, int y)
        {
            var t = _target;
            int k = t.Supersample;
            Span<int> tris = stackalloc int[RenderTarget.MaxSupersample * RenderTarget.MaxSupersample];
            Span<int> counts = stackalloc int[tris.Length];
            Span<Vector2> barySums = stackalloc Vector2[tris.Length];
            int distinct = 0;
            for (int j = 0; j < k; j++)
            {
                int s = (y * k + j) * t.SampleWidth + x * k;
                for (int i = 0; i < k; i++, s++)
                {
                    int tri = t.SampleTriangle[s];
                    if (tri < 0)
                    {
                        continue;
                    }
                    int slot = tris[..distinct].IndexOf(tri);
                    if (slot < 0)
                    {
                        slot = distinct++;
                        tris[slot] = tri;
                    }
                    counts[slot]++;
                    barySums[slot] += new Vector2(t.SampleB1[s], t.SampleB2[s]);
                }
            }
            var color = Vector3.Zero;
            for (int i = 0; i < distinct; i++)
            {
                var mean = barySums[i] / counts[i];
                color += counts[i] * _shader.Shade(tris[i], mean.X, mean.Y);
            }
            return color;
        }
    }
}
