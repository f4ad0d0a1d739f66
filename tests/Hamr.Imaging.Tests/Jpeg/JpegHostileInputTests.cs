using Hamr.Imaging.Codecs;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Malformed input raises <see cref="ImageFormatException"/> naming the source and the problem — never another
/// exception, a hang, or an allocation the input does not justify.
/// </summary>
public sealed class JpegHostileInputTests
{
    private const string Source = "hostile.jpg";

    private static ImageFormatException Refused(byte[] data)
    {
        var error = Assert.Throws<ImageFormatException>(() => Jpeg.Decode(data, Source));
        Assert.Equal(Source, error.SourceName);
        Assert.StartsWith(Source + ": ", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Zero_length_input_is_refused() => Assert.Contains("empty", Refused([]).Problem);

    [Fact]
    public void Input_without_soi_is_refused()
    {
        Assert.Contains("SOI", Refused([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]).Problem);
        Assert.Contains("SOI", Refused([0xFF]).Problem);
    }

    [Fact]
    public void Load_names_the_path_in_errors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hamr-not-a-jpeg-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, "not a jpeg"u8.ToArray());
        try
        {
            var error = Assert.Throws<ImageFormatException>(() => Jpeg.Load(path));
            Assert.Equal(path, error.SourceName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("s420_48x40")]
    [InlineData("prog420_37x23")]
    [InlineData("restart2b_37x23")]
    [InlineData("exif6_422_37x23")]
    public void Truncation_at_every_length_decodes_or_is_refused(string name)
    {
        byte[] full = JpegFixtures.Bytes(name);
        int scanData = JpegSegments.ScanData(full);
        for (int length = 0; length < full.Length; length++)
        {
            byte[] cut = full[..length];
            if (length < scanData)
            {
                // Cut inside the headers: nothing to show, so an error that says so.
                Assert.Throws<ImageFormatException>(() => Jpeg.Decode(cut, Source));
                continue;
            }

            // Cut inside entropy-coded data: libjpeg's behaviour, the missing data reads as zeros.
            try
            {
                var image = Jpeg.Decode(cut, Source);
                Assert.True(image.Width * image.Height > 0);
            }
            catch (ImageFormatException)
            {
            }
        }
    }

    [Fact]
    public void Truncated_header_segment_says_truncated()
    {
        byte[] full = JpegFixtures.Bytes("s420_48x40");
        int dht = JpegSegments.Find(full, 0xC4);
        Assert.Contains("truncated", Refused(full[..(dht + 10)]).Problem);
    }

    [Fact]
    public void Corrupted_huffman_code_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("s444_48x40");
        int data = JpegSegments.ScanData(jpeg);
        for (int i = data; i < jpeg.Length - 2; i += 2)
        {
            jpeg[i] = 0xFF; // all-ones codes (stuffed): no standard table holds a 16-bit all-ones code
            jpeg[i + 1] = 0x00;
        }

        Assert.Contains("bad Huffman code", Refused(jpeg).Problem);
    }

    [Theory]
    [InlineData(0xC4, 4, 0x05, "DHT")]        // Huffman table id 5
    [InlineData(0xC4, 4, 0x20, "DHT")]        // Huffman table class 2
    [InlineData(0xDB, 4, 0x07, "DQT")]        // quantization table id 7
    [InlineData(0xDB, 4, 0x20, "DQT")]        // precision 2
    [InlineData(0xC0, 12, 0x05, "quantization table id 5")] // component 1 uses table 5
    [InlineData(0xDA, 6, 0x50, "Huffman table id 5")]      // scan uses DC table 5
    public void Table_ids_out_of_range_are_refused(byte marker, int offset, byte value, string expected)
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        jpeg[JpegSegments.Find(jpeg, marker) + offset] = value;
        Assert.Contains(expected, Refused(jpeg).Problem);
    }

    [Fact]
    public void Missing_huffman_tables_are_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        while (true)
        {
            try
            {
                jpeg = JpegSegments.Remove(jpeg, JpegSegments.Find(jpeg, 0xC4));
            }
            catch (InvalidOperationException)
            {
                break;
            }
        }

