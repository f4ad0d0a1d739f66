using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// Reads the entropy-coded segment of a scan MSB first, removing stuffed zero bytes after 0xFF (F.1.2.3). At a
/// marker or the end of the data it stops consuming input and supplies zero bits, as libjpeg does for truncated
/// files; the caller bounds how many blocks it decodes, so the padding is bounded too.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private int _position;
    private ulong _bits;   // valid bits left-aligned: the next bit is bit 63
    private int _count;    // how many of the top bits of _bits are valid
    private bool _stopped; // reached a marker or the end: only zero bits from here on

    public JpegBitReader(ReadOnlySpan<byte> data, int position, string source)
    {
        _data = data;
        _position = position;
        _source = source;
    }

    /// <summary>Index of the next byte not yet taken into the bit buffer (the marker, once the reader stopped at one).</summary>
    public readonly int Position => _position;

    /// <summary>The file or stream name errors carry.</summary>
    public readonly string Source => _source;

    /// <summary>Makes at least <paramref name="n"/> (≤ 57) bits available.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int n)
    {
        if (_count < n)
        {
            Fill();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Skip(int n)
    {
        _bits <<= n;
        _count -= n;
    }

    /// <summary>The next <paramref name="n"/> bits (1..16) as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bits(int n)
    {
        Ensure(n);
        int value = (int)(_bits >> (64 - n));
        _bits <<= n;
        _count -= n;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bit()
    {
        Ensure(1);
        int value = (int)(_bits >> 63);
        _bits <<= 1;
        _count--;
        return value;
    }

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(JpegHuffmanTable table)
    {
        Ensure(16);
        int entry = table.Lookahead[(int)(_bits >> (64 - JpegHuffmanTable.LookaheadBits))];
        if (entry == 0)
        {
            entry = DecodeLong(table);
        }

        Skip(entry >> 8);
        return entry & 0xFF;
    }

    private readonly int DecodeLong(JpegHuffmanTable table)
    {
        int entry = table.DecodeLong((int)(_bits >> 48));
        if (entry < 0)
        {
            throw new ImageFormatException(_source, $"corrupt entropy-coded data: bad Huffman code near byte {_position}");
        }

        return entry;
    }

    /// <summary>
    /// Decodes one whole sequential block (F.2.2.1–F.2.2.2) into <paramref name="block"/> (natural order, zeroed
    /// by the caller), updating the DC predictor; returns false when no AC term was coded (a flat block). The hot
    /// loop of baseline decoding: the bit buffer lives in locals and goes back to the fields only around a refill.
    /// </summary>
    public bool DecodeSequentialBlock(JpegHuffmanTable dc, JpegHuffmanTable ac, ref int predictor, scoped Span<short> block)
    {
        int size = Decode(dc);
        predictor += ReceiveExtend(size);
        block[0] = (short)predictor;
        bool hasAc = false;

        ReadOnlySpan<byte> natural = JpegScanDecoder.NaturalOrder;
        int[] fastAc = ac.FastAc;
        ushort[] lookahead = ac.Lookahead;
        ulong bits = _bits;
        int count = _count;
        for (int k = 1; k < 64; k++)
        {
            if (count < 32)
            {
                (_bits, _count) = (bits, count);
                Fill();
                (bits, count) = (_bits, _count);
            }

            int peek = (int)(bits >> (64 - JpegHuffmanTable.LookaheadBits));
            int fast = fastAc[peek];
            if (fast != 0)
            {
                // Code and magnitude bits resolved together by the table.
                k += (fast >> 8) & 0xFF;
                int length = fast & 0xFF;
                bits <<= length;
                count -= length;
                block[natural[k]] = (short)(fast >> 16);
                hasAc = true;
                continue;
            }

            int entry = lookahead[peek];
            if (entry == 0)
            {
                _bits = bits;
                entry = DecodeLong(ac);
            }

            int codeLength = entry >> 8;
            bits <<= codeLength;
            count -= codeLength;
            int run = (entry >> 4) & 15;
            size = entry & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    break; // end of block
                }

                k += 15; // sixteen zeros
                continue;
            }

            k += run;
            int magnitude = (int)(bits >> (64 - size));
            bits <<= size;
            count -= size;
            block[natural[k]] = (short)Extend(magnitude, size);
            hasAc = true;
        }

        (_bits, _count) = (bits, count);
        return hasAc;
    }

    /// <summary>
    /// First pass over a spectral band of one block (G.1.2.2): coefficients scaled by 2^<paramref name="bitLow"/>;
    /// an EOBn code ends this block and the next 2^n − 1 + (n bits) blocks of the band (<paramref name="eobRun"/>).
    /// Same local-buffer scheme as <see cref="DecodeSequentialBlock"/>.
    /// </summary>
    public void DecodeAcFirst(JpegHuffmanTable ac, int start, int end, int bitLow, scoped Span<short> coefficients, ref int eobRun)
    {
        if (eobRun > 0)
        {
            eobRun--;
            return;
        }

        ReadOnlySpan<byte> natural = JpegScanDecoder.NaturalOrder;
        int[] fastAc = ac.FastAc;
        ushort[] lookahead = ac.Lookahead;
        int scale = 1 << bitLow;
        ulong bits = _bits;
        int count = _count;
        for (int k = start; k <= end; k++)
        {
            if (count < 32)
            {
                (_bits, _count) = (bits, count);
                Fill();
                (bits, count) = (_bits, _count);
            }

            int peek = (int)(bits >> (64 - JpegHuffmanTable.LookaheadBits));
            int fast = fastAc[peek];
            if (fast != 0)
            {
                k += (fast >> 8) & 0xFF;
                int length = fast & 0xFF;
                bits <<= length;
                count -= length;
                coefficients[natural[k]] = (short)((fast >> 16) * scale);
                continue;
            }

            int entry = lookahead[peek];
            if (entry == 0)
            {
                _bits = bits;
                entry = DecodeLong(ac);
            }

            int codeLength = entry >> 8;
            bits <<= codeLength;
            count -= codeLength;
            int run = (entry >> 4) & 15, size = entry & 15;
            if (size != 0)
            {
                k += run;
                int magnitude = (int)(bits >> (64 - size));
                bits <<= size;
                count -= size;
                coefficients[natural[k]] = (short)(Extend(magnitude, size) * scale);
            }
            else if (run == 15)
            {
                k += 15; // sixteen zeros
            }
            else
            {
                eobRun = (1 << run) - 1;
                if (run > 0)
                {
                    eobRun += (int)(bits >> (64 - run));
                    bits <<= run;
                    count -= run;
                }

                break;
            }
        }

        (_bits, _count) = (bits, count);
    }

    /// <summary>The signed value of <paramref name="size"/> magnitude bits (F.2.2.1 EXTEND); size 0 gives 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int size) => size == 0 ? 0 : Extend(Bits(size), size);

    /// <summary>EXTEND: values below 2^(size-1) stand for negatives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Extend(int value, int size) => value - ((((value >> (size - 1)) & 1) - 1) & ((1 << size) - 1));

    /// <summary>
    /// Ends a restart interval: drops the buffered bits (the encoder pads the last byte with ones) and consumes
    /// the RSTn marker that must follow. After truncation or an unexpected marker the reader keeps padding.
    /// </summary>
    public void Restart(int expectedIndex)
    {
        _bits = 0;
        _count = 0;

        // Skip anything up to the next marker (bounded by the data); a non-RST marker means the data ended early.
        // A reader that stopped at a marker sits on it; one that stopped at the end of the data stays there.
        while (_position < _data.Length && _data[_position] != 0xFF)
        {
            _position++;
        }

        while (_position + 1 < _data.Length && _data[_position + 1] == 0xFF)
        {
            _position++; // fill bytes before a marker
        }

        if (_position + 1 >= _data.Length)
        {
            _position = _data.Length;
            _stopped = true;
            return;
        }

        int marker = _data[_position + 1];
        if (marker is >= 0xD0 and <= 0xD7)
        {
            if (marker - 0xD0 != (expectedIndex & 7))
            {
                throw new ImageFormatException(_source, $"corrupt entropy-coded data: found RST{marker - 0xD0} where RST{expectedIndex & 7} was expected");
            }

            _position += 2;
            _stopped = false;
        }
        else
        {
            _stopped = true;
        }
    }

    private void Fill()
    {
        if (!_stopped && _position + 8 <= _data.Length)
        {
            // Fast path: eight bytes with no 0xFF among them can be taken as they are.
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(_data.Slice(_position, 8));
            ulong inverted = ~word;
            if (((inverted - 0x0101010101010101UL) & word & 0x8080808080808080UL) == 0)
            {
                int take = (64 - _count) >> 3;
                _bits |= word >> _count; // bits past the whole bytes taken are the same bits the next fill ORs in
                _count += take << 3;
                _position += take;
                return;
            }
        }

        while (_count <= 56)
        {
            int b = 0;
            if (!_stopped)
            {
                if (_position >= _data.Length)
                {
                    _stopped = true;
                }
                else if (_data[_position] != 0xFF)
                {
                    b = _data[_position++];
                }
                else if (_position + 1 < _data.Length && _data[_position + 1] == 0)
                {
                    b = 0xFF;
                    _position += 2;
                }
                else
                {
                    _stopped = true; // a marker: leave _position on it
                }
            }

            _bits |= (ulong)b << (56 - _count);
            _count += 8;
        }
    }
}
