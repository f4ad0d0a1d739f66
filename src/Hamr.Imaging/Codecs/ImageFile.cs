namespace Hamr.Imaging.Codecs;

/// <summary>
/// Loads and saves images whatever their format: reading recognises PNG and JPEG by their first bytes (not the file
/// name), writing picks the codec from the extension (.png, .jpg/.jpeg). Errors name the file.
/// </summary>
public static class ImageFile
{
    /// <summary>Largest file read (bytes): refused before reading, so a huge file cannot exhaust memory.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Decodes a PNG or JPEG file (JPEG EXIF orientation applied).</summary>
    public static Image Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new FileNotFoundException($"{path}: no such image file", path);
            }

            if (info.Length > MaxFileBytes)
            {
                throw new ImageFormatException(path, $"file of {info.Length} bytes is larger than the {MaxFileBytes}-byte limit");
            }

            data = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageFormatException(path, "cannot be read: " + e.Message, e);
        }

        return Decode(data, path);
    }

    /// <summary>Decodes PNG or JPEG bytes; <paramref name="sourceName"/> names them in errors.</summary>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName = "<bytes>") => Detect(data) switch
    {
        ImageFileFormat.Png => Png.Decode(data, sourceName),
        ImageFileFormat.Jpeg => Jpeg.Decode(data, sourceName),
        _ => throw new ImageFormatException(sourceName, data.IsEmpty ? "empty file" : "neither a PNG nor a JPEG (unrecognised first bytes)"),
    };

    /// <summary>The format the bytes start like, or <see cref="ImageFileFormat.Unknown"/>.</summary>
    public static ImageFileFormat Detect(ReadOnlySpan<byte> data)
    {
        if (Png.HasSignature(data))
        {
            return ImageFileFormat.Png;
        }

        return data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF ? ImageFileFormat.Jpeg : ImageFileFormat.Unknown;
    }

    /// <summary>Writes PNG or JPEG (quality 95, 4:4:4 keeps overlays crisp) by the extension, atomically.</summary>
    public static void Save(Image image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png":
                Png.Save(image, path);
                break;
            case ".jpg" or ".jpeg":
                Jpeg.Save(image, path, 95, JpegSubsampling.Yuv444);
                break;
            default:
                throw new ArgumentException($"{path}: cannot tell the image format from the extension (use .png, .jpg or .jpeg)", nameof(path));
        }
    }
}

/// <summary>Image file formats the codecs read.</summary>
public enum ImageFileFormat
{
    Unknown,
    Png,
    Jpeg,
}