        Assert.Contains("never defined", Refused(jpeg).Problem);
    }

    [Fact]
    public void Missing_quantization_table_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("gray_48x40");
        jpeg = JpegSegments.Remove(jpeg, JpegSegments.Find(jpeg, 0xDB));
        Assert.Contains("quantization table 0", Refused(jpeg).Problem);
    }

    [Theory]
    [InlineData(0xFF, 0xFF)] // 65535 × 65535: above MaxDimension
    [InlineData(0x75, 0x30)] // 30000 × 30000: each side fits, the pixel count does not
    public void Huge_dimensions_are_refused_before_allocating(byte high, byte low)
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        int sof = JpegSegments.Find(jpeg, 0xC0);
        jpeg[sof + 5] = jpeg[sof + 7] = high;
        jpeg[sof + 6] = jpeg[sof + 8] = low;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("exceeds the limits", Refused(jpeg).Problem);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Large_dimensions_without_the_data_for_them_are_refused_before_allocating()
    {
        // 16000 × 16000 is within the limits, but 2 KB cannot hold four million blocks.
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        int sof = JpegSegments.Find(jpeg, 0xC0);
        jpeg[sof + 5] = jpeg[sof + 7] = 0x3E;
        jpeg[sof + 6] = jpeg[sof + 8] = 0x80;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("needs more data", Refused(jpeg).Problem);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Theory]
    [InlineData(0x00, "sampling factors 0×0")]
    [InlineData(0x51, "sampling factors 5×1")]
    [InlineData(0x15, "sampling factors 1×5")]
    public void Sampling_factors_out_of_range_are_refused(byte factors, string expected)
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        jpeg[JpegSegments.Find(jpeg, 0xC0) + 11] = factors;
        Assert.Contains(expected, Refused(jpeg).Problem);
    }

    [Fact]
    public void Non_integral_sampling_ratio_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        jpeg[JpegSegments.Find(jpeg, 0xC0) + 11] = 0x33; // luma 3×3 against chroma 1×1 is integral…
        jpeg[JpegSegments.Find(jpeg, 0xC0) + 14] = 0x22; // …but 2×2 chroma is not a fraction of 3×3
        Assert.Contains("not an integral fraction", Refused(jpeg).Problem);
    }

    [Theory]
    [InlineData(9, 4, "component count 4")]  // CMYK is refused by name
    [InlineData(9, 2, "component count 2")]
    [InlineData(4, 12, "precision of 12 bits")]
    public void Unsupported_frames_are_refused_by_name(int offset, byte value, string expected)
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        jpeg[JpegSegments.Find(jpeg, 0xC0) + offset] = value;
        string problem = Refused(jpeg).Problem;
        Assert.True(problem.Contains(expected, StringComparison.Ordinal) || (value == 4 && problem.Contains("CMYK", StringComparison.Ordinal)), problem);
    }

    [Theory]
    [InlineData(0xC3, "lossless")]
    [InlineData(0xC9, "arithmetic")]
    [InlineData(0xC5, "hierarchical")]
    public void Unsupported_processes_are_refused_by_name(byte marker, string expected)
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        jpeg[JpegSegments.Find(jpeg, 0xC0) + 1] = marker;
        Assert.Contains(expected, Refused(jpeg).Problem);
    }

    [Fact]
    public void Scan_of_an_unknown_component_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("s420_48x40");
        jpeg[JpegSegments.Find(jpeg, 0xDA) + 5] = 9; // first scan component id 1 → 9
        Assert.Contains("component id 9", Refused(jpeg).Problem);
    }

    [Fact]
    public void Scan_before_frame_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("gray_48x40");
        int sof = JpegSegments.Find(jpeg, 0xC0);
        jpeg = JpegSegments.Remove(jpeg, sof);
        Assert.Contains("before the frame header", Refused(jpeg).Problem);
    }

    [Fact]
    public void Bad_progressive_scan_parameters_are_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("prog420_48x40");
        int sos = JpegSegments.Find(jpeg, 0xDA);
        int count = jpeg[sos + 4];
        jpeg[sos + 5 + (2 * count) + 1] = 5; // DC scan with Se = 5
        Assert.Contains("bad progressive scan", Refused(jpeg).Problem);
    }

    [Fact]
    public void Many_scans_over_few_bytes_are_refused_not_slow()
    {
        // A 2000×2000 progressive header followed by a thousand 11-byte DC refinement scans: each visits all
        // 62,500 blocks (reading zero padding), so the scans would take minutes; the block budget refuses them.
        byte[] jpeg = JpegFixtures.Bytes("proggray_48x40");
        int sof = JpegSegments.Find(jpeg, 0xC2);
        jpeg[sof + 5] = jpeg[sof + 7] = 0x07;
        jpeg[sof + 6] = jpeg[sof + 8] = 0xD0;
        byte[] dcScan = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00];
        var bytes = new List<byte>(jpeg[..^2]);
        for (int i = 0; i < 1_000; i++)
        {
            bytes.AddRange(dcScan);
        }

        bytes.AddRange([0xFF, 0xD9]);
        Assert.Contains("too many scans", Refused([.. bytes]).Problem);
    }

    [Fact]
    public void Second_soi_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("gray_48x40");
        int sof = JpegSegments.Find(jpeg, 0xC0);
        byte[] broken = [.. jpeg.AsSpan(0, sof), 0xFF, 0xD8, .. jpeg.AsSpan(sof)];
        Assert.Contains("second SOI", Refused(broken).Problem);
    }

    [Fact]
    public void Wrong_restart_marker_is_refused()
    {
        byte[] jpeg = JpegFixtures.Bytes("restart2b_48x40");
        int data = JpegSegments.ScanData(jpeg);
        int rst = jpeg.AsSpan(data).IndexOf([(byte)0xFF, (byte)0xD0]) + data;
        jpeg[rst + 1] = 0xD3;
        Assert.Contains("RST3", Refused(jpeg).Problem);
    }
}
