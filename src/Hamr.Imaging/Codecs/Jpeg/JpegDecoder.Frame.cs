using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>The frame header (SOF, B.2.2) and scan headers (SOS, B.2.3): validated, then the scan is decoded.</summary>
internal sealed partial class JpegDecoder
{
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

        // Coded data has a floor: a sequential block needs a DC code and an end-of-block code (≥ 2 bits), a progressive
        // block at least its first DC code (≥ 1 bit, counted for the first component only, since a degenerate file may
        // skip the others). A header that promises more blocks than the file has bits for is truncated or forged:
        // refuse it before allocating planes for it (libjpeg would decode it as mostly padding).
        long minimumBits = 0;
        foreach (var c in progressive ? components[..1] : components)
        {
            minimumBits += (progressive ? 1L : 2L) * c.BlocksPerLine * c.BlocksPerColumn;
        }

        if (minimumBits > 8L * dataLength)
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
}
