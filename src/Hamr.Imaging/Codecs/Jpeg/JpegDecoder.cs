using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// Reads a JPEG file's marker segments (ITU T.81 Annex B) — tables, frame, scans, restart interval, the JFIF,
/// EXIF and Adobe application segments — and drives scan decoding and the final colour conversion. Every size it
/// allocates for is checked against <see cref="Image"/>'s limits and against the amount of input first.
/// </summary>
internal sealed partial class JpegDecoder
{
    private readonly string _source;
    private readonly ushort[]?[] _quant = new ushort[]?[4];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];
    private JpegComponent[] _components = [];
    private int _width, _height, _hMax, _vMax, _mcusPerLine, _mcusPerColumn;
    private bool _progressive, _allocated;
    private int _restartInterval;
    private bool _sawJfif, _sawAdobe;
    private int _adobeTransform;
    private int _orientation = 1;
    private int _scans;
    private long _blockBudget, _blocksScanned;

    public JpegDecoder(string source) => _source = source;

    /// <summary>The EXIF orientation (1–8) found in the file, 1 when there was none.</summary>
    public int Orientation => _orientation;

    public Image Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            return DecodeCore(data);
        }
        finally
        {
            foreach (var component in _components)
            {
                component.Release();
            }
        }
    }

    private Image DecodeCore(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw Error("empty input (0 bytes)");
        }

        if (data.Length < 2 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw Error("not a JPEG file: no SOI marker (FF D8) at the start");
        }

        int position = 2;
        while (true)
        {
            int marker = NextMarker(data, ref position);
            if (marker < 0 || marker == 0xD9)
            {
                break; // end of data or EOI; a truncated progressive file shows the scans it has
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                continue; // stray RSTn or TEM: no segment follows
            }

            if (marker == 0xD8)
            {
                throw Error("a second SOI marker inside the image");
            }

            ReadOnlySpan<byte> segment = Segment(data, ref position, marker);
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    ReadFrame(segment, marker == 0xC2, data.Length);
                    break;
                case 0xC3 or 0xC5 or 0xC6 or 0xC7 or 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF:
                    throw Error($"unsupported JPEG process {MarkerName(marker)} ({ProcessName(marker)}); only baseline, extended sequential and progressive Huffman are supported");
                case 0xC4:
                    ReadHuffmanTables(segment);
                    break;
                case 0xDB:
                    ReadQuantTables(segment);
                    break;
                case 0xDD:
                    if (segment.Length < 2)
                    {
                        throw Error("DRI segment shorter than 2 bytes");
                    }

                    _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case 0xDA:
                    position = ReadScan(data, segment, position);
                    break;
                case 0xE0:
                    _sawJfif |= segment.Length >= 5 && segment[..5].SequenceEqual("JFIF\0"u8);
                    break;
                case 0xE1:
                    if (_orientation == 1 && JpegExif.TryReadOrientation(segment, out int orientation))
                    {
                        _orientation = orientation;
                    }

                    break;
                case 0xEE:
                    if (segment.Length >= 12 && segment[..5].SequenceEqual("Adobe"u8))
                    {
                        _sawAdobe = true;
                        _adobeTransform = segment[11];
                    }

                    break;
                default:
                    break; // other APPn, COM, DNL, DAC…: nothing we need
            }
        }

        if (_components.Length == 0)
        {
            throw Error("truncated or corrupt: no frame header (SOF) before the end of the data");
        }

        if (_scans == 0)
        {
            throw Error("truncated or corrupt: no scan (SOS) before the end of the data");
        }

        return Finish();
    }

    private Image Finish()
    {
        foreach (var component in _components)
        {
            if (component.Quant is null)
            {
                component.Plane.AsSpan().Fill(128); // never scanned: mid-grey, as zero coefficients would give
            }
            else if (_progressive)
            {
                TransformAll(component);
            }
        }

        bool rgb = _components.Length == 3 && IsRgb();
        return JpegColorConverter.ToImage(_components, _width, _height, _hMax, _vMax, rgb);
    }

    /// <summary>Inverse DCT of every visible block of a progressive component.</summary>
    private static void TransformAll(JpegComponent component)
    {
        int stride = component.Stride;
        var quant = component.Quant!;
        for (int by = 0; by < component.BlocksPerColumn; by++)
        {
            for (int bx = 0; bx < component.BlocksPerLine; bx++)
            {
                var block = component.Coefficients.AsSpan((int)(((long)by * component.PlaneBlocksPerLine + bx) * 64), 64);
                JpegIdct.Transform(block, quant, component.Plane.AsSpan((by * 8 * stride) + (bx * 8)), stride);
            }
        }
    }

    /// <summary>libjpeg's rule for three components: JFIF means YCbCr, else Adobe's transform flag, else the ids.</summary>
    private bool IsRgb()
    {
        if (_sawJfif)
        {
            return false;
        }

        if (_sawAdobe)
        {
            return _adobeTransform == 0;
        }

        return _components[0].Id == 'R' && _components[1].Id == 'G' && _components[2].Id == 'B';
    }

    private ImageFormatException Error(string problem) => new(_source, problem);
}
