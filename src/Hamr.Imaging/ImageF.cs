using Hamr.Tensors;

namespace Hamr.Imaging;

/// <summary>
/// A float image in planar layout, <see cref="Channels"/> planes of <see cref="Height"/> rows of
/// <see cref="Width"/> values (C × H × W, the layout of a network input); values are usually in [0, 1].
/// </summary>
public sealed class ImageF
{
    /// <summary>An all-zero image.</summary>
    public ImageF(int width, int height, int channels)
    {
        Image.Validate(width, height, channels);
        Width = width;
        Height = height;
        Channels = channels;
        Data = new float[(long)width * height * channels];
    }

    /// <summary>Wraps an existing planar buffer of exactly channels·height·width floats (not copied).</summary>
    public ImageF(int width, int height, int channels, float[] data)
    {
        Image.Validate(width, height, channels);
        ArgumentNullException.ThrowIfNull(data);
        if (data.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"buffer holds {data.LongLength} floats, expected {(long)width * height * channels} for {channels}×{height}×{width}", nameof(data));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Planar values: plane c, row y, column x at (c·Height + y)·Width + x.</summary>
    public float[] Data { get; }

    /// <summary>Values per plane.</summary>
    public int PlaneSize => Width * Height;

    /// <summary>The values of channel <paramref name="c"/>, row-major.</summary>
    public Span<float> Plane(int c)
    {
        if ((uint)c >= (uint)Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, $"channel outside 0..{Channels - 1}");
        }

        return Data.AsSpan(c * PlaneSize, PlaneSize);
    }

    /// <summary>Channel <paramref name="c"/> of pixel (x, y).</summary>
    public float this[int x, int y, int c]
    {
        get => Data[Index(x, y, c)];
        set => Data[Index(x, y, c)] = value;
    }

    /// <summary>The image with each sample divided by 255 (so values lie in [0, 1]).</summary>
    public static ImageF FromImage(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new ImageF(image.Width, image.Height, image.Channels);
        ImageTensor.Normalize(image, ImageNormalization.Unit, result.Data);
        return result;
    }

    /// <summary>The 8-bit image: each value clamped to [0, 1], times 255, rounded to the nearest level.</summary>
    public Image ToImage()
    {
        var image = new Image(Width, Height, Channels);
        ImageTensor.Denormalize(Data, ImageNormalization.Unit, image);
        return image;
    }

    /// <summary>A copy as a [C, H, W] tensor.</summary>
    public Tensor ToTensor() => Tensor.FromArray(Data, Channels, Height, Width);

    /// <summary>A copy of a [C, H, W] or [1, C, H, W] tensor.</summary>
    public static ImageF FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        bool chw = shape.Length == 3 || (shape.Length == 4 && shape[0] == 1);
        if (!chw)
        {
            throw new ArgumentException($"expected a [C, H, W] or [1, C, H, W] tensor, got rank {shape.Length} with first dim {(shape.Length > 0 ? shape[0] : 0)}", nameof(tensor));
        }

        int offset = shape.Length - 3;
        return new ImageF(shape[offset + 2], shape[offset + 1], shape[offset], tensor.ToArray());
    }

    public ImageF Clone() => new(Width, Height, Channels, (float[])Data.Clone());

    public override string ToString() => $"ImageF {Channels}×{Height}×{Width}";

    private int Index(int x, int y, int c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)c >= (uint)Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}, {c}) outside {Width}×{Height}×{Channels}");
        }

        return (((c * Height) + y) * Width) + x;
    }
}
