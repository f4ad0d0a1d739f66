using Hamr.Data.Synthetic;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Tests.Shared;

namespace Hamr.Data.Tests.Synthetic;

public sealed class BackgroundTests
{
    [Fact]
    public void Photo_folder_backgrounds_show_around_the_hand()
    {
        using var dir = new TempDirectory();
        var photo = new Image(300, 200, 3);
        for (int i = 0; i < photo.Pixels.Length; i += 3)
        {
            photo.Pixels[i] = 10;
            photo.Pixels[i + 1] = 200;
            photo.Pixels[i + 2] = 30;
        }
        Png.Save(photo, Path.Combine(dir.Path, "b.png"));
        Png.Save(new Image(40, 30, 1), Path.Combine(dir.Path, "a-gray.png"));
        File.WriteAllBytes(Path.Combine(dir.Path, "c-broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2]);
        File.WriteAllText(Path.Combine(dir.Path, "notes.txt"), "not an image");

        var library = BackgroundLibrary.Load(dir.Path);
        Assert.Equal(2, library.Count);
        var skipped = Assert.Single(library.Skipped);
        Assert.Contains("c-broken.png", skipped, StringComparison.Ordinal);

        var generator = new SyntheticHandGenerator(new SyntheticOptions
        {
            Seed = 2,
            BackgroundFolder = dir.Path,
            PhotoBackgroundProbability = 1,
            Degrade = false,
            OccluderProbability = 0,
        });
        int greenSamples = 0;
        for (int i = 0; i < 8; i++)
        {
            var s = Generators.Make(generator, i);
            int background = 0, matching = 0;
            for (int p = 0; p < s.Mask.Length; p++)
            {
                if (s.Mask[p] == 0)
                {
                    background++;
                    matching += s.Image.Pixels[3 * p] == 10 && s.Image.Pixels[3 * p + 1] == 200 && s.Image.Pixels[3 * p + 2] == 30 ? 1 : 0;
                }
            }
            // Either photo (the gray one is black); the green one fills most of the background apart from clutter.
            if (matching > background / 3)
            {
                greenSamples++;
            }
        }
        Assert.InRange(greenSamples, 1, 7);
    }

    [Fact]
    public void Jpeg_photos_are_loaded_and_large_ones_shrunk()
    {
        using var dir = new TempDirectory();
        var photo = new Image(900, 600, 3);
        photo.Pixels.AsSpan().Fill(128);
        Jpeg.Save(photo, Path.Combine(dir.Path, "big.JPG"));
        Jpeg.Save(new Image(64, 48, 3), Path.Combine(dir.Path, "small.jpeg"));
        var library = BackgroundLibrary.Load(dir.Path, maxShortSide: 300);
        Assert.Equal(2, library.Count);
        Assert.Empty(library.Skipped);
        var generator = new SyntheticHandGenerator(new SyntheticOptions { Seed = 1, Size = 64, BackgroundFolder = dir.Path, PhotoBackgroundProbability = 1 });
        Assert.NotNull(Generators.Make(generator, 0));
    }

    [Fact]
    public void Missing_background_folder_is_reported_by_name()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => BackgroundLibrary.Load("/no/such/backgrounds"));
        Assert.Contains("/no/such/backgrounds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Procedural_backgrounds_vary_and_are_deterministic()
    {
        var painter = new BackgroundPainter(64);
        var a = new Image(64, 64, 3);
        var b = new Image(64, 64, 3);
        var distinct = new HashSet<string>();
        for (ulong seed = 0; seed < 12; seed++)
        {
            painter.Paint(a, new Hamr.Tensors.TensorRandom(seed), null, 0);
            painter.Paint(b, new Hamr.Tensors.TensorRandom(seed), null, 0);
            Assert.Equal(a.Pixels, b.Pixels);
            distinct.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(a.Pixels)));
        }
        Assert.Equal(12, distinct.Count);
    }
}
