using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// Baseline JFIF encoder: RGB → YCbCr (JFIF, libjpeg's fixed-point constants), edge-replicated padding to whole
/// MCUs, box-filter chroma subsampling, float DCT and quantisation, one interleaved scan with the Annex K Huffman
/// tables.
/// </summary>
internal static class JpegEncoder
{
    public static byte[] Encode(Image image, int quality, JpegSubsampling subsampling)
    {
        bool gray = image.Channels <= 2;
        int hs = gray || subsampling == JpegSubsampling.Yuv444 ? 1 : 2;
        int vs = gray || subsampling != JpegSubsampling.Yuv420 ? 1 : 2;
        int mcusX = (image.Width + (8 * hs) - 1) / (8 * hs), mcusY = (image.Height + (8 * vs) - 1) / (8 * vs);
        int paddedWidth = mcusX * 8 * hs, paddedHeight = mcusY * 8 * vs;
        var planes = ToPlanes(image, gray, paddedWidth, paddedHeight);
        if (!gray)
        {
            planes[1] = Downsample(planes[1], paddedWidth, paddedHeight, hs, vs);
            planes[2] = Downsample(planes[2], paddedWidth, paddedHeight, hs, vs);
        }

        byte[] lumaQuant = JpegStandardTables.ScaledQuant(JpegStandardTables.LumaQuant, quality);
        byte[] chromaQuant = JpegStandardTables.ScaledQuant(JpegStandardTables.ChromaQuant, quality);
        var dcLuma = new JpegHuffmanEncoder(JpegStandardTables.DcLumaCounts, JpegStandardTables.DcSymbols);
        var acLuma = new JpegHuffmanEncoder(JpegStandardTables.AcLumaCounts, JpegStandardTables.AcLumaSymbols);
        var dcChroma = new JpegHuffmanEncoder(JpegStandardTables.DcChromaCounts, JpegStandardTables.DcSymbols);
        var acChroma = new JpegHuffmanEncoder(JpegStandardTables.AcChromaCounts, JpegStandardTables.AcChromaSymbols);

        var output = new JpegBitWriter(1024 + (image.Width * image.Height / 2));
        WriteHeaders(output, image.Width, image.Height, gray, hs, vs, lumaQuant, chromaQuant);

        Span<float> samples = stackalloc float[64];
        Span<short> coefficients = stackalloc short[64];
        Span<int> predictors = stackalloc int[3];
        int chromaStride = paddedWidth / hs;
        for (int my = 0; my < mcusY; my++)
        {
            for (int mx = 0; mx < mcusX; mx++)
            {
                for (int v = 0; v < vs; v++)
                {
                    for (int h = 0; h < hs; h++)
                    {
                        int x0 = ((mx * hs) + h) * 8, y0 = ((my * vs) + v) * 8;
                        EncodeBlock(output, planes[0], paddedWidth, x0, y0, lumaQuant, dcLuma, acLuma, ref predictors[0], samples, coefficients);
                    }
                }

                if (!gray)
                {
                    EncodeBlock(output, planes[1], chromaStride, mx * 8, my * 8, chromaQuant, dcChroma, acChroma, ref predictors[1], samples, coefficients);
                    EncodeBlock(output, planes[2], chromaStride, mx * 8, my * 8, chromaQuant, dcChroma, acChroma, ref predictors[2], samples, coefficients);
                }
            }
        }

        output.FlushBits();
        output.WriteMarker(0xD9);
        return output.ToArray();
    }

    private static void EncodeBlock(JpegBitWriter output, byte[] plane, int stride, int x0, int y0, ReadOnlySpan<byte> quant,
        JpegHuffmanEncoder dc, JpegHuffmanEncoder ac, ref int predictor, Span<float> samples, Span<short> coefficients)
    {
        for (int r = 0; r < 8; r++)
        {
            var row = plane.AsSpan(((y0 + r) * stride) + x0, 8);
            for (int c = 0; c < 8; c++)
            {
                samples[(r * 8) + c] = row[c] - 128;
            }
        }

        JpegForwardDct.TransformQuantize(samples, quant, coefficients);
        int diff = coefficients[0] - predictor;
        predictor = coefficients[0];
        int size = MagnitudeSize(diff);
        dc.Write(output, size);
        output.WriteBits(MagnitudeBits(diff, size), size);

        ReadOnlySpan<byte> natural = JpegScanDecoder.NaturalOrder;
        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int value = coefficients[natural[k]];
            if (value == 0)
            {
                run++;
                continue;
            }

            for (; run >= 16; run -= 16)
            {
                ac.Write(output, 0xF0); // sixteen zeros
            }

            size = MagnitudeSize(value);
            ac.Write(output, (run << 4) | size);
            output.WriteBits(MagnitudeBits(value, size), size);
            run = 0;
        }

