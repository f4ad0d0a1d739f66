using System.Numerics;

namespace Hamr.Imaging.Transforms;

public static partial class ImageTransforms
{
    /// <summary>
    /// A new <paramref name="width"/>×<paramref name="height"/> image cut from <paramref name="source"/> with its top-left
    /// corner at source pixel (<paramref name="x"/>, <paramref name="y"/>); parts outside the source follow <paramref name="border"/>.
    /// </summary>
    public static Image Crop(Image source, int x, int y, int width, int height, Border border)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(width, height, source.Channels);
        Crop(source, x, y, destination, border);
        return destination;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the source rectangle of its size whose top-left corner is source pixel
    /// (<paramref name="x"/>, <paramref name="y"/>) (any integers: the rectangle may lie partly or wholly outside);
    /// pixels outside the source are the border colour or the nearest edge pixel. A pure copy, no resampling.
    /// </summary>
    public static void Crop(Image source, int x, int y, Image destination, Border border)
    {
        CheckPair(source, destination);
        int ch = source.Channels, w = source.Width, h = source.Height;
        Span<byte> fill = stackalloc byte[4];
        border.Fill(fill, ch);
        bool replicate = border.Mode == BorderMode.Replicate;
        // Destination columns [left, right) come straight from the source row; the rest are border.
        long leftL = Math.Clamp(-(long)x, 0, destination.Width), rightL = Math.Clamp((long)w - x, 0, destination.Width);
        int left = (int)leftL, right = (int)Math.Max(leftL, rightL);
        for (int r = 0; r < destination.Height; r++)
        {
            Span<byte> dst = destination.Row(r);
            long syL = (long)y + r;
            if (!replicate && (syL < 0 || syL >= h))
            {
                FillPixels(dst, fill[..ch]);
                continue;
            }
            ReadOnlySpan<byte> src = source.Row((int)Math.Clamp(syL, 0, h - 1));
            if (right > left)
            {
                src.Slice((x + left) * ch, (right - left) * ch).CopyTo(dst.Slice(left * ch));
            }
            if (replicate)
            {
                FillPixels(dst[..(left * ch)], src[..ch]);
                FillPixels(dst[(right * ch)..], src[((w - 1) * ch)..]);
            }
            else
            {
                FillPixels(dst[..(left * ch)], fill[..ch]);
                FillPixels(dst[(right * ch)..], fill[..ch]);
            }
        }
    }

    /// <summary>Mirrors left–right into a new image. Flipping a right hand's image shows a left hand: flip the handedness label too.</summary>
    public static Image FlipHorizontal(Image source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(source.Width, source.Height, source.Channels);
        FlipHorizontal(source, destination);
        return destination;
    }

    /// <summary>
    /// Mirrors left–right (destination may be the source: flips in place). Keypoints follow with
    /// <see cref="FlipPointsHorizontal"/>. Note: the mirror image of a right hand is a left hand, so a sample's
    /// hand side must be swapped with it (the keypoint order itself does not change: the thumb stays the thumb).
    /// </summary>
    public static void FlipHorizontal(Image source, Image destination)
    {
        CheckSameShape(source, destination);
        int ch = source.Channels, w = source.Width;
        Span<byte> pixel = stackalloc byte[4];
        for (int y = 0; y < source.Height; y++)
        {
            Span<byte> src = source.Row(y), dst = destination.Row(y);
            // Swap pixel pairs from both ends, so in place works; the middle pixel of an odd row copies itself.
            for (int a = 0, b = w - 1; a <= b; a++, b--)
            {
                src.Slice(a * ch, ch).CopyTo(pixel);
                src.Slice(b * ch, ch).CopyTo(dst.Slice(a * ch, ch));
                pixel[..ch].CopyTo(dst.Slice(b * ch, ch));
            }
        }
    }

    /// <summary>Mirrors top–bottom into a new image.</summary>
    public static Image FlipVertical(Image source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(source.Width, source.Height, source.Channels);
        FlipVertical(source, destination);
        return destination;
    }

    /// <summary>Mirrors top–bottom (destination may be the source: flips in place). Keypoints follow with <see cref="FlipPointsVertical"/>.</summary>
    public static void FlipVertical(Image source, Image destination)
    {
        CheckSameShape(source, destination);
        Span<byte> row = stackalloc byte[Math.Min(source.Stride, 4096)];
        for (int a = 0, b = source.Height - 1; a <= b; a++, b--)
        {
            Span<byte> srcA = source.Row(a), srcB = source.Row(b), dstA = destination.Row(a), dstB = destination.Row(b);
            // Swap rows a and b through a small buffer, a chunk at a time (rows can be long).
            for (int i = 0; i < srcA.Length; i += row.Length)
            {
                int n = Math.Min(row.Length, srcA.Length - i);
                srcA.Slice(i, n).CopyTo(row);
                srcB.Slice(i, n).CopyTo(dstA.Slice(i, n));
                row[..n].CopyTo(dstB.Slice(i, n));
            }
        }
    }

    /// <summary>Keypoints of an image <paramref name="width"/> wide, mirrored left–right: x' = width − x (pixel centres stay centres).</summary>
    public static void FlipPointsHorizontal(ReadOnlySpan<Vector2> points, Span<Vector2> destination, int width) =>
        Affine2.FlipHorizontal(width).Apply(points, destination);

    /// <summary>Keypoints of an image <paramref name="height"/> high, mirrored top–bottom: y' = height − y.</summary>
    public static void FlipPointsVertical(ReadOnlySpan<Vector2> points, Span<Vector2> destination, int height) =>
        Affine2.FlipVertical(height).Apply(points, destination);

    private static void CheckSameShape(Image source, Image destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Width != destination.Width || source.Height != destination.Height || source.Channels != destination.Channels)
        {
            throw new ArgumentException($"destination is {destination}, source {source}: they must match", nameof(destination));
        }
    }

    /// <summary>Repeats one pixel's bytes over <paramref name="destination"/> (a whole number of pixels).</summary>
    private static void FillPixels(Span<byte> destination, ReadOnlySpan<byte> pixel)
    {
        int ch = pixel.Length;
        if (ch == 1)
        {
            destination.Fill(pixel[0]);
            return;
        }
        for (int i = 0; i + ch <= destination.Length; i += ch)
        {
            pixel[..ch].CopyTo(destination.Slice(i, ch));
        }
    }
}
