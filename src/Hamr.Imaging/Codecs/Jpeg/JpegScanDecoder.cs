using System.Runtime.CompilerServices;

namespace Hamr.Imaging.Codecs;

/// <summary>What one scan codes (B.2.3): its components and, for progressive frames, the spectral band and bit.</summary>
internal sealed record JpegScan(JpegComponent[] Components, int SpectralStart, int SpectralEnd, int BitHigh, int BitLow);

/// <summary>
/// Decodes the entropy-coded data of one scan (Annex F for sequential, G.1.2 for progressive Huffman): walks the
/// MCUs in order, handles restart intervals, and either transforms each sequential block into its component's
/// plane at once or refines the stored coefficients of a progressive frame.
/// </summary>
internal static class JpegScanDecoder
{
    /// <summary>Zig-zag index → natural index, with 16 extra entries so corrupt runs past 63 stay in the block.</summary>
    public static ReadOnlySpan<byte> NaturalOrder =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    ];

    private enum Mode
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }

    /// <summary>Decodes one scan starting at <paramref name="position"/>; returns where its data stopped.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int position, JpegScan scan, bool progressive, int mcusPerLine, int mcusPerColumn, int restartInterval, string source)
    {
        var reader = new JpegBitReader(data, position, source);
        Mode mode = !progressive ? Mode.Sequential
            : scan.SpectralStart == 0 ? (scan.BitHigh == 0 ? Mode.DcFirst : Mode.DcRefine)
            : (scan.BitHigh == 0 ? Mode.AcFirst : Mode.AcRefine);
        foreach (var component in scan.Components)
        {
            component.DcPredictor = 0;
        }

        Span<short> block = stackalloc short[64];
        block.Clear();
        int eobRun = 0, restarts = 0;
        bool single = scan.Components.Length == 1;
        var first = scan.Components[0];
        long mcuCount = single ? (long)first.BlocksPerLine * first.BlocksPerColumn : (long)mcusPerLine * mcusPerColumn;
        int lineWidth = single ? first.BlocksPerLine : mcusPerLine;
        for (long mcu = 0; mcu < mcuCount; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                reader.Restart(restarts++);
                eobRun = 0;
                foreach (var component in scan.Components)
                {
                    component.DcPredictor = 0;
                }
            }

            int mcuX = (int)(mcu % lineWidth), mcuY = (int)(mcu / lineWidth);
            if (single)
            {
                DecodeBlock(ref reader, mode, scan, first, mcuX, mcuY, block, ref eobRun);
                continue;
            }

            foreach (var component in scan.Components)
            {
                for (int v = 0; v < component.V; v++)
                {
                    for (int h = 0; h < component.H; h++)
                    {
                        DecodeBlock(ref reader, mode, scan, component, (mcuX * component.H) + h, (mcuY * component.V) + v, block, ref eobRun);
                    }
                }
            }
        }

        return reader.Position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodeBlock(ref JpegBitReader reader, Mode mode, JpegScan scan, JpegComponent component, int bx, int by, scoped Span<short> block, ref int eobRun)
    {
        if (mode == Mode.Sequential)
        {
            int predictor = component.DcPredictor;
            bool hasAc = reader.DecodeSequentialBlock(component.DcTable!, component.AcTable!, ref predictor, block);
            component.DcPredictor = predictor;
            if (bx < component.BlocksPerLine && by < component.BlocksPerColumn)
            {
                // Padding blocks of interleaved MCUs are decoded (to stay in step) but never shown.
                int stride = component.Stride;
                JpegIdct.Transform(block, component.Quant!, component.Plane.AsSpan((by * 8 * stride) + (bx * 8)), stride, dcOnly: !hasAc);
            }

            block.Clear();
            return;
        }

        var coefficients = component.Coefficients.AsSpan((int)(((long)by * component.PlaneBlocksPerLine + bx) * 64), 64);
        switch (mode)
        {
            case Mode.DcFirst:
                component.DcPredictor += reader.ReceiveExtend(reader.Decode(component.DcTable!));
                coefficients[0] = (short)(component.DcPredictor << scan.BitLow);
                break;
            case Mode.DcRefine:
                if (reader.Bit() != 0)
                {
                    coefficients[0] |= (short)(1 << scan.BitLow);
                }

                break;
            case Mode.AcFirst:
                reader.DecodeAcFirst(component.AcTable!, scan.SpectralStart, scan.SpectralEnd, scan.BitLow, coefficients, ref eobRun);
                break;
            default:
                JpegRefinement.DecodeAcRefine(ref reader, component.AcTable!, scan, coefficients, ref eobRun);
                break;
        }
    }
}
