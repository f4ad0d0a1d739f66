using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Support;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Files from our encoder decode with an independent decoder (ImageMagick) to the pixels we encoded.</summary>
public sealed class PngReferenceDecoderTests
{
    [ImageMagickFact]
    public void ImageMagick_decodes_our_8_bit_files_to_our_pixels()
    {
        foreach (int channels in new[] { 1, 2, 3, 4 })
        {
            foreach (var image in new[] { TestImages.Random8(13, 7, channels, channels), TestImages.Smooth8(40, 31, channels, 10 + channels) })
            {
                var samples = image.Pixels.Select(b => b * 257).ToArray();
                AssertImageMagickReads(Png.Encode(image), PngFixtureTests.ToRgba(samples, channels, 65535), $"8-bit {image}");
            }
        }
    }

    [ImageMagickFact]
    public void ImageMagick_decodes_our_16_bit_files_to_our_samples()
    {
        foreach (int channels in new[] { 1, 2, 3, 4 })
        {
            var image = TestImages.Random16(13, 7, channels, 20 + channels);
            var samples = image.Pixels.Select(v => (int)v).ToArray();
            AssertImageMagickReads(Png.Encode(image), PngFixtureTests.ToRgba(samples, channels, 65535), $"16-bit {image}");
        }
    }

    private static void AssertImageMagickReads(byte[] png, int[] expectedRgba16, string what)
    {
        string path = Path.Combine(Path.GetTempPath(), $"hamr-ours-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, png);
            var decoded = ImageMagick.DecodeRgba16(path).Select(v => (int)v).ToArray();
            PngFixtureTests.AssertPixelsEqual(expectedRgba16, decoded, what);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
