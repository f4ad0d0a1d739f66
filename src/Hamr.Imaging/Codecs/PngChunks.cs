using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320) over a chunk's type and data.</summary>
internal static class PngCrc
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Update(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;

    /// <summary>Continues a running (not yet inverted) CRC; start from 0xFFFFFFFF and invert at the end.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

/// <summary>The chunk types this codec knows, as big-endian four-character codes.</summary>
internal static class PngChunkType
{
    public const uint Ihdr = 0x49484452; // "IHDR"
    public const uint Plte = 0x504C5445; // "PLTE"
    public const uint Idat = 0x49444154; // "IDAT"
    public const uint Iend = 0x49454E44; // "IEND"
    public const uint Trns = 0x74524E53; // "tRNS"

    /// <summary>Critical chunks have an upper-case first letter (bit 5 of the first byte clear).</summary>
    public static bool IsCritical(uint type) => (type & 0x20000000) == 0;

    public static string Name(uint type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            byte b = (byte)(type >> (24 - (8 * i)));
            chars[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return new string(chars);
    }
}

/// <summary>One chunk of a PNG file: its type, its data (a slice of the input) and where it started.</summary>
internal readonly ref struct PngChunk
{
    public PngChunk(uint type, ReadOnlySpan<byte> data, int offset)
    {
        Type = type;
        Data = data;
        Offset = offset;
    }

    public uint Type { get; }

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Byte offset of the chunk's length field in the file (for error messages).</summary>
    public int Offset { get; }

    public string Name => PngChunkType.Name(Type);
}

/// <summary>
/// Walks the chunks after the signature, checking each one's framing (length within the input, letters for a
/// type) and CRC before handing it out, so the decoder above never sees a damaged chunk.
/// </summary>
internal ref struct PngChunkReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly string source;
    private int position;

    public PngChunkReader(ReadOnlySpan<byte> data, string source)
    {
        this.data = data;
        this.source = source;
        position = Png.Signature.Length;
    }

    /// <summary>The next chunk, or false when the input ends exactly at a chunk boundary.</summary>
    public bool TryRead(out PngChunk chunk)
    {
        chunk = default;
        int start = position;
        int remaining = data.Length - start;
        if (remaining == 0)
        {
            return false;
        }

        if (remaining < 8)
        {
            throw Png.Error(source, $"truncated: {remaining} bytes at offset {start} where a chunk header (8 bytes) should be");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(data[start..]);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(data[(start + 4)..]);
        if (!IsLetters(type))
        {
            throw Png.Error(source, $"corrupt chunk header at offset {start}: type bytes 0x{type:X8} are not four letters");
        }

        string name = PngChunkType.Name(type);
        if (length > int.MaxValue)
        {
            throw Png.Error(source, $"chunk {name} at offset {start} claims {length} bytes (PNG allows at most 2^31-1)");
        }

        if (length > (uint)(remaining - 8) || remaining - 8 - (int)length < 4)
        {
            throw Png.Error(source, $"truncated: chunk {name} at offset {start} claims {length} data bytes + 4 CRC bytes but only {remaining - 8} bytes remain");
        }

        var body = data.Slice(start + 8, (int)length);
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(start + 8 + (int)length)..]);
        uint computed = PngCrc.Compute(data.Slice(start + 4, (int)length + 4));
        if (stored != computed)
        {
            throw Png.Error(source, $"bad CRC in chunk {name} at offset {start}: stored 0x{stored:X8}, computed 0x{computed:X8}");
        }

        position = start + 12 + (int)length;
        chunk = new PngChunk(type, body, start);
        return true;
    }

    private static bool IsLetters(uint type)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            uint b = (type >> shift) & 0xFF;
            if (b is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z')))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Writes chunks (length, type, data, CRC) to a stream.</summary>
internal static class PngChunkWriter
{
    public static void Write(Stream output, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], type);
        output.Write(header);
        output.Write(data);
        uint crc = PngCrc.Update(0xFFFFFFFFu, header[4..]);
        crc = PngCrc.Update(crc, data) ^ 0xFFFFFFFFu;
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        output.Write(trailer);
    }
}
