using System.Numerics;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Transforms;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// The user's own background photos (PNG and JPEG, EXIF orientation applied), decoded once and shrunk so that their shorter side is at most a few crop sizes
/// (keeps memory bounded and bilinear sampling from aliasing). A sample takes a random rotated square window of a
/// random photo, mirrored half the time. Files are taken in ordinal name order, so a folder gives the same samples
/// on every machine. Files that cannot be decoded are skipped and listed in <see cref="Skipped"/>.
/// </summary>
public sealed class BackgroundLibrary
{
    /// <summary>At most this many photos are loaded (the first in name order).</summary>
    public const int MaxPhotos = 2000;

    private readonly Image[] _photos;

    private BackgroundLibrary(Image[] photos, IReadOnlyList<string> skipped)
    {
        _photos = photos;
        Skipped = skipped;
    }

    public int Count => _photos.Length;

    /// <summary>Files that were not loaded, each with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>File extensions decoded (lower case, with the dot), each with its decoder.</summary>
    internal static IReadOnlyDictionary<string, Func<byte[], string, Image>> Decoders { get; } = new Dictionary<string, Func<byte[], string, Image>>
    {
        [".png"] = (bytes, name) => Png.Decode(bytes, name),
        [".jpg"] = (bytes, name) => Jpeg.Decode(bytes, name),
        [".jpeg"] = (bytes, name) => Jpeg.Decode(bytes, name),
    };

    /// <summary>
    /// Loads the photos of <paramref name="folder"/> (not its subfolders), shrinking each so its shorter side is at
    /// most <paramref name="maxShortSide"/> pixels. Throws <see cref="DirectoryNotFoundException"/> naming the folder
    /// when it does not exist.
    /// </summary>
    public static BackgroundLibrary Load(string folder, int maxShortSide = 512)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"background folder '{folder}' does not exist");
        }
        var files = Directory.GetFiles(folder)
            .Where(f => Decoders.ContainsKey(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Take(MaxPhotos)
            .ToArray();
        var photos = new List<Image>();
        var skipped = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var decoded = Decoders[Path.GetExtension(file).ToLowerInvariant()](File.ReadAllBytes(file), file);
                photos.Add(Prepare(decoded, maxShortSide));
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                skipped.Add($"{file}: {e.Message}");
            }
        }
        return new BackgroundLibrary([.. photos], skipped);
    }

    /// <summary>A library of images already in memory (RGB, gray or with alpha; converted to RGB).</summary>
    public static BackgroundLibrary FromImages(IEnumerable<Image> images, int maxShortSide = 512)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new BackgroundLibrary([.. images.Select(i => Prepare(i, maxShortSide))], []);
    }

    /// <summary>Fills <paramref name="destination"/> (square RGB) with a random window of a random photo.</summary>
    internal void Draw(Image destination, TensorRandom random)
    {
        var photo = _photos[random.NextInt(_photos.Length)];
        int shortSide = Math.Min(photo.Width, photo.Height);
        float side = random.Uniform(0.3f, 1f) * shortSide;
        float rotation = random.NextFloat() < 0.5f ? 0 : random.Uniform(-0.5f, 0.5f);
        var centre = new Vector2(random.Uniform(side / 2, photo.Width - side / 2), random.Uniform(side / 2, photo.Height - side / 2));
        var map = new CropBox(centre, side, rotation).SourceToCrop(destination.Width);
        if (random.NextFloat() < 0.5f)
        {
            map = map.Then(Affine2.FlipHorizontal(destination.Width));
        }
        ImageTransforms.WarpAffine(photo, map, destination, Border.Replicate);
    }

    private static Image Prepare(Image image, int maxShortSide)
    {
        var rgb = ToRgb(image);
        int shortSide = Math.Min(rgb.Width, rgb.Height);
        if (shortSide <= maxShortSide)
        {
            return rgb;
        }
        double scale = maxShortSide / (double)shortSide;
        return ImageTransforms.Resize(rgb, Math.Max(1, (int)Math.Round(rgb.Width * scale)), Math.Max(1, (int)Math.Round(rgb.Height * scale)));
    }

    private static Image ToRgb(Image image)
    {
        if (image.Channels == 3)
        {
            return image;
        }
        var rgb = new Image(image.Width, image.Height, 3);
        int c = image.Channels;
        for (int i = 0, n = image.Width * image.Height; i < n; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                // Gray (and gray+alpha) repeats its one colour channel; alpha is dropped (backgrounds are opaque).
                rgb.Pixels[3 * i + k] = image.Pixels[i * c + (c >= 3 ? k : 0)];
            }
        }
        return rgb;
    }
}
