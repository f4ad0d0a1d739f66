namespace Hamr.Imaging.Codecs;

/// <summary>
/// The encoder's 8×8 forward DCT (A.3.3) as two separable matrix products in single precision, followed by
/// quantisation with rounding to nearest. Accuracy matters more than speed here: outputs are saved once.
/// </summary>
internal static class JpegForwardDct
{
    /// <summary>Basis[u·8 + x] = C(u)/2 · cos((2x+1)uπ/16), C(0) = 1/√2, else 1.</summary>
    private static readonly float[] Basis = BuildBasis();

    /// <summary>
    /// Transforms 64 level-shifted samples (row-major, value − 128) and writes quantised coefficients in natural
    /// order: round(F(v,u) / Q[v,u]).
    /// </summary>
    public static void TransformQuantize(ReadOnlySpan<float> samples, ReadOnlySpan<byte> quant, Span<short> output)
    {
        Span<float> rows = stackalloc float[64];
        var basis = Basis.AsSpan();
        // Rows: rows[y, u] = Σx basis[u, x] · s[y, x]
        for (int y = 0; y < 8; y++)
        {
            var s = samples.Slice(y * 8, 8);
            for (int u = 0; u < 8; u++)
            {
                var b = basis.Slice(u * 8, 8);
                float sum = 0;
                for (int x = 0; x < 8; x++)
                {
                    sum += b[x] * s[x];
                }

                rows[(y * 8) + u] = sum;
            }
        }

        // Columns: F[v, u] = Σy basis[v, y] · rows[y, u]
        for (int v = 0; v < 8; v++)
        {
            var b = basis.Slice(v * 8, 8);
            for (int u = 0; u < 8; u++)
            {
                float sum = 0;
                for (int y = 0; y < 8; y++)
                {
                    sum += b[y] * rows[(y * 8) + u];
                }

                output[(v * 8) + u] = (short)MathF.Round(sum / quant[(v * 8) + u], MidpointRounding.AwayFromZero);
            }
        }
    }

    private static float[] BuildBasis()
    {
        var basis = new float[64];
        for (int u = 0; u < 8; u++)
        {
            double c = u == 0 ? Math.Sqrt(0.5) : 1.0;
            for (int x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = (float)(c / 2 * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return basis;
    }
}
