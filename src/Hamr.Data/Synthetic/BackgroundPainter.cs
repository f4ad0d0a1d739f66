using System.Numerics;
using Hamr.Imaging;
using Hamr.Imaging.Drawing;
using Hamr.Imaging.Transforms;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Paints a procedural scene behind (or, for occluders, in front of) the hand: a base pattern (fractal value noise
/// between two colours, a linear or radial gradient, stripes, or a checkerboard), then clutter (random polygons,
/// discs and thick lines). A user photo may replace the base. Colours are random, and sometimes skin-like so the
/// network cannot find the hand by its colour alone. Reuses its buffers: one painter per worker.
/// </summary>
internal sealed class BackgroundPainter
{
    private readonly float[] _plane;
    private readonly float[] _half;
    private readonly int _size;
    private readonly Vector2[] _polygon = new Vector2[8];

    public BackgroundPainter(int size)
    {
        _size = size;
        _plane = new float[size * size];
        _half = new float[(size + 1) / 2 * ((size + 1) / 2)];
    }

    /// <summary>Fills <paramref name="image"/> (Size×Size RGB) with a scene: a photo from <paramref name="photos"/> or a pattern, then clutter.</summary>
    public void Paint(Image image, TensorRandom random, BackgroundLibrary? photos, float photoProbability)
    {
        bool photo = photos is { Count: > 0 } && random.NextFloat() < photoProbability;
        if (photo)
        {
            photos!.Draw(image, random);
        }
        else
        {
            PaintPattern(image, random);
        }
        int clutter = photo ? random.NextInt(2) : random.NextInt(5);
        for (int i = 0; i < clutter; i++)
        {
            DrawShape(image, random, RandomColour(random).WithAlpha(random.Uniform(0.5f, 1f)), random.Uniform(0.05f, 0.5f) * _size, RandomPoint(random, 1.2f));
        }
    }

    /// <summary>A pattern over the whole image (also used to texture occluders).</summary>
    public void PaintPattern(Image image, TensorRandom random)
    {
        var a = RandomColour(random);
        var b = RandomColour(random);
        var plane = _plane.AsSpan();
        int n = _size;
        int style = random.NextInt(5);
        // Smooth patterns (noise, gradients) are computed at half resolution and upsampled: a quarter of the work.
        int h = (n + 1) / 2;
        var half = _half.AsSpan();
        switch (style)
        {
            case 0:
                {
                    // Fractal value noise: 2–4 octaves from a few cells to a fine grain.
                    half.Fill(0.5f);
                    int octaves = 2 + random.NextInt(3);
                    float cells = random.Uniform(1.5f, 8f), amplitude = 1f;
                    uint seed = random.NextUInt();
                    for (int o = 0; o < octaves; o++)
                    {
                        ValueNoise.AddOctave(half, h, h, cells, amplitude, seed + (uint)o, random.Uniform(0, 64), random.Uniform(0, 64));
                        cells *= 2.2f;
                        amplitude *= 0.5f;
                    }
                    UpsampleTwice(half, h, plane, n);
                    break;
                }
            case 1:
            case 2:
                {
                    // Linear (1) or radial (2) gradient, with a little noise.
                    float angle = random.Uniform(0, 2 * MathF.PI);
                    float dx = 2 * MathF.Cos(angle) / n, dy = 2 * MathF.Sin(angle) / n;
                    var centre = RandomPoint(random, 1.5f) / 2;
                    float radius = random.Uniform(0.25f, 0.75f) * n;
                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < h; x++)
                        {
                            half[y * h + x] = style == 1
                                ? 0.5f + (x - h * 0.5f) * dx + (y - h * 0.5f) * dy
                                : Vector2.Distance(new Vector2(x + 0.5f, y + 0.5f), centre) / radius;
                        }
                    }
                    ValueNoise.AddOctave(half, h, h, random.Uniform(2f, 6f), random.Uniform(0f, 0.3f), random.NextUInt(), 0, 0);
                    UpsampleTwice(half, h, plane, n);
                    break;
                }
            case 3:
                {
                    // Stripes: a triangle wave across a random direction, sharpened toward a square wave.
                    float angle = random.Uniform(0, MathF.PI);
                    float period = random.Uniform(0.03f, 0.4f) * n;
                    float fx = MathF.Cos(angle) / period, fy = MathF.Sin(angle) / period;
                    float phase = random.Uniform(0, 1), sharp = random.Uniform(1f, 6f);
                    for (int y = 0; y < n; y++)
                    {
                        float t = y * fy + phase + 1000;
                        for (int x = 0; x < n; x++, t += fx)
                        {
                            float wave = MathF.Abs(2 * (t - MathF.Floor(t)) - 1);
                            plane[y * n + x] = 0.5f + sharp * (wave - 0.5f);
                        }
                    }
                    break;
                }
            default:
                {
                    // Checkerboard (tiles, fabric), slightly rotated.
                    float cell = random.Uniform(0.05f, 0.3f) * n;
                    float angle = random.Uniform(-0.5f, 0.5f);
                    float c = MathF.Cos(angle) / cell, s = MathF.Sin(angle) / cell;
                    for (int y = 0; y < n; y++)
                    {
                        for (int x = 0; x < n; x++)
                        {
                            int u = (int)MathF.Floor(x * c - y * s + 1000), v = (int)MathF.Floor(x * s + y * c + 1000);
                            plane[y * n + x] = ((u + v) & 1) == 0 ? 0.2f : 0.8f;
                        }
                    }
                    break;
                }
        }
        WriteColours(image, plane, a, b);
    }

    /// <summary>Draws one random shape of about <paramref name="extent"/> pixels around <paramref name="centre"/>.</summary>
    public void DrawShape(Image image, TensorRandom random, Rgba colour, float extent, Vector2 centre)
    {
        int kind = random.NextInt(3);
        if (kind == 0)
        {
            Canvas.FillCircle(image, centre, 0.5f * extent, colour);
        }
        else if (kind == 1)
        {
            int sides = 3 + random.NextInt(4);
            float start = random.Uniform(0, 2 * MathF.PI);
            for (int k = 0; k < sides; k++)
            {
                float angle = start + k * 2 * MathF.PI / sides + random.Uniform(-0.3f, 0.3f);
                float r = 0.5f * extent * random.Uniform(0.6f, 1.2f);
                _polygon[k] = centre + r * new Vector2(MathF.Cos(angle), MathF.Sin(angle));
            }
            Canvas.FillPolygon(image, _polygon.AsSpan(0, sides), colour);
        }
        else
        {
            float angle = random.Uniform(0, MathF.PI);
            var half = 0.6f * extent * new Vector2(MathF.Cos(angle), MathF.Sin(angle));
            Canvas.DrawLine(image, centre - half, centre + half, random.Uniform(0.08f, 0.35f) * extent, colour);
        }
    }

    /// <summary>A random colour: mostly any hue at moderate saturation, sometimes gray, sometimes skin-like.</summary>
    public static Rgba RandomColour(TensorRandom random)
    {
        float kind = random.NextFloat();
        Vector3 c;
        if (kind < 0.15f)
        {
            c = SkinTones.Dorsal(random.NextInt(SkinTones.Count)) * random.Uniform(0.7f, 1.1f);
        }
        else if (kind < 0.35f)
        {
            c = new Vector3(random.Uniform(0.05f, 0.95f));
        }
        else
        {
            float hue = random.NextFloat(), saturation = random.Uniform(0.1f, 0.9f), value = random.Uniform(0.15f, 1f);
            c = HsvToRgb(hue, saturation, value);
        }
        return new Rgba(ToByte(c.X), ToByte(c.Y), ToByte(c.Z));
    }

    private Vector2 RandomPoint(TensorRandom random, float spread)
    {
        float half = 0.5f * _size;
        return new Vector2(half + spread * random.Uniform(-half, half), half + spread * random.Uniform(-half, half));
    }

    /// <summary>Bilinear ×2 upsampling of an h×h plane onto n×n (pixel centres aligned; edges clamped).</summary>
    private static void UpsampleTwice(ReadOnlySpan<float> half, int h, Span<float> plane, int n)
    {
        for (int y = 0; y < n; y++)
        {
            float sy = Math.Clamp((y + 0.5f) / 2 - 0.5f, 0, h - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, h - 1);
            float wy = sy - y0;
            var top = half.Slice(y0 * h, h);
            var bottom = half.Slice(y1 * h, h);
            var row = plane.Slice(y * n, n);
            for (int x = 0; x < n; x++)
            {
                float sx = Math.Clamp((x + 0.5f) / 2 - 0.5f, 0, h - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, h - 1);
                float wx = sx - x0;
                float t = top[x0] + wx * (top[x1] - top[x0]);
                float b = bottom[x0] + wx * (bottom[x1] - bottom[x0]);
                row[x] = t + wy * (b - t);
            }
        }
    }

    private static void WriteColours(Image image, ReadOnlySpan<float> plane, Rgba a, Rgba b)
    {
        var pixels = image.Pixels.AsSpan();
        for (int i = 0, o = 0; i < plane.Length; i++, o += 3)
        {
            float t = Math.Clamp(plane[i], 0f, 1f);
            pixels[o] = (byte)(a.R + t * (b.R - a.R) + 0.5f);
            pixels[o + 1] = (byte)(a.G + t * (b.G - a.G) + 0.5f);
            pixels[o + 2] = (byte)(a.B + t * (b.B - a.B) + 0.5f);
        }
    }

    private static Vector3 HsvToRgb(float h, float s, float v)
    {
        float r = Math.Clamp(MathF.Abs(h * 6 - 3) - 1, 0, 1);
        float g = Math.Clamp(2 - MathF.Abs(h * 6 - 2), 0, 1);
        float b = Math.Clamp(2 - MathF.Abs(h * 6 - 4), 0, 1);
        return v * Vector3.Lerp(Vector3.One, new Vector3(r, g, b), s);
    }

    private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
}
