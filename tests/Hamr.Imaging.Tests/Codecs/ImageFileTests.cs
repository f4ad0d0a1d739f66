using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Support;

namespace Hamr.Imaging.Tests.Codecs;

public sealed class ImageFileTests
{
    [Fact]
    public void Format_is_recognised_by_content_not_by_extension()
    {
        var image = TestImages.Smooth8(19, 11, 3, seed: 5);
        var dir = Directory.CreateTempSubdirectory("hamr-imagefile-");
        try
        {
            var png = Path.Combine(dir.FullName, "a.png");
            var jpg = Path.Combine(dir.FullName, "b.jpg");
            ImageFile.Save(image, png);
            ImageFile.Save(image, jpg);
            var swappedPng = Path.Combine(dir.FullName, "png-named.jpg");
            var swappedJpg = Path.Combine(dir.FullName, "jpeg-named.png");
            File.Copy(png, swappedPng);
            File.Copy(jpg, swappedJpg);

            Assert.Equal(image.Pixels, ImageFile.Load(swappedPng).Pixels);
            var fromJpeg = ImageFile.Load(swappedJpg);
            Assert.Equal((19, 11, 3), (fromJpeg.Width, fromJpeg.Height, fromJpeg.Channels));
            int maxDiff = image.Pixels.Zip(fromJpeg.Pixels, (a, b) => Math.Abs(a - b)).Max();
            Assert.InRange(maxDiff, 0, 12); // quality 95, 4:4:4
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_and_empty_content_is_refused_with_the_source_named()
    {
        var ex = Assert.Throws<ImageFormatException>(() => ImageFile.Decode("GIF89a"u8, "x.gif"));
        Assert.Contains("x.gif", ex.Message);
        Assert.Contains("neither a PNG nor a JPEG", ex.Message);
        Assert.Contains("empty", Assert.Throws<ImageFormatException>(() => ImageFile.Decode([], "e.png")).Message);
    }

    [Fact]
    public void Saving_with_an_unknown_extension_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ImageFile.Save(new Image(2, 2, 3), "out.bmp"));
    }
}
