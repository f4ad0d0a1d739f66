using Hamr.Tensors;

namespace Hamr.Imaging.Transforms;

/// <summary>
/// One colour-jitter draw: brightness, contrast and saturation factors (1 = unchanged) and a hue shift in turns
/// (fractions of a full hue rotation; 0 = unchanged), applied in that order as in torchvision's ColorJitter.
/// </summary>
public readonly record struct ColourJitterParams(float Brightness, float Contrast, float Saturation, float HueShift)
{
    /// <summary>Factors that leave every image as it is.</summary>
    public static ColourJitterParams Identity => new(1, 1, 1, 0);
}

/// <summary>
/// Colour jitter for augmentation. <see cref="Sample(Random, float, float, float, float)"/> draws the factors from
/// strengths the way torchvision does (factor uniform in [max(0, 1 − s), 1 + s], hue uniform in [−h, h] turns);
/// <see cref="Apply(Image, Image, ColourJitterParams)"/> applies them deterministically.
/// </summary>
public static class ColourJitter
{
    // Rec. 601 luma (torchvision's rgb_to_grayscale) and the YIQ chroma axes that hue rotates.
    private const double LumaR = 0.299, LumaG = 0.587, LumaB = 0.114;

    /// <summary>Draws parameters from <paramref name="random"/> (always four draws, so streams stay aligned); strength 0 gives exactly the identity.</summary>
    public static ColourJitterParams Sample(Random random, float brightness, float contrast, float saturation, float hue)
    {
        ArgumentNullException.ThrowIfNull(random);
        return FromUniforms(brightness, contrast, saturation, hue, random.NextSingle(), random.NextSingle(), random.NextSingle(), random.NextSingle());
    }

    /// <summary>As <see cref="Sample(Random, float, float, float, float)"/>, drawing from the engine's generator.</summary>
    public static ColourJitterParams Sample(TensorRandom random, float brightness, float contrast, float saturation, float hue)
    {
        ArgumentNullException.ThrowIfNull(random);
        return FromUniforms(brightness, contrast, saturation, hue, random.NextFloat(), random.NextFloat(), random.NextFloat(), random.NextFloat());
    }

    private static ColourJitterParams FromUniforms(float brightness, float contrast, float saturation, float hue, float ub, float uc, float us, float uh)
    {
        if (!(brightness >= 0) || !(contrast >= 0) || !(saturation >= 0) || !(hue is >= 0 and <= 0.5f) || !float.IsFinite(brightness + contrast + saturation))
        {
            throw new ArgumentOutOfRangeException(nameof(brightness), $"jitter strengths must be finite and ≥ 0, hue in [0, 0.5]; got {brightness}, {contrast}, {saturation}, {hue}");
        }
        static float Factor(float strength, float u)
        {
            float low = MathF.Max(0, 1 - strength), high = 1 + strength;
            return low + (high - low) * u;
        }
        return new(Factor(brightness, ub), Factor(contrast, uc), Factor(saturation, us), -hue + 2 * hue * uh);
    }

