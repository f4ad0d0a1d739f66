using Hamr.Imaging.Tests.Support;
using Hamr.Tensors;

namespace Hamr.Imaging.Tests;

/// <summary>Images to normalised NCHW tensors and back, and the planar float image.</summary>
public sealed class ImageTensorTests
{
    [Fact]
    public void Tensor_is_planar_nchw_with_imagenet_normalisation()
    {
        var image = new Image(2, 1, 3, [0, 128, 255, 10, 20, 30]); // two RGB pixels
        var t = ImageTensor.ToTensor(image, ImageNormalization.ImageNet);
        Assert.Equal([1, 3, 1, 2], t.GetShape());
        var v = t.AsSpan();
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        // layout [c][x]: R of pixel 0, R of pixel 1, G of pixel 0, ...
        double[] expected =
        [
            ((0 / 255.0) - mean[0]) / std[0], ((10 / 255.0) - mean[0]) / std[0],
            ((128 / 255.0) - mean[1]) / std[1], ((20 / 255.0) - mean[1]) / std[1],
            ((255 / 255.0) - mean[2]) / std[2], ((30 / 255.0) - mean[2]) / std[2],
        ];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], v[i], 5);
        }

        Assert.Equal(-2.1179, v[0], 4); // the familiar ImageNet value of black red
        Assert.Equal(0.485f, ImageNormalization.ImageNetMeanR);
        Assert.Equal(0.225f, ImageNormalization.ImageNetStdB);
    }

    [Fact]
    public void Unit_normalisation_maps_samples_to_zero_one()
    {
        var image = new Image(3, 1, 1, [0, 51, 255]);
        Assert.Equal([0f, 0.2f, 1f], ImageTensor.ToTensor(image).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_sample_survives_tensor_and_back(int channels)
    {
        var image = TestImages.Random8(37, 9, channels, channels);
        Assert.True(image.Pixels.Length >= 256 * channels); // room for every level in every channel
        for (int i = 0; i < 256 * channels; i++)
        {
            image.Pixels[i] = (byte)(i / channels);
        }

        var norm = channels == 3 ? ImageNormalization.ImageNet : new ImageNormalization([0.3f], [0.7f]);
        var back = ImageTensor.ToImage(ImageTensor.ToTensor(image, norm), norm);
        Assert.Equal((image.Width, image.Height, channels), (back.Width, back.Height, back.Channels));
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void Back_conversion_clamps_and_rounds_to_nearest()
    {
        var t = Tensor.FromArray([-0.5f, 0.1f, 0.5f, 1.7f, float.NaN, 254.4f / 255f, 254.6f / 255f, float.PositiveInfinity], 1, 1, 8);
        Assert.Equal([0, 26, 128, 255, 0, 254, 255, 255], ImageTensor.ToImage(t).Pixels);
    }

    [Fact]
    public void Writing_into_a_batch_slot_fills_only_that_slot_and_allocates_nothing()
    {
        var a = TestImages.Random8(8, 5, 3, 1);
        var b = TestImages.Random8(8, 5, 3, 2);
        var batch = Tensor.Zeros(3, 3, 5, 8);
        ImageTensor.WriteToBatch(a, batch, 0, ImageNormalization.ImageNet);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ImageTensor.WriteToBatch(b, batch, 2, ImageNormalization.ImageNet);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        var single = ImageTensor.ToTensor(b, ImageNormalization.ImageNet).AsSpan().ToArray();
        Assert.Equal(single, batch.AsSpan().Slice(2 * 120, 120).ToArray());
        Assert.All(batch.AsSpan().Slice(120, 120).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(a.Pixels, ImageTensor.ToImage(batch, ImageNormalization.ImageNet, index: 0).Pixels);
        Assert.Equal(b.Pixels, ImageTensor.ToImage(batch, ImageNormalization.ImageNet, index: 2).Pixels);
    }

    [Fact]
    public void Mismatched_batches_and_normalisations_are_refused()
    {
        var image = TestImages.Random8(8, 5, 3, 1);
        Assert.Throws<ArgumentException>(() => ImageTensor.WriteToBatch(image, Tensor.Zeros(2, 3, 5, 7), 0));
        Assert.Throws<ArgumentException>(() => ImageTensor.WriteToBatch(image, Tensor.Zeros(3, 5, 8), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTensor.WriteToBatch(image, Tensor.Zeros(2, 3, 5, 8), 2));
        Assert.Throws<ArgumentException>(() => ImageTensor.ToTensor(TestImages.Random8(2, 2, 4, 1), ImageNormalization.ImageNet));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageNormalization([0f], [0f]));
        Assert.Throws<ArgumentException>(() => new ImageNormalization([0f, 1f], [1f]));
        Assert.Throws<ArgumentException>(() => ImageTensor.ToImage(Tensor.Zeros(5, 5)));
    }

    [Fact]
    public void Non_contiguous_tensor_converts_like_its_contiguous_copy()
    {
        var hwc = Tensor.FromArray(Enumerable.Range(0, 2 * 3 * 3).Select(i => i / 20f).ToArray(), 2, 3, 3); // [H, W, C]
        var chw = hwc.Permute(2, 0, 1);
        Assert.False(chw.IsContiguous);
        Assert.Equal(ImageTensor.ToImage(chw.Contiguous()).Pixels, ImageTensor.ToImage(chw).Pixels);
    }

    [Fact]
    public void ImageF_is_planar_and_round_trips_through_bytes_and_tensors()
    {
        var image = TestImages.Random8(6, 4, 3, 5);
        var planar = ImageF.FromImage(image);
        Assert.Equal(image[5, 3, 2] / 255f, planar[5, 3, 2]);
        Assert.Equal(image[1, 2, 1] / 255f, planar.Data[(((1 * 4) + 2) * 6) + 1]);
        Assert.Equal(image[1, 2, 1] / 255f, planar.Plane(1)[(2 * 6) + 1]);
        Assert.Equal(image.Pixels, planar.ToImage().Pixels);

        var tensor = planar.ToTensor();
        Assert.Equal([3, 4, 6], tensor.GetShape());
        var again = ImageF.FromTensor(tensor.Unsqueeze(0));
        Assert.Equal(planar.Data, again.Data);
        Assert.Equal((6, 4, 3), (again.Width, again.Height, again.Channels));
        Assert.Equal(ImageTensor.ToTensor(image).ToArray(), tensor.ToArray());
        Assert.Throws<ArgumentException>(() => ImageF.FromTensor(Tensor.Zeros(2, 3, 4, 6)));
    }
}
