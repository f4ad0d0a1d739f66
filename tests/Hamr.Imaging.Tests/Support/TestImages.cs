namespace Hamr.Imaging.Tests.Support;

/// <summary>Seeded random, smooth and constant test images (codecs, transforms, drawing).</summary>
internal static class TestImages
{
    public static Image Random8(int width, int height, int channels, int seed)
    {
        var image = new Image(width, height, channels);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>Smooth gradients with a little noise: what filters are for (random bytes defeat every filter).</summary>
    public static Image Smooth8(int width, int height, int channels, int seed)
    {
        var rng = new Random(seed);
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    image[x, y, c] = (byte)Math.Clamp((x * 3) + (y * 2) + (c * 50) + rng.Next(-3, 4), 0, 255);
                }
            }
        }

        return image;
    }

    public static Image16 Random16(int width, int height, int channels, int seed)
    {
        var rng = new Random(seed);
        var image = new Image16(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (ushort)rng.Next(65536);
        }

        return image;
    }

    public static Image Constant(int width, int height, int channels, byte value)
    {
        var image = new Image(width, height, channels);
        image.Pixels.AsSpan().Fill(value);
        return image;
    }
}
