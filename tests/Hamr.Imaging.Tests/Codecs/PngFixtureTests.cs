using System.Buffers.Binary;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Support;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Decoding against an independent decoder: every fixture (written by ImageMagick or the fixture script's own
/// writer) must decode to the pixels ImageMagick decoded from it (tools/png/make_fixtures.py), at 8 and 16 bits.
/// </summary>
public sealed class PngFixtureTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var line in Manifest())
        {
            data.Add(line.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Fixture_decodes_to_the_reference_pixels(string name)
    {
        var entry = Manifest().Single(m => m.Name == name);
        var reference16 = Reference16(entry);
        var png = PngFiles.Fixture(name);

        var image = Png.Decode(png, name);
        Assert.Equal((entry.Width, entry.Height, entry.Channels), (image.Width, image.Height, image.Channels));
        var expected8 = reference16.Select(v => (byte)(((v * 255) + 32767) / 65535)).ToArray();
        AssertPixelsEqual(expected8, ToRgba(image.Pixels.Select(b => (int)b).ToArray(), image.Channels, 255), name);

        var image16 = Png.DecodeUInt16(png, name);
        Assert.Equal((entry.Width, entry.Height, entry.Channels), (image16.Width, image16.Height, image16.Channels));
        AssertPixelsEqual(reference16, ToRgba(image16.Pixels.Select(v => (int)v).ToArray(), image16.Channels, 65535), name);
    }

    [Fact]
    public void Fixture_set_covers_every_colour_type_and_depth_interlaced_and_not_with_transparency()
    {
        var seen = new HashSet<(PngColorType, int, bool)>();
        int transparent = 0;
        foreach (var line in Manifest())
        {
            var header = Png.ReadHeader(PngFiles.Fixture(line.Name));
            seen.Add((header.ColorType, header.BitDepth, header.Interlaced));
            transparent += PngFiles.Chunks(PngFiles.Fixture(line.Name)).Any(c => c.Type == "tRNS") ? 1 : 0;
        }

        int[] depthsGray = [1, 2, 4, 8, 16], depthsPalette = [1, 2, 4, 8], depthsColour = [8, 16];
        var expected = depthsGray.Select(d => (PngColorType.Gray, d))
            .Concat(depthsPalette.Select(d => (PngColorType.Palette, d)))
            .Concat(depthsColour.SelectMany(d => new[] { (PngColorType.Rgb, d), (PngColorType.GrayAlpha, d), (PngColorType.Rgba, d) }));
        foreach (var (type, depth) in expected)
        {
            Assert.Contains((type, depth, false), seen);
            Assert.Contains((type, depth, true), seen);
        }

        Assert.True(transparent >= 11, $"only {transparent} fixtures carry tRNS");
    }

    [Fact]
    public void Fixtures_use_all_five_filter_types()
    {
        var used = new HashSet<int>();
        foreach (var line in Manifest())
        {
            var png = PngFiles.Fixture(line.Name);
            var header = Png.ReadHeader(png);
            if (header.Interlaced)
            {
                continue;
            }

            var raw = PngFiles.RawImageData(png);
            int stride = 1 + (int)header.RowBytes(header.Width);
            for (int y = 0; y < header.Height; y++)
            {
                used.Add(raw[y * stride]);
            }
        }

        Assert.Equal([0, 1, 2, 3, 4], used.Order());
    }

    internal static void AssertPixelsEqual(int[] expected, int[] actual, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"{name}: sample {i} (pixel {i / 4}, channel {i % 4}) is {actual[i]}, reference {expected[i]}");
            }
        }
    }

    private static void AssertPixelsEqual(byte[] expected, int[] actual, string name) =>
        AssertPixelsEqual(expected.Select(b => (int)b).ToArray(), actual, name);

    /// <summary>Any channel layout as RGBA (gray copied to R, G, B; missing alpha opaque), like the reference.</summary>
    internal static int[] ToRgba(int[] samples, int channels, int opaque)
    {
        int pixels = samples.Length / channels;
        var rgba = new int[pixels * 4];
        for (int p = 0; p < pixels; p++)
        {
            var s = samples.AsSpan(p * channels, channels);
            (int r, int g, int b, int a) = channels switch
            {
                1 => (s[0], s[0], s[0], opaque),
                2 => (s[0], s[0], s[0], s[1]),
                3 => (s[0], s[1], s[2], opaque),
                _ => (s[0], s[1], s[2], s[3]),
            };
            rgba[4 * p] = r;
            rgba[(4 * p) + 1] = g;
            rgba[(4 * p) + 2] = b;
            rgba[(4 * p) + 3] = a;
        }

        return rgba;
    }

    private static int[] Reference16(ManifestLine entry)
    {
        var bytes = File.ReadAllBytes(Path.Combine(PngFiles.FixtureDirectory, entry.Reference));
        int count = entry.Width * entry.Height * 4;
        if (entry.Reference.EndsWith(".rgba16", StringComparison.Ordinal))
        {
            Assert.Equal(count * 2, bytes.Length);
            return Enumerable.Range(0, count).Select(i => (int)BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2 * i))).ToArray();
        }

        Assert.Equal(count, bytes.Length);
        return bytes.Select(b => b * 257).ToArray();
    }

    internal sealed record ManifestLine(string Name, int Width, int Height, int Channels, string Reference);

    internal static IEnumerable<ManifestLine> Manifest() =>
        File.ReadLines(Path.Combine(PngFiles.FixtureDirectory, "manifest.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' '))
            .Select(f => new ManifestLine(f[0], int.Parse(f[1]), int.Parse(f[2]), int.Parse(f[3]), f[4]));
}
