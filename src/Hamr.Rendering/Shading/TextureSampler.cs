using System.Numerics;
using Hamr.Imaging;

namespace Hamr.Rendering.Shading;

/// <summary>
/// Bilinear texture lookups. Texel (i, j) has its centre at UV ((i + 0.5)/W, (j + 0.5)/H), with v running down the
/// image; Repeat tiles the texture, Clamp extends its border texels.
/// </summary>
internal static class TextureSampler
{
    /// <summary>Linear RGB in [0, 1] at (u, v); gray textures give gray, alpha is ignored.</summary>
    public static Vector3 Sample(Image texture, float u, float v, TextureWrap wrap)
    {
        int w = texture.Width, h = texture.Height;
        if (wrap == TextureWrap.Repeat)
        {
            // Reduce first: keeps the float→int conversions below in range for any finite UV.
            u -= MathF.Floor(u);
            v -= MathF.Floor(v);
        }
        else
        {
            u = Math.Clamp(u, -1f, 2f);
            v = Math.Clamp(v, -1f, 2f);
        }
        float x = u * w - 0.5f, y = v * h - 0.5f;
        float fx = MathF.Floor(x), fy = MathF.Floor(y);
        float ax = x - fx, ay = y - fy;
        int xa = (int)fx, ya = (int)fy;
        int xb = xa + 1, yb = ya + 1;
        if (wrap == TextureWrap.Repeat)
        {
            xa = Wrap(xa, w);
            xb = Wrap(xb, w);
            ya = Wrap(ya, h);
            yb = Wrap(yb, h);
        }
        else
        {
            xa = Math.Clamp(xa, 0, w - 1);
            xb = Math.Clamp(xb, 0, w - 1);
            ya = Math.Clamp(ya, 0, h - 1);
            yb = Math.Clamp(yb, 0, h - 1);
        }
        var top = Vector3.Lerp(Texel(texture, xa, ya), Texel(texture, xb, ya), ax);
        var bottom = Vector3.Lerp(Texel(texture, xa, yb), Texel(texture, xb, yb), ax);
        return Vector3.Lerp(top, bottom, ay) * (1f / 255f);
    }

    private static int Wrap(int i, int n)
    {
        int r = i % n;
        return r < 0 ? r + n : r;
    }

    private static Vector3 Texel(Image texture, int x, int y)
    {
        int c = texture.Channels;
        int i = (y * texture.Width + x) * c;
        var p = texture.Pixels;
        return c >= 3 ? new Vector3(p[i], p[i + 1], p[i + 2]) : new Vector3(p[i]);
    }
}
