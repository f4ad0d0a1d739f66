namespace Hamr.Imaging.Tests;

public sealed class ImageTests
{
    [Fact]
    public void Indexer_addresses_interleaved_channels_row_major()
    {
        var image = new Image(3, 2, 3);
        image[2, 1, 1] = 77;
        Assert.Equal(77, image.Pixels[((1 * 3) + 2) * 3 + 1]);
        Assert.Equal(9, image.Stride);
    }

    [Fact]
    public void Oversized_image_is_refused_before_allocating()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Image(Image.MaxDimension + 1, 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Image(30000, 30000, 4));
    }
}
