using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>Marker segments: finding markers, segment bounds, the table segments (DHT, DQT), marker names.</summary>
internal sealed partial class JpegDecoder
{
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
}
