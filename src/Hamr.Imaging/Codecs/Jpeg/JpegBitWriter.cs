using System.Buffers.Binary;

namespace Hamr.Imaging.Codecs;

/// <summary>The encoder's output: marker segments, then entropy-coded bits MSB first with 0xFF byte stuffing.</summary>
internal sealed class JpegBitWriter
{
    private byte[] _buffer;
    private int _length;
    private uint _bits;  // pending bits, right-aligned
    private int _count;  // how many

    public JpegBitWriter(int capacity) => _buffer = new byte[Math.Max(capacity, 256)];

    public void WriteMarker(byte marker)
    {
        Reserve(2);
        _buffer[_length++] = 0xFF;
        _buffer[_length++] = marker;
    }

    /// <summary>A marker segment: marker, 2-byte length (including itself), body.</summary>
    public void WriteSegment(byte marker, ReadOnlySpan<byte> body)
    {
        WriteMarker(marker);
        Reserve(2 + body.Length);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), (ushort)(body.Length + 2));
        _length += 2;
        body.CopyTo(_buffer.AsSpan(_length));
        _length += body.Length;
    }

    /// <summary>Appends the low <paramref name="count"/> (0..16) bits of <paramref name="value"/>.</summary>
    public void WriteBits(int value, int count)
    {
        _bits = (_bits << count) | ((uint)value & ((1u << count) - 1));
        _count += count;
        while (_count >= 8)
        {
            _count -= 8;
            EmitByte((byte)(_bits >> _count));
        }
    }

    /// <summary>Pads the last byte with one bits (F.1.2.3), so no partial code is left behind.</summary>
    public void FlushBits()
    {
        if (_count > 0)
        {
            WriteBits(0x7F, 8 - _count);
        }
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private void EmitByte(byte b)
    {
        Reserve(2);
        _buffer[_length++] = b;
        if (b == 0xFF)
        {
            _buffer[_length++] = 0; // stuffed so the decoder does not see a marker
        }
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}

/// <summary>Code and length per symbol for one Huffman table, assigned canonically from its counts (C.2).</summary>
internal sealed class JpegHuffmanEncoder
{
    private readonly ushort[] _codes = new ushort[256];
    private readonly byte[] _sizes = new byte[256];

    public JpegHuffmanEncoder(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++, k++, code++)
            {
                _codes[symbols[k]] = (ushort)code;
                _sizes[symbols[k]] = (byte)length;
            }

            code <<= 1;
        }
    }

    public void Write(JpegBitWriter output, int symbol) => output.WriteBits(_codes[symbol], _sizes[symbol]);
}
