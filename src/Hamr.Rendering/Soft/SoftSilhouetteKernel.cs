using Hamr.Tensors.Kernels;

namespace Hamr.Rendering.Soft;

/// <summary>
/// Forward and backward loops of the soft silhouette over chunks of (batch item, row band), face by face over each
/// face's reachable pixel window. Forward accumulates S = Σ log(1 − p) per pixel and leaves the transmittance
/// exp(S) = Π(1 − p); backward recomputes each kept pair and accumulates dL/dvertex per chunk, then sums the
/// chunks of an item in a fixed order, so results never depend on the thread count.
/// </summary>
internal sealed class SoftSilhouetteKernel
{
    /// <summary>Outside pairs with p below this are dropped (SoftRas-style culling).</summary>
    public const float Cutoff = 1e-4f;

    /// <summary>d²/σ beyond which an outside pair has p &lt; Cutoff: ln((1 − c)/c).</summary>
    public static readonly float CutoffRatio = MathF.Log((1 - Cutoff) / Cutoff);

    [ThreadStatic] private static SoftSilhouetteKernel? t_workspace;

    private float[] _vertices = [];
    private float[] _transmittance = [];
    private float[] _gradOutput = [];
    private float[] _gradPartial = [];

    /// <summary>This thread's reusable buffers (they only grow).</summary>
    public static SoftSilhouetteKernel Workspace => t_workspace ??= new SoftSilhouetteKernel();

