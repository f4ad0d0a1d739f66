namespace Hamr.Imaging.Tests.Transforms;

/// <summary>Small seeded images for the transform and drawing tests.</summary>
internal static class TestImages
{
    public static Image Random(int width, int height, int channels, int seed)
    {
        var image = new Image(width, height, channels);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    public static Image Constant(int width, int height, int channels, byte value)
    {
        var image = new Image(width, height, channels);
        image.Pixels.AsSpan().Fill(value);
        return image;
    }
}