    /// <summary>A new image with the jitter applied.</summary>
    public static Image Apply(Image source, ColourJitterParams parameters)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(source.Width, source.Height, source.Channels);
        Apply(source, destination, parameters);
        return destination;
    }

    /// <summary>
    /// Applies brightness (scale), contrast (blend with the mean luma), saturation (blend with each pixel's luma)
    /// and hue (rotation of the YIQ chroma plane, which keeps luma) as one 3×3 colour matrix plus offset, with a
    /// single rounding and clamp at the end (torchvision clamps after every step; this differs only where an
    /// intermediate leaves [0, 255]). Gray images get brightness and contrast; alpha is unchanged. In place allowed.
    /// </summary>
    public static void Apply(Image source, Image destination, ColourJitterParams parameters)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Width != destination.Width || source.Height != destination.Height || source.Channels != destination.Channels)
        {
            throw new ArgumentException($"destination is {destination}, source {source}: they must match", nameof(destination));
        }
        var p = parameters;
        if (!(p.Brightness >= 0) || !(p.Contrast >= 0) || !(p.Saturation >= 0) || !float.IsFinite(p.Brightness + p.Contrast + p.Saturation + p.HueShift))
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), p, "jitter factors must be finite and ≥ 0");
        }
        bool colour = source.Channels >= 3;
        // Contrast blends towards the mean luma of the brightness-adjusted image, which is brightness × the source's.
        double meanLuma = p.Brightness * MeanLuma(source, colour);
        double[] m = colour ? ColourMatrix(p) : [p.Brightness * p.Contrast, 0, 0, 0, 0, 0, 0, 0, 0];
        double offset = (1 - p.Contrast) * meanLuma; // the matrix maps gray to the same gray, so the offset is the same per channel
        var body = new JitterRows(source, destination, m, (float)offset, colour);
        ImageTransforms.RunBands(source.Height, (long)source.Width * source.Height, body);
    }

    /// <summary>Row-major 3×3 matrix of brightness·contrast, then saturation, then hue.</summary>
    private static double[] ColourMatrix(ColourJitterParams p)
    {
        double bc = p.Brightness * p.Contrast, s = p.Saturation;
        double[] luma = [LumaR, LumaG, LumaB];
        var saturation = new double[9];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                saturation[r * 3 + c] = ((r == c ? s : 0) + (1 - s) * luma[c]) * bc;
            }
        }
        if (p.HueShift == 0)
        {
            return saturation; // exact: no round trip through YIQ, so zero jitter is exactly the identity
        }
        // RGB → YIQ, rotate (I, Q) by the hue angle, back. Rows of I and Q sum to 0, so gray stays gray.
        double[] yiq = [LumaR, LumaG, LumaB, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
        double[] rgb = Invert3(yiq);
        double angle = 2 * Math.PI * p.HueShift, cos = Math.Cos(angle), sin = Math.Sin(angle);
        double[] rotation = [1, 0, 0, 0, cos, -sin, 0, sin, cos];
        return Multiply(rgb, Multiply(rotation, Multiply(yiq, saturation)));
    }

    private static double MeanLuma(Image image, bool colour)
    {
        ReadOnlySpan<byte> px = image.Pixels;
        int ch = image.Channels;
        long sum = 0;
        for (int i = 0; i < px.Length; i += ch)
        {
            sum += colour ? 299 * px[i] + 587 * px[i + 1] + 114 * px[i + 2] : 1000 * px[i];
        }
        return sum / (1000.0 * image.Width * image.Height);
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var r = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
            }
        }
        return r;
    }

    private static double[] Invert3(double[] m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det];
    }

    /// <summary>out = M·rgb + offset per pixel (gray: out = M[0]·v + offset), rounded half up and clamped.</summary>
    private readonly struct JitterRows(Image source, Image destination, double[] m, float offset, bool colour) : ImageTransforms.IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            int ch = source.Channels;
            float m0 = (float)m[0], m1 = (float)m[1], m2 = (float)m[2], m3 = (float)m[3], m4 = (float)m[4];
            float m5 = (float)m[5], m6 = (float)m[6], m7 = (float)m[7], m8 = (float)m[8];
            for (int y = y0; y < y1; y++)
            {
                ReadOnlySpan<byte> src = source.Row(y);
                Span<byte> dst = destination.Row(y);
                for (int i = 0; i < src.Length; i += ch)
                {
                    if (colour)
                    {
                        float r = src[i], g = src[i + 1], b = src[i + 2];
                        dst[i] = ImageTransforms.ToByte(m0 * r + m1 * g + m2 * b + offset);
                        dst[i + 1] = ImageTransforms.ToByte(m3 * r + m4 * g + m5 * b + offset);
                        dst[i + 2] = ImageTransforms.ToByte(m6 * r + m7 * g + m8 * b + offset);
                        if (ch == 4)
                        {
                            dst[i + 3] = src[i + 3];
                        }
                    }
                    else
                    {
                        dst[i] = ImageTransforms.ToByte(m0 * src[i] + offset);
                        if (ch == 2)
                        {
                            dst[i + 1] = src[i + 1];
                        }
                    }
                }
            }
        }
    }
}
