using System.Collections.Concurrent;
using Hamr.Imaging.Codecs;
using Hamr.Tests.Shared;
using Xunit.Abstractions;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Our decoder against djpeg, run now, on every real photo under ../shared/eval. The photos are evaluation-only
/// material: they are read in place and their decoded pixels go to a temporary folder that is deleted afterwards.
/// </summary>
public sealed class JpegRealPhotoTests(ITestOutputHelper output)
{
    [DjpegEvalFact]
    public void Every_eval_photo_decodes_within_two_levels_of_djpeg()
    {
        Assert.True(Djpeg.Path is not null, Djpeg.InstallHint);
        string? eval = RepoPaths.SharedEval;
        Assert.True(eval is not null, $"../shared/eval not found beside the repository ({RepoPaths.Root})");

        var photos = Directory.EnumerateFiles(eval, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(photos);

        string temp = Directory.CreateTempSubdirectory("hamr-djpeg-").FullName;
        var worst = new ConcurrentBag<(string Photo, int MaxDiff)>();
        try
        {
            Parallel.For(0, photos.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                string reference = Path.Combine(temp, $"{i}.ppm");
                Djpeg.DecodeToPnm(photos[i], reference);
                var expected = Pnm.Read(reference);
                File.Delete(reference);
                var ours = Jpeg.Load(photos[i], applyExifOrientation: false); // djpeg ignores EXIF orientation
                worst.Add((photos[i], ImageDiff.MaxAbs(AsRgb(ours), expected)));
            });
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }

        var ranked = worst.OrderByDescending(w => w.MaxDiff).ToArray();
        output.WriteLine($"{photos.Length} photos, largest difference {ranked[0].MaxDiff} ({Path.GetFileName(ranked[0].Photo)}); {ranked.Count(w => w.MaxDiff == 0)} identical");
        Assert.All(ranked, w => Assert.True(w.MaxDiff <= 2, $"{w.Photo}: differs from djpeg by {w.MaxDiff} levels"));
    }

    /// <summary>djpeg -ppm writes gray images as RGB triples.</summary>
    private static Image AsRgb(Image image)
    {
        if (image.Channels == 3)
        {
            return image;
        }

        var rgb = new Image(image.Width, image.Height, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            rgb.Pixels.AsSpan(3 * i, 3).Fill(image.Pixels[i]);
        }

        return rgb;
    }
}