        if (run > 0)
        {
            ac.Write(output, 0x00); // end of block
        }
    }

    /// <summary>Magnitude category (F.1.2.1): bits needed for |value|.</summary>
    private static int MagnitudeSize(int value) => value == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(value));

    /// <summary>Negative values are sent as value − 1 in <paramref name="size"/> bits (the ones' complement).</summary>
    private static int MagnitudeBits(int value, int size) => (value < 0 ? value - 1 : value) & ((1 << size) - 1);

    /// <summary>Y (and Cb, Cr) planes of the padded size, edges replicated; libjpeg's rgb_ycc_convert constants.</summary>
    private static byte[][] ToPlanes(Image image, bool gray, int paddedWidth, int paddedHeight)
    {
        int n = paddedWidth * paddedHeight, channels = image.Channels;
        var y = new byte[n];
        var cb = gray ? [] : new byte[n];
        var cr = gray ? [] : new byte[n];
        var pixels = image.Pixels;
        for (int py = 0; py < paddedHeight; py++)
        {
            int sy = Math.Min(py, image.Height - 1);
            for (int px = 0; px < paddedWidth; px++)
            {
                int sx = Math.Min(px, image.Width - 1);
                int i = ((sy * image.Width) + sx) * channels, o = (py * paddedWidth) + px;
                if (gray)
                {
                    y[o] = pixels[i];
                    continue;
                }

                int r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
                y[o] = (byte)(((19595 * r) + (38470 * g) + (7471 * b) + 32768) >> 16);
                cb[o] = (byte)(((-11059 * r) - (21709 * g) + (32768 * b) + (128 << 16) + 32767) >> 16);
                cr[o] = (byte)(((32768 * r) - (27439 * g) - (5329 * b) + (128 << 16) + 32767) >> 16);
            }
        }

        return [y, cb, cr];
    }

    /// <summary>Box-filter average over hs × vs samples, rounded.</summary>
    private static byte[] Downsample(byte[] plane, int width, int height, int hs, int vs)
    {
        if (hs == 1 && vs == 1)
        {
            return plane;
        }

        int outWidth = width / hs, outHeight = height / vs, count = hs * vs;
        var result = new byte[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                int sum = 0;
                for (int v = 0; v < vs; v++)
                {
                    for (int h = 0; h < hs; h++)
                    {
                        sum += plane[(((y * vs) + v) * width) + (x * hs) + h];
                    }
                }

                result[(y * outWidth) + x] = (byte)((sum + (count / 2)) / count);
            }
        }

        return result;
    }

    private static void WriteHeaders(JpegBitWriter output, int width, int height, bool gray, int hs, int vs, byte[] lumaQuant, byte[] chromaQuant)
    {
        ReadOnlySpan<byte> natural = JpegScanDecoder.NaturalOrder;
        output.WriteMarker(0xD8);

        // JFIF APP0: version 1.01, no density units, 1:1 aspect, no thumbnail.
        output.WriteSegment(0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        int tables = gray ? 1 : 2;
        var dqt = new byte[65 * tables];
        for (int t = 0; t < tables; t++)
        {
            var quant = t == 0 ? lumaQuant : chromaQuant;
            dqt[65 * t] = (byte)t;
            for (int k = 0; k < 64; k++)
            {
                dqt[(65 * t) + 1 + k] = quant[natural[k]]; // zig-zag order in the stream
            }
        }

        output.WriteSegment(0xDB, dqt);

        int components = gray ? 1 : 3;
        var sof = new byte[6 + (3 * components)];
        sof[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)width);
        sof[5] = (byte)components;
        for (int c = 0; c < components; c++)
        {
            sof[6 + (3 * c)] = (byte)(c + 1);
            sof[7 + (3 * c)] = c == 0 ? (byte)((hs << 4) | vs) : (byte)0x11;
            sof[8 + (3 * c)] = (byte)(c == 0 ? 0 : 1);
        }

        output.WriteSegment(0xC0, sof);

        var dht = new List<byte>();
        AddHuffman(dht, 0x00, JpegStandardTables.DcLumaCounts, JpegStandardTables.DcSymbols);
        AddHuffman(dht, 0x10, JpegStandardTables.AcLumaCounts, JpegStandardTables.AcLumaSymbols);
        if (!gray)
        {
            AddHuffman(dht, 0x01, JpegStandardTables.DcChromaCounts, JpegStandardTables.DcSymbols);
            AddHuffman(dht, 0x11, JpegStandardTables.AcChromaCounts, JpegStandardTables.AcChromaSymbols);
        }

        output.WriteSegment(0xC4, dht.ToArray());

        var sos = new byte[4 + (2 * components)];
        sos[0] = (byte)components;
        for (int c = 0; c < components; c++)
        {
            sos[1 + (2 * c)] = (byte)(c + 1);
            sos[2 + (2 * c)] = (byte)(c == 0 ? 0x00 : 0x11);
        }

        sos[^3] = 0;  // Ss
        sos[^2] = 63; // Se
        sos[^1] = 0;  // Ah, Al
        output.WriteSegment(0xDA, sos);
    }

    private static void AddHuffman(List<byte> dht, byte classAndId, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        dht.Add(classAndId);
        dht.AddRange(counts);
        dht.AddRange(symbols);
    }
}
