using System.Buffers.Binary;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Support;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Damaged, truncated, oversized and malformed files: each raises ImageFormatException naming the problem.</summary>
public sealed class PngHostileTests
{
    private const string Source = "hostile.png";

    private static readonly byte[] Raw4x3 = PngFiles.RawGray8(4, 3, (x, y) => (byte)((x * 40) + y));

    private static byte[] Gray4x3(params TestChunk[] extraBeforeIdat) =>
        PngFiles.Build([PngFiles.Ihdr(4, 3, 8, 0), .. extraBeforeIdat, PngFiles.Idat(Raw4x3), PngFiles.Iend()]);

    private static ImageFormatException Refused(byte[] png, params string[] words)
    {
        var ex = Assert.Throws<ImageFormatException>(() => Png.Decode(png, Source));
        Assert.Equal(Source, ex.SourceName);
        Assert.StartsWith(Source + ": ", ex.Message, StringComparison.Ordinal);
        foreach (var word in words)
        {
            Assert.Contains(word, ex.Problem, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Throws<ImageFormatException>(() => Png.DecodeUInt16(png, Source));
        return ex;
    }

    [Fact]
    public void Well_formed_baseline_decodes()
    {
        var image = Png.Decode(Gray4x3());
        Assert.Equal(121, image[3, 1, 0]);
    }

    [Fact]
    public void Empty_input_is_refused() => Refused([], "empty");

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46 })] // a JPEG
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0A, 0x1A, 0x0A, 0, 0 })] // CR LF turned into LF in transfer
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' })]
    public void Bad_signature_is_refused(byte[] data) => Refused(data, "not a PNG");

    [Fact]
    public void Truncation_at_every_length_is_refused()
    {
        foreach (var name in new[] { "ct3_d2_adam7_1x9", "ct0_d2_trns_adam7_13x7", "ct2_d16_multidat_adam7_13x7" })
        {
            var png = PngFiles.Fixture(name);
            Png.Decode(png);
            for (int length = 0; length < png.Length; length++)
            {
                var ex = Assert.Throws<ImageFormatException>(() => Png.Decode(png.AsSpan(0, length), name));
                Assert.False(string.IsNullOrWhiteSpace(ex.Problem));
            }
        }
    }

    [Fact]
    public void Truncation_inside_a_chunk_says_truncated()
    {
        var png = Gray4x3();
        Refused(png[..(png.Length - 20)], "truncated");
        Refused(png[..(png.Length - 12)], "truncated", "IEND");
        Refused(png[..8], "truncated", "IHDR");
    }

    [Fact]
    public void Bad_crc_in_any_chunk_is_refused_and_names_the_chunk()
    {
        var png = PngFiles.Fixture("ct6_d8_multidat_32x32");
        foreach (int offset in PngFiles.ChunkOffsets(png))
        {
            var damaged = (byte[])png.Clone();
            damaged[offset + 11] ^= 0x01; // last CRC byte
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            Refused(damaged, "CRC", type);
        }
    }

    [Fact]
    public void Bad_zlib_data_is_refused()
    {
        var garbage = new byte[40];
        new Random(5).NextBytes(garbage);
        garbage[0] = 0x78;
        garbage[1] = 0x9C; // a valid zlib header, then noise
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), new TestChunk("IDAT", garbage), PngFiles.Iend()), "zlib");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), new TestChunk("IDAT", [0x12, 0x34, 0x56, 0x78]), PngFiles.Iend()), "zlib");
    }

    [Fact]
    public void Zlib_stream_asking_for_a_preset_dictionary_is_refused()
    {
        byte[] header = [0x78, 0xBB, 1, 2, 3, 4]; // FDICT set, dictionary id 0x01020304
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), new TestChunk("IDAT", [.. header, .. PngFiles.Zlib(Raw4x3)[2..]]), PngFiles.Iend()), "zlib");
    }

    [Fact]
    public void Bad_adler32_checksum_is_refused()
    {
        var compressed = PngFiles.Zlib(Raw4x3);
        compressed[^1] ^= 0xFF;
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), new TestChunk("IDAT", compressed), PngFiles.Iend()), "zlib");
    }

    [Fact]
    public void Too_little_image_data_is_refused()
    {
        Refused(PngFiles.WithRawImageData(Gray4x3(), Raw4x3[..^1]), "ends after 14 of 15");
        Refused(PngFiles.WithRawImageData(Gray4x3(), []), "ends after 0 of 15");
    }

    [Fact]
    public void Too_much_image_data_is_refused()
    {
        Refused(PngFiles.WithRawImageData(Gray4x3(), [.. Raw4x3, 0]), "longer");
        Refused(PngFiles.WithRawImageData(Gray4x3(), [.. Raw4x3, .. new byte[100_000]]), "longer");
    }

    [Fact]
    public void Bad_filter_type_is_refused_and_names_the_row()
    {
        var raw = (byte[])Raw4x3.Clone();
        raw[2 * 5] = 5;
        Refused(PngFiles.WithRawImageData(Gray4x3(), raw), "filter type 5", "row 2");
    }

    [Theory]
    [InlineData(Image.MaxDimension + 1, 1)]
    [InlineData(1, Image.MaxDimension + 1)]
    [InlineData(30_000, 30_000)] // within MaxDimension, beyond MaxPixels
    [InlineData(-1, 1)] // 0xFFFFFFFF
    public void Huge_dimensions_are_refused(int width, int height) =>
        Refused(PngFiles.Build(PngFiles.Ihdr(width, height, 8, 6), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "larger than");

    [Fact]
    public void Zero_dimension_is_refused() =>
        Refused(PngFiles.Build(PngFiles.Ihdr(0, 3, 8, 0), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "zero");

    [Fact]
    public void Large_header_with_little_data_is_refused_before_allocating_the_image()
    {
        // 16384 x 16384 RGBA (1 GiB decoded) is within the limits, but 40 compressed bytes cannot hold it.
        var png = PngFiles.Build(PngFiles.Ihdr(16384, 16384, 8, 6), PngFiles.Idat(new byte[1000]), PngFiles.Iend());
        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused(png, "cannot hold");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the decoder allocated before refusing");
    }

    [Fact]
    public void Zip_bomb_is_inflated_no_further_than_the_image_needs()
    {
        // 32 MiB of zeros compress to ~32 KiB; the header asks for 16 bytes. Reading stops after 16 + 1 bytes.
        var bomb = PngFiles.Zlib(new byte[32 << 20]);
        var png = PngFiles.Build(PngFiles.Ihdr(3, 4, 8, 0), new TestChunk("IDAT", bomb), PngFiles.Iend());
        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused(png, "longer");
        var fits = PngFiles.Build(PngFiles.Ihdr(1000, 1000, 8, 2), new TestChunk("IDAT", bomb), PngFiles.Iend());
        Refused(fits, "longer");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the decoder inflated the whole bomb");
    }

    [Theory]
    [InlineData(3, 16)]
    [InlineData(2, 4)]
    [InlineData(4, 1)]
    [InlineData(6, 2)]
    [InlineData(0, 3)]
    [InlineData(0, 32)]
    public void Bit_depth_not_allowed_for_the_colour_type_is_refused(int colorType, int depth) =>
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, depth, colorType), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "bit depth");

    [Fact]
    public void Unknown_colour_type_and_methods_are_refused()
    {
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 5), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "colour type 5");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0, interlace: 2), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "interlace");
        var ihdr = PngFiles.Ihdr(4, 3, 8, 0);
        ihdr.Data[10] = 1;
        Refused(PngFiles.Build(ihdr, PngFiles.Idat(Raw4x3), PngFiles.Iend()), "compression method");
        ihdr = PngFiles.Ihdr(4, 3, 8, 0);
        ihdr.Data[11] = 1;
        Refused(PngFiles.Build(ihdr, PngFiles.Idat(Raw4x3), PngFiles.Iend()), "filter method");
        Refused(PngFiles.Build(new TestChunk("IHDR", new byte[12]), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "IHDR holds 12");
    }

    [Fact]
    public void Palette_index_out_of_range_is_refused()
    {
        // 2-bit palette of two entries; the second pixel holds index 3.
        var png = PngFiles.Build(PngFiles.Ihdr(4, 1, 2, 3), new TestChunk("PLTE", [255, 0, 0, 0, 255, 0]),
            PngFiles.Idat([0, 0b00_11_01_00]), PngFiles.Iend());
        Refused(png, "palette index 3", "2 entries");
        var valid = PngFiles.Build(PngFiles.Ihdr(4, 1, 2, 3), new TestChunk("PLTE", [255, 0, 0, 0, 255, 0]),
            PngFiles.Idat([0, 0b00_01_01_00]), PngFiles.Iend());
        Assert.Equal([255, 0, 0, 0, 255, 0, 0, 255, 0, 255, 0, 0], Png.Decode(valid).Pixels);
    }

    [Fact]
    public void Missing_chunks_are_refused()
    {
        Refused(PngFiles.Build(PngFiles.Idat(Raw4x3), PngFiles.Iend()), "first chunk is IDAT", "IHDR");
        Refused(PngFiles.Build(), "IHDR");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), PngFiles.Iend()), "no IDAT");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0)), "IDAT");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), PngFiles.Idat(Raw4x3)), "IEND");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 3), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "PLTE");
    }

    [Fact]
    public void Unknown_critical_chunk_is_refused_and_unknown_ancillary_chunk_skipped()
    {
        Refused(Gray4x3(new TestChunk("CRIT", [1, 2, 3])), "unknown critical chunk CRIT");
        var image = Png.Decode(Gray4x3(new TestChunk("prVt", [1, 2, 3]), new TestChunk("tEXt", "Title\0x"u8.ToArray())));
        Assert.Equal(Png.Decode(Gray4x3()).Pixels, image.Pixels);
    }

    [Fact]
    public void Chunk_type_that_is_not_letters_is_refused() =>
        Refused(Gray4x3(new TestChunk("ab1d", [])), "not four letters");

    [Fact]
    public void Chunk_length_beyond_the_file_is_refused()
    {
        var png = Gray4x3();
        int idat = PngFiles.ChunkOffsets(png)[1];
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat), 0x7FFF_FFF0);
        Refused(png, "truncated", "IDAT", "claims");
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat), 0xFFFF_FFF0);
        Refused(png, "2^31");
    }

    [Fact]
    public void Misplaced_and_malformed_chunks_are_refused()
    {
        var palette = new TestChunk("PLTE", [1, 2, 3]);
        Refused(Gray4x3(palette), "PLTE", "Gray");
        Refused(Gray4x3(new TestChunk("tRNS", [0, 1, 2])), "tRNS holds 3", "expected 2");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), PngFiles.Ihdr(4, 3, 8, 0), PngFiles.Idat(Raw4x3), PngFiles.Iend()), "second IHDR");
        var split = PngFiles.Zlib(Raw4x3);
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 3, 8, 0), new TestChunk("IDAT", split[..5]), new TestChunk("tEXt", "a\0b"u8.ToArray()),
            new TestChunk("IDAT", split[5..]), PngFiles.Iend()), "consecutive");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 1, 8, 3), new TestChunk("PLTE", new byte[4]), PngFiles.Idat(new byte[5]), PngFiles.Iend()), "PLTE holds 4");
        Refused(PngFiles.Build(PngFiles.Ihdr(4, 1, 8, 3), new TestChunk("PLTE", new byte[6]), new TestChunk("tRNS", new byte[3]),
            PngFiles.Idat(new byte[5]), PngFiles.Iend()), "tRNS holds 3", "2 entries");
    }

    [Fact]
    public void Load_names_the_path_in_errors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hamr-hostile-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, Gray4x3()[..30]);
            var ex = Assert.Throws<ImageFormatException>(() => Png.Load(path));
            Assert.Equal(path, ex.SourceName);
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Throws<ImageFormatException>(() => Png.LoadUInt16(path));
        }
        finally
        {
            File.Delete(path);
        }

        var missing = Assert.Throws<FileNotFoundException>(() => Png.Load(path));
        Assert.Contains(path, missing.Message, StringComparison.Ordinal);
    }
}
