using Hamr.Imaging;
using Hamr.Rendering.Raster;

namespace Hamr.Rendering;

/// <summary>
/// The outputs of <see cref="Rasterizer.Render"/> and every buffer it needs, kept between frames so that rendering
/// allocates nothing after the first frame of a given mesh size. Outputs are at the target resolution; with
/// supersampling k each pixel resolves a k×k block of samples (box filter).
/// </summary>
public sealed class RenderTarget
{
    /// <summary>Largest supported supersampling factor per axis.</summary>
    public const int MaxSupersample = 4;

    private float[] _vertexXh = [], _vertexYh = [], _vertexW = [], _vertexDepth = [];
    private byte[] _vertexCode = [];
    private Corner[] _vertexCorners = [];
    private System.Numerics.Vector3 _background;
    private bool _backgroundSet;

    /// <summary>A target of width×height pixels with channels 3 (RGB) or 4 (RGBA, alpha = coverage).</summary>
    public RenderTarget(int width, int height, int supersample = 1, int channels = 3)
    {
        if (supersample is < 1 or > MaxSupersample)
        {
            throw new ArgumentOutOfRangeException(nameof(supersample), supersample, $"supersampling must be 1..{MaxSupersample}");
        }
        if (channels is not (3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "render targets are RGB (3) or RGBA (4)");
        }
        Color = new Image(width, height, channels);
        Width = width;
        Height = height;
        Supersample = supersample;
        int pixels = width * height;
        Depth = new float[pixels];
        Coverage = new float[pixels];
        Mask = new byte[pixels];
        TriangleId = new int[pixels];
        BackgroundRow = new byte[width * channels];
        SampleWidth = width * supersample;
        SampleHeight = height * supersample;
        int samples = SampleWidth * SampleHeight;
        SampleDepth = new float[samples];
        SampleTriangle = new int[samples];
        SampleB1 = new float[samples];
        SampleB2 = new float[samples];
        // Bands of 8 output rows: enough bands to balance two to sixteen threads at 128 px, few enough that a
        // triangle rarely straddles two.
        BandSampleRows = 8 * supersample;
        BandCount = (SampleHeight + BandSampleRows - 1) / BandSampleRows;
        BandStart = new int[BandCount + 1];
        BandFill = new int[BandCount];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Samples per pixel along each axis (k: k² samples per pixel).</summary>
    public int Supersample { get; }

    /// <summary>The shaded image (linear values clamped to [0, 1], no gamma), RGB over the background or RGBA.</summary>
    public Image Color { get; }

    /// <summary>Camera-space Z in metres of the nearest sample in each pixel, +∞ where nothing was drawn.</summary>
    public float[] Depth { get; }

    /// <summary>Fraction of each pixel's samples that were covered (0, 1/k², …, 1).</summary>
    public float[] Coverage { get; }

    /// <summary>Coverage as a byte: round(255·coverage).</summary>
    public byte[] Mask { get; }

    /// <summary>The mesh face of the nearest sample in each pixel, −1 where nothing was drawn.</summary>
    public int[] TriangleId { get; }

    internal int SampleWidth { get; }

    internal int SampleHeight { get; }

    internal float[] SampleDepth { get; }

    /// <summary>Index into <see cref="Triangles"/> of the nearest triangle at each sample, −1 when empty.</summary>
    internal int[] SampleTriangle { get; }

    /// <summary>Perspective-correct barycentric coordinates of corners 1 and 2 of that screen triangle.</summary>
    internal float[] SampleB1 { get; }

    internal float[] SampleB2 { get; }

    internal int BandSampleRows { get; }

    internal int BandCount { get; }

    /// <summary>Band b's triangles are BandTriangles[BandStart[b] .. BandStart[b + 1]).</summary>
    internal int[] BandStart { get; }

    internal int[] BandFill { get; }

    internal int[] BandTriangles { get; private set; } = [];

    internal ScreenTriangle[] Triangles { get; private set; } = [];

    internal int TriangleCount { get; set; }

    internal ShadingLight[] Lights { get; private set; } = [];

    internal int LightCount { get; private set; }

    /// <summary>The material's highlight exponent, tabulated once per change of shininess.</summary>
    internal Shading.PowerTable Specular { get; } = new();

    internal Span<float> VertexXh => _vertexXh;

    internal Span<float> VertexYh => _vertexYh;

    internal Span<float> VertexW => _vertexW;

    internal Span<float> VertexDepth => _vertexDepth;

    internal Span<byte> VertexCode => _vertexCode;

    /// <summary>Screen corners of the vertices that need no clipping (valid where the vertex's clip bits are 0).</summary>
    internal Span<Corner> VertexCorners => _vertexCorners;

    /// <summary>Grows the per-vertex arrays to <paramref name="vertices"/> entries (no-op once large enough).</summary>
    internal void EnsureVertices(int vertices)
    {
        if (_vertexXh.Length < vertices)
        {
            _vertexXh = new float[vertices];
            _vertexYh = new float[vertices];
            _vertexW = new float[vertices];
            _vertexDepth = new float[vertices];
            _vertexCode = new byte[vertices];
            _vertexCorners = new Corner[vertices];
        }
    }

    /// <summary>Makes room for <paramref name="count"/> screen triangles, keeping those already set up.</summary>
    internal void EnsureTriangles(int count)
    {
        if (Triangles.Length < count)
        {
            var grown = new ScreenTriangle[Math.Max(count, Triangles.Length * 2)];
            Triangles.AsSpan(0, TriangleCount).CopyTo(grown);
            Triangles = grown;
        }
    }

    internal void EnsureBandTriangles(int count)
    {
        if (BandTriangles.Length < count)
        {
            BandTriangles = new int[Math.Max(count, BandTriangles.Length * 2)];
        }
    }

    /// <summary>One output row of the background colour (alpha 0), copied into every row before drawing.</summary>
    internal byte[] BackgroundRow { get; }

    internal void SetBackground(System.Numerics.Vector3 background)
    {
        if (!_backgroundSet || background != _background)
        {
            _background = background;
            _backgroundSet = true;
            var row = BackgroundRow;
            for (int x = 0; x < Width; x++)
            {
                row[x * Color.Channels] = Rasterizer.ToByte(background.X);
                row[x * Color.Channels + 1] = Rasterizer.ToByte(background.Y);
                row[x * Color.Channels + 2] = Rasterizer.ToByte(background.Z);
            }
        }
    }

    /// <summary>Copies the lights into flat structs (premultiplied colour, unit vectors) for the shading loop.</summary>
    internal void SetLights(IReadOnlyList<Light> lights)
    {
        if (Lights.Length < lights.Count)
        {
            Lights = new ShadingLight[lights.Count];
        }
        for (int i = 0; i < lights.Count; i++)
        {
            Lights[i] = new ShadingLight(lights[i]);
        }
        LightCount = lights.Count;
    }
}
