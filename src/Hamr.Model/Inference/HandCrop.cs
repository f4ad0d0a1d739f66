using Hamr.Imaging;
using Hamr.Imaging.Transforms;

namespace Hamr.Model.Inference;

/// <summary>
/// The square crop of a hand box that the network sees, and the maps between it and the source image. The square has
/// the box's centre and its larger side (<see cref="HandBox.ToSquare"/>); outside the image it is padded with
/// <see cref="Padding"/>; a left hand's crop is mirrored left–right, because the network only knows right hands.
/// <see cref="SourceToCrop"/> includes that mirror, so mapping the network's crop keypoints through
/// <see cref="CropToSource"/> both un-crops and un-mirrors them.
/// </summary>
public sealed class HandCrop
{
    /// <summary>
    /// Largest side of the intermediate crop: the box is first resampled bilinearly to k·<see cref="Size"/> (k ≥ box
    /// side / size, so the bilinear step never shrinks), then averaged k×k down to the size (exact block means). Boxes
    /// larger than this times the size/k ratio shrink a little in the bilinear step (under 2× for boxes up to 4096 px).
    /// </summary>
    public const int MaxIntermediateSize = 2048;

    /// <summary>Mid grey: the colour of the crop beyond the image's edge and under transparent pixels.</summary>
    public static Rgba Padding { get; } = new(128, 128, 128);

    /// <summary>The crop of <paramref name="box"/> in a <paramref name="imageWidth"/>×<paramref name="imageHeight"/> image at <paramref name="size"/>² pixels.</summary>
    public HandCrop(int imageWidth, int imageHeight, HandBox box, int size, bool mirror)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        box.Validate(imageWidth, imageHeight);
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        Box = box;
        Square = box.ToSquare();
        Size = size;
        Mirrored = mirror;
        var toCrop = Square.SourceToCrop(size);
        SourceToCrop = mirror ? toCrop.Then(Affine2.FlipHorizontal(size)) : toCrop;
        CropToSource = SourceToCrop.Inverse;
    }

    public int ImageWidth { get; }

    public int ImageHeight { get; }

    /// <summary>The box as given (or the whole image).</summary>
    public HandBox Box { get; }

    /// <summary>The square around the box's centre that becomes the crop.</summary>
    public CropBox Square { get; }

    /// <summary>Side of the crop, pixels (the network's input size).</summary>
    public int Size { get; }

    /// <summary>Whether the crop is mirrored left–right (a left hand).</summary>
    public bool Mirrored { get; }

    /// <summary>Source pixels → crop pixels, the mirror included.</summary>
    public Affine2 SourceToCrop { get; }

    /// <summary>Crop pixels → source pixels (un-mirrors).</summary>
    public Affine2 CropToSource { get; }

    /// <summary>The factor k of the intermediate crop (1 when the box is no larger than the crop).</summary>
    public int Supersample => (int)Math.Clamp(Math.Ceiling(Square.SizePx / Size - 1e-6), 1, Math.Max(1, MaxIntermediateSize / Size));

    /// <summary>
    /// The RGB crop, <see cref="Size"/>² pixels: bilinear warp to k·size (no shrinking), exact k×k block means down
    /// to the size, grey and alpha composited over <see cref="Padding"/>, then mirrored for a left hand (an exact pixel
    /// reversal, as training mirrors its left hands).
    /// </summary>
    public Image Extract(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != ImageWidth || image.Height != ImageHeight)
        {
            throw new ArgumentException($"the crop was made for a {ImageWidth}×{ImageHeight} image, got {image.Width}×{image.Height}", nameof(image));
        }

        int k = Supersample;
        var warped = ImageTransforms.WarpAffine(image, Square.SourceToCrop(k * Size), k * Size, k * Size, Border.Constant(Padding));
        var crop = RgbImage.From(k == 1 ? warped : ImageTransforms.Resize(warped, Size, Size));
        return Mirrored ? ImageTransforms.FlipHorizontal(crop) : crop;
    }

    /// <summary>Interleaved (x, y) crop pixels → source pixels (may be the same span).</summary>
    public void CropPixelsToSource(ReadOnlySpan<float> cropXy, Span<float> sourceXy) => CropToSource.Apply(cropXy, sourceXy);

    /// <summary>Interleaved (x, y) normalised crop coordinates (x ∈ [−1, 1] edge to edge) → source pixels.</summary>
    public void NormalizedToSource(ReadOnlySpan<float> normalizedXy, Span<float> sourceXy)
    {
        if (normalizedXy.Length % 2 != 0 || sourceXy.Length != normalizedXy.Length)
        {
            throw new ArgumentException($"expected interleaved (x, y) pairs of equal length, got {normalizedXy.Length} and {sourceXy.Length} floats", nameof(sourceXy));
        }

        var m = CropToSource;
        double half = Size / 2.0;
        for (int i = 0; i < normalizedXy.Length; i += 2)
        {
            var (x, y) = m.Apply((normalizedXy[i] + 1) * half, (normalizedXy[i + 1] + 1) * half);
            sourceXy[i] = (float)x;
            sourceXy[i + 1] = (float)y;
        }
    }

    /// <summary>Interleaved (x, y) source pixels → normalised crop coordinates (the inverse of <see cref="NormalizedToSource"/>).</summary>
    public void SourceToNormalized(ReadOnlySpan<float> sourceXy, Span<float> normalizedXy)
    {
        if (sourceXy.Length % 2 != 0 || normalizedXy.Length != sourceXy.Length)
        {
            throw new ArgumentException($"expected interleaved (x, y) pairs of equal length, got {sourceXy.Length} and {normalizedXy.Length} floats", nameof(normalizedXy));
        }

        var m = SourceToCrop;
        double scale = 2.0 / Size;
        for (int i = 0; i < sourceXy.Length; i += 2)
        {
            var (u, v) = m.Apply(sourceXy[i], sourceXy[i + 1]);
            normalizedXy[i] = (float)(u * scale - 1);
            normalizedXy[i + 1] = (float)(v * scale - 1);
        }
    }
}
