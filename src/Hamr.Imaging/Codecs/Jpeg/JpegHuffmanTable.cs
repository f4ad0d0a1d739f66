namespace Hamr.Imaging.Codecs;

/// <summary>
/// A Huffman decoding table built from a DHT segment (ITU T.81 Annex C and F.2.2.3): canonical codes, a
/// 9-bit lookahead table that resolves the common short codes in one step, and the MAXCODE/VALPTR arrays of the
/// spec for the rest.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Codes up to this many bits are decoded with one table lookup.</summary>
    public const int LookaheadBits = 9;

    /// <summary>Lookahead entry for the next 9 bits: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    public readonly ushort[] Lookahead = new ushort[1 << LookaheadBits];

    /// <summary>
    /// For AC tables: the next 9 bits resolved to a whole coefficient when the code and its magnitude bits fit:
    /// (value &lt;&lt; 16) | (run &lt;&lt; 8) | total bits, or 0 when they do not (then the two-step path is used).
    /// </summary>
    public readonly int[] FastAc = new int[1 << LookaheadBits];

    /// <summary>Largest code of each length 1..16 (-1 when there is none); index 17 is a sentinel.</summary>
    private readonly int[] _maxCode = new int[18];

    /// <summary>Symbol index minus the first code, per length.</summary>
    private readonly int[] _valueOffset = new int[17];

    private readonly byte[] _values = new byte[256];

    private JpegHuffmanTable()
    {
    }

    /// <summary>Decodes the symbol of a code longer than <see cref="LookaheadBits"/>; <paramref name="code16"/> is
    /// the next 16 bits. Returns (length &lt;&lt; 8) | symbol, or -1 for a code the table does not hold.</summary>
    public int DecodeLong(int code16)
    {
        for (int length = LookaheadBits + 1; length <= 16; length++)
        {
            int code = code16 >> (16 - length);
            if (code <= _maxCode[length])
            {
                return (length << 8) | _values[code + _valueOffset[length]];
            }
        }

        return -1;
    }

    /// <summary>Builds a table from the 16 code-length counts and the symbols of a DHT entry.</summary>
    /// <param name="isDc">DC tables may only hold magnitude categories 0..15 (checked here, once).</param>
    public static JpegHuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, bool isDc, string source)
    {
        var table = new JpegHuffmanTable();
        symbols.CopyTo(table._values);
        if (isDc)
        {
            foreach (byte s in symbols)
            {
                if (s > 15)
                {
                    throw new ImageFormatException(source, $"bad DC Huffman table: symbol {s} is not a magnitude category 0..15");
                }
            }
        }

        // Canonical code assignment (C.2): codes of each length follow the previous length's last code, shifted.
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            table._valueOffset[length] = k - code;
            if (n == 0)
            {
                table._maxCode[length] = -1;
            }
            else
            {
                if (code + n > (1 << length))
                {
                    throw new ImageFormatException(source, "bad Huffman table: more codes than fit their lengths");
                }

                for (int i = 0; i < n; i++, k++, code++)
                {
                    if (length <= LookaheadBits)
                    {
                        int shift = LookaheadBits - length;
                        int first = code << shift;
                        ushort entry = (ushort)((length << 8) | symbols[k]);
                        table.Lookahead.AsSpan(first, 1 << shift).Fill(entry);
                    }
                }

                table._maxCode[length] = code - 1;
            }

            code <<= 1;
        }

        table._maxCode[17] = int.MaxValue;
        if (!isDc)
        {
            table.BuildFastAc();
        }

        return table;
    }

    /// <summary>Pre-decodes (run, size, magnitude bits) for every 9-bit prefix whose code and bits both fit.</summary>
    private void BuildFastAc()
    {
        for (int bits = 0; bits < Lookahead.Length; bits++)
        {
            int entry = Lookahead[bits];
            if (entry == 0)
            {
                continue;
            }

            int length = entry >> 8, symbol = entry & 0xFF;
            int run = symbol >> 4, size = symbol & 15;
            if (size == 0 || length + size > LookaheadBits)
            {
                continue; // EOB/ZRL or bits that spill past the lookahead: the general path handles them
            }

            int magnitude = (bits >> (LookaheadBits - length - size)) & ((1 << size) - 1);
            int value = JpegBitReader.Extend(magnitude, size);
            FastAc[bits] = (value << 16) | (run << 8) | (length + size);
        }
    }
}
