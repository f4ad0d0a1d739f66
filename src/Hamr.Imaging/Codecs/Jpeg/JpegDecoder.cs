using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// Reads a JPEG file's marker segments (ITU T.81 Annex B) — tables, frame, scans, restart interval, the JFIF,
/// EXIF and Adobe application segments — and drives scan decoding and the final colour conversion. Every size it
/// allocates for is checked against <see cref="Image"/>'s limits and against the amount of input first.
/// </summary>
internal sealed class JpegDecoder
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

    private void ReadFrame(ReadOnlySpan<byte> segment, bool progressive, int dataLength)
    {
        if (_components.Length != 0)
        {
            throw Error("a second frame header (SOF); multi-frame files are not supported");
        }

        if (segment.Length < 6)
        {
            throw Error($"SOF segment of {segment.Length} bytes is too short");
        }

        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int count = segment[5];
        if (precision != 8)
        {
            throw Error($"unsupported sample precision of {precision} bits (only 8-bit JPEG is supported)");
        }

        if (height == 0)
        {
            throw Error("frame height 0 (height given later by a DNL marker) is not supported");
        }

        if (width == 0)
        {
            throw Error("frame width 0");
        }

        if (width > Image.MaxDimension || height > Image.MaxDimension || (long)width * height > Image.MaxPixels)
        {
            throw Error($"image {width}×{height} exceeds the limits ({Image.MaxDimension} per side, {Image.MaxPixels} pixels)");
        }

        if (count == 4)
        {
            throw Error("4-component (CMYK/YCCK) JPEG is not supported");
        }

        if (count is not (1 or 3))
        {
            throw Error($"unsupported component count {count} (1 or 3 expected)");
        }

        if (segment.Length != 6 + (3 * count))
        {
            throw Error($"SOF segment of {segment.Length} bytes does not match its {count} components");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            var entry = segment.Slice(6 + (3 * i), 3);
            int h = entry[1] >> 4, v = entry[1] & 15, tq = entry[2];
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw Error($"component {entry[0]}: sampling factors {h}×{v} outside 1..4");
            }

            if (tq > 3)
            {
                throw Error($"component {entry[0]}: quantization table id {tq} outside 0..3");
            }

            for (int j = 0; j < i; j++)
            {
                if (components[j].Id == entry[0])
                {
                    throw Error($"component id {entry[0]} appears twice in the frame header");
                }
            }

            components[i] = new JpegComponent(entry[0], i, h, v, tq);
        }

        _hMax = components.Max(c => c.H);
        _vMax = components.Max(c => c.V);
        foreach (var c in components)
        {
            if (_hMax % c.H != 0 || _vMax % c.V != 0)
            {
                throw Error($"component {c.Id}: sampling {c.H}×{c.V} is not an integral fraction of {_hMax}×{_vMax}");
            }
        }

        _width = width;
        _height = height;
        _progressive = progressive;
        _mcusPerLine = (width + (8 * _hMax) - 1) / (8 * _hMax);
        _mcusPerColumn = (height + (8 * _vMax) - 1) / (8 * _vMax);
        long planeBlocks = 0;
        foreach (var c in components)
        {
            c.SetGeometry(width, height, _hMax, _vMax, _mcusPerLine, _mcusPerColumn);
            planeBlocks += c.PlaneBlockCount;
        }

        // Every block costs at least one bit of entropy-coded data, so a header that promises more blocks than the
        // file has bits is truncated or forged: refuse it before allocating planes for it.
        long firstBlocks = (long)components[0].BlocksPerLine * components[0].BlocksPerColumn;
        if (firstBlocks > 8L * dataLength)
        {
            throw Error($"a {width}×{height} image needs more data than the {dataLength} bytes given (truncated or corrupt header)");
        }

        // Bounds the work of many scans over few bytes (each scan visits all its blocks, even in EOB runs).
        _blockBudget = (24 * planeBlocks) + (64L * dataLength);
        _components = components;
    }

    private int ReadScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> segment, int position)
    {
        if (_components.Length == 0)
        {
            throw Error("scan (SOS) before the frame header (SOF)");
        }

        int count = segment.Length > 0 ? segment[0] : 0;
        if (count is < 1 or > 4 || count > _components.Length || segment.Length != 4 + (2 * count))
        {
            throw Error($"bad scan header: {count} components in a {segment.Length}-byte SOS segment");
        }

        var components = new JpegComponent[count];
        var tables = segment.Slice(1, 2 * count);
        int ss = segment[1 + (2 * count)], se = segment[2 + (2 * count)];
        int ah = segment[3 + (2 * count)] >> 4, al = segment[3 + (2 * count)] & 15;
        for (int i = 0; i < count; i++)
        {
            int id = tables[2 * i];
            var component = Array.Find(_components, c => c.Id == id)
                ?? throw Error($"scan references component id {id}, which the frame does not have");
            if (Array.IndexOf(components, component) >= 0)
            {
                throw Error($"scan lists component id {id} twice");
            }

            int td = tables[(2 * i) + 1] >> 4, ta = tables[(2 * i) + 1] & 15;
            if (td > 3 || ta > 3)
            {
                throw Error($"scan uses Huffman table id {(td > 3 ? td : ta)} outside 0..3");
            }

            component.DcTable = _dcTables[td];
            component.AcTable = _acTables[ta];
            bool needsDc = !_progressive || (ss == 0 && ah == 0);
            bool needsAc = !_progressive || ss > 0;
            if (needsDc && component.DcTable is null)
            {
                throw Error($"scan uses DC Huffman table {td}, which was never defined");
            }

            if (needsAc && component.AcTable is null)
            {
                throw Error($"scan uses AC Huffman table {ta}, which was never defined");
            }

            components[i] = component;
        }

        if (_progressive && (se > 63 || ss > se || (ss == 0 && se != 0) || (ss > 0 && count != 1) || ah > 13 || al > 13))
        {
            throw Error($"bad progressive scan parameters Ss={ss} Se={se} Ah={ah} Al={al} for {count} component(s)");
        }

        foreach (var component in components)
        {
            if (component.Quant is null)
            {
                var quant = _quant[component.QuantTableId]
                    ?? throw Error($"component {component.Id} uses quantization table {component.QuantTableId}, which was never defined");
                component.Quant = (ushort[])quant.Clone();
            }

            _blocksScanned += count == 1 ? (long)component.BlocksPerLine * component.BlocksPerColumn : component.PlaneBlockCount;
        }

        if (_blocksScanned > _blockBudget)
        {
            throw Error($"too many scans for the amount of data ({_scans + 1} scans, {_blocksScanned} blocks)");
        }

        if (!_allocated)
        {
            foreach (var component in _components)
            {
                component.Allocate(_progressive);
            }

            _allocated = true;
        }

        _scans++;
        var scan = new JpegScan(components, ss, se, ah, al);
        return JpegScanDecoder.Decode(data, position, scan, _progressive, _mcusPerLine, _mcusPerColumn, _restartInterval, _source);
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> segment)
    {
        while (segment.Length > 0)
        {
            if (segment.Length < 17)
            {
                throw Error("truncated DHT segment");
            }

            int tableClass = segment[0] >> 4, id = segment[0] & 15;
            if (tableClass > 1 || id > 3)
            {
                throw Error($"DHT defines table class {tableClass} id {id} (class 0..1, id 0..3 expected)");
            }

            var counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts)
            {
                total += n;
            }

            if (total > 256 || segment.Length < 17 + total)
            {
                throw Error($"DHT table with {total} codes does not fit its segment");
            }

            var table = JpegHuffmanTable.Build(counts, segment.Slice(17, total), tableClass == 0, _source);
            (tableClass == 0 ? _dcTables : _acTables)[id] = table;
            segment = segment[(17 + total)..];
        }
    }

    private void ReadQuantTables(ReadOnlySpan<byte> segment)
    {
        ReadOnlySpan<byte> natural = JpegScanDecoder.NaturalOrder;
        while (segment.Length > 0)
        {
            int precision = segment[0] >> 4, id = segment[0] & 15;
            if (precision > 1 || id > 3)
            {
                throw Error($"DQT defines table id {id} with precision {precision} (id 0..3, precision 0..1 expected)");
            }

            int size = 1 + (64 << precision);
            if (segment.Length < size)
            {
                throw Error("truncated DQT segment");
            }

            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                table[natural[k]] = precision == 0 ? segment[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(segment[(1 + (2 * k))..]);
            }

            _quant[id] = table;
            segment = segment[size..];
        }
    }

    /// <summary>Finds the next marker (skipping fill bytes and any garbage); -1 at the end of the data.</summary>
    private static int NextMarker(ReadOnlySpan<byte> data, ref int position)
    {
        while (position + 1 < data.Length)
        {
            if (data[position] == 0xFF && data[position + 1] is not (0x00 or 0xFF))
            {
                int marker = data[position + 1];
                position += 2;
                return marker;
            }

            position++;
        }

        position = data.Length;
        return -1;
    }

    private ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, ref int position, int marker)
    {
        if (position + 2 > data.Length)
        {
            throw Error($"truncated: {MarkerName(marker)} segment length missing at the end of the data");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2)
        {
            throw Error($"{MarkerName(marker)} segment length {length} is below 2");
        }

        if (position + length > data.Length)
        {
            throw Error($"truncated: {MarkerName(marker)} segment of {length} bytes runs past the end of the data");
        }

        var segment = data.Slice(position + 2, length - 2);
        position += length;
        return segment;
    }

    private static string MarkerName(int marker) => marker switch
    {
        >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC) => $"SOF{marker - 0xC0}",
        0xC4 => "DHT",
        0xCC => "DAC",
        0xDA => "SOS",
        0xDB => "DQT",
        0xDD => "DRI",
        >= 0xE0 and <= 0xEF => $"APP{marker - 0xE0}",
        0xFE => "COM",
        _ => $"marker 0x{marker:X2}",
    };

    private static string ProcessName(int marker) => marker switch
    {
        0xC3 => "lossless",
        0xC5 or 0xC6 or 0xC7 => "hierarchical",
        0xC9 or 0xCA => "arithmetic coding",
        0xCB => "lossless arithmetic",
        _ => "hierarchical arithmetic",
    };

    private ImageFormatException Error(string problem) => new(_source, problem);
}
