using Hamr.Tensors.Io;
namespace Hamr.Imaging.Codecs;

/// <summary>
/// JPEG decoding (baseline, extended sequential and progressive Huffman; 8-bit gray, YCbCr or RGB; any integral
/// sampling; restart markers; EXIF orientation) and baseline encoding. Decoded samples match libjpeg-turbo's
/// djpeg defaults (accurate integer IDCT, fancy upsampling). Bad input raises <see cref="ImageFormatException"/>.
/// </summary>
public static class Jpeg
{
    /// <summary>
    /// Decodes a JPEG file held in memory into a 1-channel (gray) or 3-channel (RGB) image.
    /// </summary>
    /// <param name="sourceName">Named in error messages (a path, a URL, an archive entry…).</param>
    /// <param name="applyExifOrientation">Rotate/flip the pixels as the EXIF orientation tag asks.</param>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName = "<bytes>", bool applyExifOrientation = true)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var decoder = new JpegDecoder(sourceName);
        var image = decoder.Decode(data);
        return applyExifOrientation ? JpegExif.Apply(image, decoder.Orientation) : image;
    }

    /// <summary>Reads and decodes a JPEG file; errors name <paramref name="path"/>.</summary>
    public static Image Load(string path, bool applyExifOrientation = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(File.ReadAllBytes(path), path, applyExifOrientation);
    }

    /// <summary>
    /// Encodes a baseline JFIF JPEG: gray for 1- and 2-channel images, YCbCr for 3- and 4-channel ones (alpha is
    /// dropped), IJG-scaled Annex K quantisation tables and the standard Huffman tables.
    /// </summary>
    /// <param name="quality">1..100, IJG scaling (50 gives the Annex K tables as printed).</param>
    /// <param name="subsampling">Chroma subsampling for colour images; ignored for gray.</param>
    public static byte[] Encode(Image image, int quality = 90, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (!Enum.IsDefined(subsampling))
        {
            throw new ArgumentOutOfRangeException(nameof(subsampling), subsampling, "unknown subsampling");
        }

        return JpegEncoder.Encode(image, quality, subsampling);
    }

    /// <summary>Encodes to <paramref name="path"/> atomically: a temporary file beside it, then a rename.</summary>
    public static void Save(Image image, string path, int quality = 90, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllBytes(path, Encode(image, quality, subsampling));
    }
}
