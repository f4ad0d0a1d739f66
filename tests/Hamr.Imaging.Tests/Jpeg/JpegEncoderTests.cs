using Hamr.Imaging.Codecs;
using Xunit.Abstractions;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>The baseline encoder: its files decode well (ours and djpeg's), with cjpeg's tables, and save atomically.</summary>
public sealed class JpegEncoderTests(ITestOutputHelper output)
{
    /// <summary>Gradients and low-frequency waves: what quality 90 should keep above 38 dB.</summary>
    internal static Image SmoothImage(int width, int height, int channels)
    {
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double r = 40 + (170.0 * x / width), g = 30 + (180.0 * y / height);
                double b = 128 + (80 * Math.Sin(x / 9.0) * Math.Cos(y / 7.0));
                double[] values = [r, g, b, 200];
                for (int c = 0; c < channels; c++)
                {
                    image[x, y, c] = (byte)Math.Round(channels <= 2 && c == 0 ? (r + g) / 2 : values[c]);
                }
            }
        }

        return image;
    }

    [Theory]
    [InlineData(JpegSubsampling.Yuv420, 64, 48)]
    [InlineData(JpegSubsampling.Yuv422, 64, 48)]
    [InlineData(JpegSubsampling.Yuv444, 64, 48)]
    [InlineData(JpegSubsampling.Yuv420, 37, 23)] // partial MCUs: edge padding
    public void Quality_90_round_trip_keeps_more_than_38_db(JpegSubsampling subsampling, int width, int height)
    {
        var original = SmoothImage(width, height, 3);
        var decoded = Jpeg.Decode(Jpeg.Encode(original, 90, subsampling));
        Assert.Equal((width, height, 3), (decoded.Width, decoded.Height, decoded.Channels));
        output.WriteLine($"{subsampling} {width}x{height}: PSNR {ImageDiff.Psnr(original, decoded):F2} dB");
        Assert.True(ImageDiff.Psnr(original, decoded) > 38, $"PSNR {ImageDiff.Psnr(original, decoded):F1} dB");
    }

    [Fact]
    public void Gray_and_gray_alpha_images_encode_as_one_component()
    {
        var gray = SmoothImage(40, 30, 1);
        var decoded = Jpeg.Decode(Jpeg.Encode(gray, 90));
        Assert.Equal(1, decoded.Channels);
        Assert.True(ImageDiff.Psnr(gray, decoded) > 38);

        var grayAlpha = SmoothImage(40, 30, 2);
        Assert.Equal(1, Jpeg.Decode(Jpeg.Encode(grayAlpha)).Channels);
    }

    [Fact]
    public void Alpha_is_dropped_from_rgba()
    {
        var rgba = SmoothImage(40, 30, 4);
        var rgb = SmoothImage(40, 30, 3);
        Assert.Equal(Jpeg.Encode(rgb), Jpeg.Encode(rgba));
    }

    [Fact]
    public void Lower_quality_gives_smaller_files_and_lower_fidelity()
    {
        var original = SmoothImage(64, 48, 3);
        byte[] q95 = Jpeg.Encode(original, 95), q50 = Jpeg.Encode(original, 50), q10 = Jpeg.Encode(original, 10);
        Assert.True(q95.Length > q50.Length && q50.Length > q10.Length);
        Assert.True(ImageDiff.Psnr(original, Jpeg.Decode(q95)) > ImageDiff.Psnr(original, Jpeg.Decode(q10)));
    }

    [Fact]
    public void Output_is_baseline_jfif()
    {
        byte[] jpeg = Jpeg.Encode(SmoothImage(16, 16, 3));
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], jpeg[..4]);
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal(0xC0, jpeg[JpegSegments.Find(jpeg, 0xC0) + 1]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
    }

    [Theory]
    [InlineData("s420_48x40", 90)]
    [InlineData("q50_420_48x40", 50)]
    public void Quantization_tables_equal_cjpegs_at_the_same_quality(string fixture, int quality)
    {
        byte[] theirs = JpegFixtures.Bytes(fixture);
        byte[] ours = Jpeg.Encode(SmoothImage(48, 40, 3), quality);
        Assert.Equal(Tables(theirs, 0xDB), Tables(ours, 0xDB));
    }

    [Fact]
    public void Huffman_tables_are_the_standard_ones_cjpeg_writes()
    {
        byte[] theirs = JpegFixtures.Bytes("s420_48x40");
        byte[] ours = Jpeg.Encode(SmoothImage(48, 40, 3));
        Assert.Equal(Tables(theirs, 0xC4), Tables(ours, 0xC4));
    }

    [DjpegFact]
    public void Djpeg_decodes_our_files_and_our_decoder_agrees_with_it_exactly()
    {
        Assert.True(Djpeg.Path is not null, Djpeg.InstallHint);
        string temp = Directory.CreateTempSubdirectory("hamr-jpeg-enc-").FullName;
        try
        {
            foreach (var (image, subsampling) in new[]
            {
                (SmoothImage(64, 48, 3), JpegSubsampling.Yuv420),
                (SmoothImage(37, 23, 3), JpegSubsampling.Yuv444),
                (SmoothImage(33, 17, 3), JpegSubsampling.Yuv422),
                (SmoothImage(40, 30, 1), JpegSubsampling.Yuv420),
            })
            {
                string jpegPath = Path.Combine(temp, "ours.jpg"), pnmPath = Path.Combine(temp, "djpeg.pnm");
                Jpeg.Save(image, jpegPath, 90, subsampling);
                Djpeg.DecodeToPnm(jpegPath, pnmPath, "-pnm");
                var theirs = Pnm.Read(pnmPath);
                var ours = Jpeg.Load(jpegPath);
                Assert.Equal(0, ImageDiff.MaxAbs(ours, theirs));
                output.WriteLine($"{subsampling} {image.Width}x{image.Height}x{image.Channels}: djpeg PSNR {ImageDiff.Psnr(image, theirs):F2} dB");
                Assert.True(ImageDiff.Psnr(image, theirs) > 38, $"{subsampling}: PSNR {ImageDiff.Psnr(image, theirs):F1} dB");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void Save_replaces_the_file_and_leaves_no_temporary_behind()
    {
        string dir = Directory.CreateTempSubdirectory("hamr-jpeg-save-").FullName;
        try
        {
            string path = Path.Combine(dir, "out.jpg");
            File.WriteAllText(path, "old contents");
            Jpeg.Save(SmoothImage(20, 10, 3), path, 80);
            Assert.Equal((20, 10), (Jpeg.Load(path).Width, Jpeg.Load(path).Height));
            Assert.Equal(["out.jpg"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var image = SmoothImage(8, 8, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => Jpeg.Encode(image, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Jpeg.Encode(image, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Jpeg.Encode(image, 90, (JpegSubsampling)7));
        Assert.Throws<ArgumentNullException>(() => Jpeg.Encode(null!));
    }

    /// <summary>
    /// Every DQT (0xDB) or DHT (0xC4) table in the headers by its class/id byte, as hex, whether the file puts the
    /// tables in one segment or one each.
    /// </summary>
    private static SortedDictionary<byte, string> Tables(byte[] jpeg, byte marker)
    {
        var tables = new SortedDictionary<byte, string>();
        int position = 2;
        while (jpeg[position + 1] != 0xDA)
        {
            int length = (jpeg[position + 2] << 8) | jpeg[position + 3];
            var body = jpeg.AsSpan((position + 4)..(position + 2 + length));
            while (jpeg[position + 1] == marker && !body.IsEmpty)
            {
                int size = 64; // an 8-bit quantization table
                if (marker == 0xC4)
                {
                    size = 16;
                    foreach (byte n in body.Slice(1, 16))
                    {
                        size += n;
                    }
                }

                tables[body[0]] = Convert.ToHexString(body.Slice(1, size));
                body = body[(1 + size)..];
            }

            position += 2 + length;
        }

        return tables;
    }
}
