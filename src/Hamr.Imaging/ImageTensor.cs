using Hamr.Tensors;

namespace Hamr.Imaging;

/// <summary>
/// Images to and from network tensors: an 8-bit interleaved image becomes a normalised planar [1, C, H, W] tensor
/// (or slot b of a preallocated [B, C, H, W] batch, with no allocation), and a tensor comes back clamped and rounded.
/// </summary>
public static class ImageTensor
{
    /// <summary>A new [1, C, H, W] tensor of (sample / 255 − mean) / std; <see cref="ImageNormalization.Unit"/> when null.</summary>
    public static Tensor ToTensor(Image image, ImageNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var values = new float[(long)image.Channels * image.Height * image.Width];
        Normalize(image, normalization ?? ImageNormalization.Unit, values);
        return Tensor.Wrap(values, 1, image.Channels, image.Height, image.Width);
    }

    /// <summary>
    /// Writes the normalised image into slot <paramref name="index"/> of a contiguous [B, C, H, W] batch tensor
    /// whose C, H and W match the image; allocates nothing.
    /// </summary>
    public static void WriteToBatch(Image image, Tensor batch, int index, ImageNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(batch);
        var slot = Slot(batch, index, image.Channels, image.Height, image.Width);
        Normalize(image, normalization ?? ImageNormalization.Unit, slot);
    }

    /// <summary>
    /// The 8-bit image in a [C, H, W] tensor or in slot <paramref name="index"/> of a [B, C, H, W] one: the inverse
    /// normalisation, then clamped to [0, 255] and rounded to the nearest level (NaN becomes 0).
    /// </summary>
    public static Image ToImage(Tensor tensor, ImageNormalization? normalization = null, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank is not (3 or 4))
        {
            throw new ArgumentException($"expected a [C, H, W] or [B, C, H, W] tensor, got rank {tensor.Rank}", nameof(tensor));
        }

        int c = tensor.Dim(-3), h = tensor.Dim(-2), w = tensor.Dim(-1);
        var image = new Image(w, h, c);
        var source = tensor.Rank == 3 ? tensor : tensor.Select(0, CheckIndex(index, tensor.Dim(0)));
        if (tensor.Rank == 3)
        {
            CheckIndex(index, 1);
        }

        var planar = source.IsContiguous ? source.AsSpan() : source.Contiguous().AsSpan();
        Denormalize(planar, normalization ?? ImageNormalization.Unit, image);
        return image;
    }

    /// <summary>Interleaved 8-bit samples to normalised planar floats (one 256-entry table per channel).</summary>
    internal static void Normalize(Image image, ImageNormalization normalization, Span<float> planar)
    {
        int channels = image.Channels, plane = image.Width * image.Height;
        var pixels = image.Pixels;
        Span<float> table = stackalloc float[256];
        for (int c = 0; c < channels; c++)
        {
            var (mean, std) = normalization.For(c, channels);
            for (int v = 0; v < 256; v++)
            {
                table[v] = ((v / 255f) - mean) / std;
            }

            var dst = planar.Slice(c * plane, plane);
            for (int i = 0, s = c; i < plane; i++, s += channels)
            {
                dst[i] = table[pixels[s]];
            }
        }
    }

    /// <summary>Planar normalised floats back to interleaved 8-bit samples, clamped and rounded.</summary>
    internal static void Denormalize(ReadOnlySpan<float> planar, ImageNormalization normalization, Image image)
    {
        int channels = image.Channels, plane = image.Width * image.Height;
        var pixels = image.Pixels;
        for (int c = 0; c < channels; c++)
        {
            var (mean, std) = normalization.For(c, channels);
            var src = planar.Slice(c * plane, plane);
            for (int i = 0, d = c; i < plane; i++, d += channels)
            {
                float level = ((src[i] * std) + mean) * 255f;
                pixels[d] = level >= 0f ? (byte)MathF.Min(level + 0.5f, 255f) : (byte)0; // NaN fails >= and gives 0
            }
        }
    }

    private static Span<float> Slot(Tensor batch, int index, int channels, int height, int width)
    {
        var shape = batch.Shape;
        if (shape.Length != 4 || shape[1] != channels || shape[2] != height || shape[3] != width)
        {
            throw new ArgumentException($"batch tensor has shape [{string.Join(", ", shape.ToArray())}], expected [B, {channels}, {height}, {width}]", nameof(batch));
        }

        CheckIndex(index, shape[0]);
        int size = channels * height * width;
        return batch.AsSpan().Slice(index * size, size);
    }

    private static int CheckIndex(int index, int count)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"batch index outside 0..{count - 1}");
        }

        return index;
    }
}
