using System.IO.Compression;
using FsCheck;
using FsCheck.Xunit;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Support;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Our encoder's files decode back to the same pixels, with well-formed chunks and sensible filters.</summary>
public sealed class PngRoundTripTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(13, 7, 1)]
    [InlineData(13, 7, 2)]
    [InlineData(13, 7, 3)]
    [InlineData(13, 7, 4)]
    [InlineData(64, 33, 3)]
    [InlineData(1, 40, 4)]
    public void Encode_then_decode_gives_the_same_8_bit_pixels(int width, int height, int channels)
    {
        foreach (var image in new[] { TestImages.Random8(width, height, channels, 1), TestImages.Smooth8(width, height, channels, 2) })
        {
            var png = Png.Encode(image);
            var header = Png.ReadHeader(png);
            Assert.Equal(new PngHeader(width, height, 8, (PngColorType)new[] { 0, 0, 4, 2, 6 }[channels], false), header);
            var back = Png.Decode(png);
            Assert.Equal((width, height, channels), (back.Width, back.Height, back.Channels));
            Assert.Equal(image.Pixels, back.Pixels);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Encode_then_decode_keeps_16_bit_samples(int channels)
    {
        var image = TestImages.Random16(11, 6, channels, channels);
        var png = Png.Encode(image);
        Assert.Equal(16, Png.ReadHeader(png).BitDepth);
        Assert.Equal(image.Pixels, Png.DecodeUInt16(png).Pixels);
        Assert.Equal(image.ToImage().Pixels, Png.Decode(png).Pixels);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Fastest)]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.SmallestSize)]
    public void Every_compression_level_round_trips(CompressionLevel level)
    {
        var image = TestImages.Smooth8(40, 30, 3, 3);
        Assert.Equal(image.Pixels, Png.Decode(Png.Encode(image, level)).Pixels);
    }

    [Property(MaxTest = 60, Replay = "(20240611,12345)")]
    public bool Random_images_round_trip(PositiveInt widthSeed, PositiveInt heightSeed, byte channelSeed, int seed, bool smooth)
    {
        int width = 1 + (widthSeed.Get % 40), height = 1 + (heightSeed.Get % 25), channels = 1 + (channelSeed % 4);
        var image = smooth ? TestImages.Smooth8(width, height, channels, seed) : TestImages.Random8(width, height, channels, seed);
        return Png.Decode(Png.Encode(image)).Pixels.AsSpan().SequenceEqual(image.Pixels);
    }

    [Fact]
    public void Crc_matches_the_published_check_values()
    {
        Assert.Equal(0xCBF43926u, PngCrc.Compute("123456789"u8)); // the CRC-32 check value
        Assert.Equal(0xAE426082u, PngCrc.Compute("IEND"u8)); // every PNG ends with it
    }

    [Fact]
    public void Encoded_file_has_signature_ihdr_idat_iend_and_valid_crcs()
    {
        var png = Png.Encode(TestImages.Smooth8(20, 10, 4, 4));
        Assert.True(Png.HasSignature(png));
        Assert.Equal(["IHDR", "IDAT", "IEND"], PngFiles.Chunks(png).Select(c => c.Type));
        foreach (int offset in PngFiles.ChunkOffsets(png))
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            uint stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(stored, PngCrc.Compute(png.AsSpan(offset + 4, length + 4)));
        }

        Assert.Equal(PngFiles.Build(PngFiles.Chunks(png)), png); // rebuilt with the test's own chunk writer
    }

    [Fact]
    public void Adaptive_filter_picks_sub_for_a_first_row_ramp_and_up_for_repeated_rows()
    {
        var horizontal = new Image(64, 4, 1);
        var vertical = new Image(64, 4, 1);
        var rng = new Random(9);
        var column = new byte[64];
        rng.NextBytes(column);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                horizontal[x, y, 0] = (byte)((x * 3) + new[] { 10, 60, 0, 40 }[y]); // unrelated ramps, no wrap-around
                vertical[x, y, 0] = column[x]; // rows repeat: Up leaves zeros (Paeth too, but loses the tie)
            }
        }

        // The first row has nothing above it: Sub wins, and Paeth (which then equals Sub) loses the tie.
        Assert.Equal(1, FilterBytes(Png.Encode(horizontal), 64, 4, 1)[0]);
        Assert.Equal([2, 2, 2], FilterBytes(Png.Encode(vertical), 64, 4, 1)[1..]);
    }

    [Fact]
    public void Adaptive_filter_choice_has_the_smallest_absolute_sum_of_the_five()
    {
        var image = TestImages.Smooth8(50, 12, 3, 5);
        var raw = PngFiles.RawImageData(Png.Encode(image));
        var prior = new byte[150];
        var candidate = new byte[150];
        for (int y = 0; y < 12; y++)
        {
            var row = image.Row(y).ToArray();
            var sums = Enumerable.Range(0, 5).Select(type =>
            {
                PngFilters.Filter(type, row, prior, 3, candidate);
                return candidate.Sum(b => b < 128 ? b : 256 - b);
            }).ToArray();
            Assert.Equal(sums.Min(), sums[raw[y * 151]]);
            row.CopyTo(prior);
        }
    }

    [Fact]
    public void Filters_undo_exactly_what_they_do()
    {
        var rng = new Random(11);
        foreach (int bpp in new[] { 1, 2, 3, 4, 6, 8 })
        {
            var row = new byte[bpp * 9];
            var prior = new byte[row.Length];
            rng.NextBytes(row);
            rng.NextBytes(prior);
            for (int type = 0; type < 5; type++)
            {
                var filtered = new byte[row.Length];
                PngFilters.Filter(type, row, prior, bpp, filtered);
                Assert.True(PngFilters.TryUnfilter(type, filtered, prior, bpp));
                Assert.Equal(row, filtered);
            }
        }
    }

    [Fact]
    public void Save_writes_atomically_and_load_reads_it_back()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"hamr-png-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "out.png");
            File.WriteAllText(path, "old contents");
            var image = TestImages.Smooth8(17, 9, 4, 6);
            Png.Save(image, path);
            Assert.Equal(image.Pixels, Png.Load(path).Pixels);
            var deep = TestImages.Random16(5, 4, 2, 7);
            Png.Save(deep, path);
            Assert.Equal(deep.Pixels, Png.LoadUInt16(path).Pixels);
            Assert.Equal(["out.png"], Directory.GetFiles(dir).Select(Path.GetFileName)); // no temporary left behind
            Assert.Throws<DirectoryNotFoundException>(() => Png.Save(image, Path.Combine(dir, "missing", "x.png")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Image16_conversion_rounds_to_the_nearest_8_bit_level()
    {
        var image = new Image16(4, 1, 1, [0, 128, 129, 65535]);
        Assert.Equal([0, 0, 1, 255], image.ToImage().Pixels);
        var all = new Image(256, 1, 1, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        Assert.Equal(all.Pixels, Image16.FromImage(all).ToImage().Pixels);
        for (int v = 0; v < 65536; v++)
        {
            int nearest = (int)Math.Round(v / 257.0, MidpointRounding.AwayFromZero);
            Assert.Equal(nearest, Image16.To8Bit((uint)v));
        }
    }

    private static byte[] FilterBytes(byte[] png, int width, int height, int channels)
    {
        var raw = PngFiles.RawImageData(png);
        return Enumerable.Range(0, height).Select(y => raw[y * (1 + (width * channels))]).ToArray();
    }
}