    public int Batch { get; private set; }
    public int VertexCount { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public int Bands { get; private set; }
    public int[] Faces { get; private set; } = [];
    public float Sigma { get; private set; }

    public Span<float> Vertices => _vertices.AsSpan(0, Batch * VertexCount * 2);

    public Span<float> Transmittance => _transmittance.AsSpan(0, Batch * Width * Height);

    public Span<float> GradOutput => _gradOutput.AsSpan(0, Batch * Width * Height);

    public Span<float> GradVertices => _gradPartial.AsSpan(0, Batch * VertexCount * 2);

    /// <summary>Sizes the buffers for one call; the vertices, and for backward the output gradient, are then copied in.</summary>
    public void Prepare(int batch, int vertexCount, int[] faces, int width, int height, float sigma)
    {
        Batch = batch;
        VertexCount = vertexCount;
        Faces = faces;
        Width = width;
        Height = height;
        Sigma = sigma;
        // Enough chunks for a few threads even at batch 1; depends only on the problem, never on the thread count.
        Bands = batch == 0 ? 1 : Math.Clamp((16 + batch - 1) / batch, 1, height);
        Grow(ref _vertices, batch * vertexCount * 2);
        Grow(ref _transmittance, batch * width * height);
        Grow(ref _gradOutput, batch * width * height);
        Grow(ref _gradPartial, batch * Bands * vertexCount * 2);
    }

    public void Forward() => ParallelFor.Run(Batch * Bands, new ForwardBody(this));

    /// <summary>Fills <see cref="GradVertices"/> from <see cref="GradOutput"/> and the forward's transmittance.</summary>
    public void Backward()
    {
        ParallelFor.Run(Batch * Bands, new BackwardBody(this));
        int chunk = VertexCount * 2;
        for (int b = 0; b < Batch; b++)
        {
            var total = _gradPartial.AsSpan(b * Bands * chunk, chunk);
            for (int band = 1; band < Bands; band++)
            {
                var part = _gradPartial.AsSpan((b * Bands + band) * chunk, chunk);
                for (int i = 0; i < chunk; i++)
                {
                    total[i] += part[i];
                }
            }
            // Items' totals sit Bands·chunk apart; compact them to [B, V, 2].
            total.CopyTo(_gradPartial.AsSpan(b * chunk, chunk));
        }
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }

    private (int Item, int RowStart, int RowEnd) Chunk(int index)
    {
        int item = index / Bands, band = index % Bands;
        int rows = (Height + Bands - 1) / Bands;
        return (item, Math.Min(Height, band * rows), Math.Min(Height, (band + 1) * rows));
    }

    private float Reach => MathF.Sqrt(Sigma * CutoffRatio);

    private readonly struct ForwardBody(SoftSilhouetteKernel k) : IParallelBody
    {
        public void Invoke(int index)
        {
            var (item, rowStart, rowEnd) = k.Chunk(index);
            int w = k.Width;
            var logSum = k._transmittance.AsSpan(item * w * k.Height + rowStart * w, (rowEnd - rowStart) * w);
            logSum.Clear();
            var vertices = k._vertices.AsSpan(item * k.VertexCount * 2, k.VertexCount * 2);
            var faces = k.Faces;
            float invSigma = 1 / k.Sigma, reach = k.Reach, cut = CutoffRatio;
            var tri = default(SoftTriangle);
            for (int f = 0; f < faces.Length; f += 3)
            {
                if (!tri.Load(vertices, faces[f], faces[f + 1], faces[f + 2], reach, w, rowStart, rowEnd))
                {
                    continue;
                }
                for (int y = tri.Y0; y <= tri.Y1; y++)
                {
                    var row = logSum.Slice((y - rowStart) * w, w);
                    for (int x = tri.X0; x <= tri.X1; x++)
                    {
                        float d2 = tri.Distance2(x + 0.5f, y + 0.5f, out bool inside, out _, out _, out _, out _);
                        float z = d2 * invSigma;
                        if (!inside && z > cut)
                        {
                            continue;
                        }
                        row[x] += SoftTables.LogOneMinusSigmoid(inside ? z : -z);
                    }
                }
            }
            foreach (ref float s in logSum)
            {
                s = MathF.Exp(s);
            }
        }
    }

    private readonly struct BackwardBody(SoftSilhouetteKernel k) : IParallelBody
    {
        public void Invoke(int index)
        {
            var (item, rowStart, rowEnd) = k.Chunk(index);
            int w = k.Width, v2 = k.VertexCount * 2;
            int pixelBase = item * w * k.Height;
            var transmittance = k._transmittance.AsSpan(pixelBase, w * k.Height);
            var gradOut = k._gradOutput.AsSpan(pixelBase, w * k.Height);
            var grad = k._gradPartial.AsSpan(index * v2, v2);
            grad.Clear();
            var vertices = k._vertices.AsSpan(item * v2, v2);
            var faces = k.Faces;
            float invSigma = 1 / k.Sigma, reach = k.Reach, cut = CutoffRatio;
            var tri = default(SoftTriangle);
            for (int f = 0; f < faces.Length; f += 3)
            {
                if (!tri.Load(vertices, faces[f], faces[f + 1], faces[f + 2], reach, w, rowStart, rowEnd))
                {
                    continue;
                }
                // dL/d(corner) accumulated over the face's pixels: A, B, C.
                float gax = 0, gay = 0, gbx = 0, gby = 0, gcx = 0, gcy = 0;
                for (int y = tri.Y0; y <= tri.Y1; y++)
                {
                    for (int x = tri.X0; x <= tri.X1; x++)
                    {
                        float d2 = tri.Distance2(x + 0.5f, y + 0.5f, out bool inside, out int edge, out float t, out float ox, out float oy);
                        float z = d2 * invSigma;
                        if (!inside && z > cut)
                        {
                            continue;
                        }
                        int pixel = y * w + x;
                        float signedZ = inside ? z : -z;
                        // silhouette = 1 − Π(1 − p): d sil / d z_f = T·p_f, and z_f = ±d²/σ.
                        float g = gradOut[pixel] * transmittance[pixel] * SoftTables.Sigmoid(signedZ) * (inside ? invSigma : -invSigma);
                        // d(d²)/d(start) = −2(1 − t)·(p − foot), d(d²)/d(end) = −2t·(p − foot) (t is optimal, so no term through t).
                        float gs = -2 * g * (1 - t), ge = -2 * g * t;
                        switch (edge)
                        {
                            case 0:
                                gax += gs * ox; gay += gs * oy; gbx += ge * ox; gby += ge * oy;
                                break;
                            case 1:
                                gbx += gs * ox; gby += gs * oy; gcx += ge * ox; gcy += ge * oy;
                                break;
                            default:
                                gcx += gs * ox; gcy += gs * oy; gax += ge * ox; gay += ge * oy;
                                break;
                        }
                    }
                }
                int i0 = faces[f], i1 = faces[f + 1], i2 = faces[f + 2];
                grad[2 * i0] += gax;
                grad[2 * i0 + 1] += gay;
                grad[2 * i1] += gbx;
                grad[2 * i1 + 1] += gby;
                grad[2 * i2] += gcx;
                grad[2 * i2 + 1] += gcy;
            }
        }
    }
}
