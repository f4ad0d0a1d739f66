namespace Hamr.Imaging.Codecs;

/// <summary>
/// The five PNG row filters (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth): each predicts a byte from the byte one pixel
/// to the left (a), the one above (b) and the one above-left (c); rows store the byte minus the prediction.
/// </summary>
internal static class PngFilters
{
    public const int Count = 5;

    /// <summary>Undoes filter <paramref name="type"/> in place; false for a filter type PNG does not define.</summary>
    public static bool TryUnfilter(int type, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        switch (type)
        {
            case 0:
                return true;
            case 1:
                for (int i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                return true;
            case 2:
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += prior[i];
                }

                return true;
            case 3:
                for (int i = 0; i < bpp; i++)
                {
                    row[i] += (byte)(prior[i] >> 1);
                }

                for (int i = bpp; i < row.Length; i++)
                {
                    row[i] += (byte)((row[i - bpp] + prior[i]) >> 1);
                }

                return true;
            case 4:
                for (int i = 0; i < bpp; i++)
                {
                    row[i] += prior[i]; // a = c = 0, so Paeth picks b
                }

                for (int i = bpp; i < row.Length; i++)
                {
                    row[i] += Paeth(row[i - bpp], prior[i], prior[i - bpp]);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        switch (type)
        {
            case 0:
                row.CopyTo(output);
                break;
            case 1:
                row[..bpp].CopyTo(output);
                for (int i = bpp; i < row.Length; i++)
                {
                    output[i] = (byte)(row[i] - row[i - bpp]);
                }

                break;
            case 2:
                for (int i = 0; i < row.Length; i++)
                {
                    output[i] = (byte)(row[i] - prior[i]);
                }

                break;
            case 3:
                for (int i = 0; i < bpp; i++)
                {
                    output[i] = (byte)(row[i] - (prior[i] >> 1));
                }

                for (int i = bpp; i < row.Length; i++)
                {
                    output[i] = (byte)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
                }

                break;
            case 4:
                for (int i = 0; i < bpp; i++)
                {
                    output[i] = (byte)(row[i] - prior[i]);
                }

                for (int i = bpp; i < row.Length; i++)
                {
                    output[i] = (byte)(row[i] - Paeth(row[i - bpp], prior[i], prior[i - bpp]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "PNG filter types are 0..4");
        }
    }

    /// <summary>
    /// Filters a row with the type whose output has the smallest sum of absolute values (bytes read as signed),
    /// the heuristic the PNG specification recommends; writes the type byte then the filtered bytes.
    /// </summary>
    public static void FilterAdaptive(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output, Span<byte> scratch)
    {
        long best = long.MaxValue;
        for (int type = 0; type < Count; type++)
        {
            var candidate = scratch[..row.Length];
            Filter(type, row, prior, bpp, candidate);
            long score = SumAbs(candidate, best);
            if (score < best)
            {
                best = score;
                output[0] = (byte)type;
                candidate.CopyTo(output[1..]);
            }
        }
    }

    /// <summary>Σ|(sbyte)b|, stopping early once it reaches <paramref name="limit"/> (the best so far).</summary>
    internal static long SumAbs(ReadOnlySpan<byte> bytes, long limit)
    {
        long sum = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            int b = bytes[i];
            sum += b < 128 ? b : 256 - b;
            if ((i & 255) == 255 && sum >= limit)
            {
                return sum;
            }
        }

        return sum;
    }

    /// <summary>The Paeth predictor: whichever of a, b, c is closest to a + b − c (ties prefer a, then b).</summary>
    internal static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
