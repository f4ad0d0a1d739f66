namespace Hamr.Imaging.Codecs;

/// <summary>
/// Successive-approximation refinement of AC coefficients (G.1.2.3): each scan adds one bit of precision. Codes
/// place new ±1 coefficients after a run of still-zero ones, and every coefficient that is already non-zero on
/// the way receives a correction bit.
/// </summary>
internal static class JpegRefinement
{
    public static void DecodeAcRefine(ref JpegBitReader reader, JpegHuffmanTable ac, JpegScan scan, Span<short> coefficients, ref int eobRun)
    {
        ReadOnlySpan<byte> natural = JpegScanDecoder.NaturalOrder;
        int plus = 1 << scan.BitLow, minus = -1 << scan.BitLow;
        int k = scan.SpectralStart, end = scan.SpectralEnd;
        if (eobRun == 0)
        {
            for (; k <= end; k++)
            {
                int rs = reader.Decode(ac);
                int run = rs >> 4, size = rs & 15;
                int value = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        throw new ImageFormatException(reader.Source, $"corrupt progressive refinement: coefficient size {size} where only 1 is allowed");
                    }

                    value = reader.Bit() != 0 ? plus : minus;
                }
                else if (run != 15)
                {
                    eobRun = 1 << run;
                    if (run > 0)
                    {
                        eobRun += reader.Bits(run);
                    }

                    break; // the rest of this block is handled as the first block of the run, below
                }

                // Skip `run` zero-history coefficients (refining the non-zero ones passed), then place the new one.
                while (k <= end)
                {
                    ref short coefficient = ref coefficients[natural[k]];
                    if (coefficient != 0)
                    {
                        Correct(ref reader, ref coefficient, plus, minus);
                    }
                    else if (--run < 0)
                    {
                        break;
                    }

                    k++;
                }

                if (value != 0)
                {
                    coefficients[natural[k]] = (short)value;
                }
            }
        }

        if (eobRun > 0)
        {
            // Inside an end-of-band run: only correction bits for coefficients that are already non-zero.
            for (; k <= end; k++)
            {
                ref short coefficient = ref coefficients[natural[k]];
                if (coefficient != 0)
                {
                    Correct(ref reader, ref coefficient, plus, minus);
                }
            }

            eobRun--;
        }
    }

    private static void Correct(ref JpegBitReader reader, ref short coefficient, int plus, int minus)
    {
        if (reader.Bit() != 0 && (coefficient & plus) == 0)
        {
            coefficient = (short)(coefficient + (coefficient >= 0 ? plus : minus));
        }
    }
}
