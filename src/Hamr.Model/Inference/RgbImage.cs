using Hamr.Imaging;

namespace Hamr.Model.Inference;

/// <summary>Any 8-bit image as RGB, the network's and the overlay's colour space: grey replicated, alpha composited over <see cref="HandCrop.Padding"/>.</summary>
public static class RgbImage
{
    /// <summary><paramref name="image"/> itself when it is RGB, else a new RGB image.</summary>
    public static Image From(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 3)
        {
            return image;
        }

        var rgb = new Image(image.Width, image.Height, 3);
        var src = image.Pixels;
        var dst = rgb.Pixels;
        int c = image.Channels;
        var pad = HandCrop.Padding;
        for (int i = 0, o = 0; o < dst.Length; i += c, o += 3)
        {
            byte r = src[i], g = c >= 3 ? src[i + 1] : r, b = c >= 3 ? src[i + 2] : r;
            if (image.HasAlpha)
            {
                int a = src[i + c - 1];
                r = Over(r, pad.R, a);
                g = Over(g, pad.G, a);
                b = Over(b, pad.B, a);
            }

            dst[o] = r;
            dst[o + 1] = g;
            dst[o + 2] = b;
        }

        return rgb;
    }

    private static byte Over(int colour, int under, int alpha) => (byte)(((colour * alpha) + (under * (255 - alpha)) + 127) / 255);
}
