using Hamr.Imaging;
using Hamr.Imaging.Codecs;

namespace Hamr.Model.Tests.Support;

/// <summary>The example hand crops shipped in docs/images (linked into the test output as fixtures/examples).</summary>
internal static class Examples
{
    public static string RightPath => Path.Combine(AppContext.BaseDirectory, "fixtures", "examples", "example-hand.png");

    public static string LeftPath => Path.Combine(AppContext.BaseDirectory, "fixtures", "examples", "example-hand-left.png");

    public static Image Right() => ImageFile.Load(RightPath);

    public static Image Left() => ImageFile.Load(LeftPath);

    /// <summary>A seeded random RGB image (noise: every pixel matters to the network).</summary>
    public static Image Noise(int width, int height, int seed, int channels = 3)
    {
        var image = new Image(width, height, channels);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }
}
