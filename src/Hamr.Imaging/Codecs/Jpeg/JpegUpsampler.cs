namespace Hamr.Imaging.Codecs;

/// <summary>
/// Brings one row of a subsampled component up to full resolution the way libjpeg does by default ("fancy"
/// upsampling): a triangle filter for 2:1 ratios — output samples at 1/4 and 3/4 between input centres, 3:1
/// weights, with the 0.5 roundings alternating up and down — and plain replication for other integral ratios
/// and for components only 1–2 samples wide. Rows above the top and below the bottom repeat the edge rows; the
/// first and last columns have their own formulas, so the block padding past the component's width is never read.
/// </summary>
internal static class JpegUpsampler
{
    /// <summary>
    /// Writes full-resolution row <paramref name="y"/> of <paramref name="component"/> into
    /// <paramref name="output"/> (at least hExpand · component width long) and returns it, or returns the plane row
    /// itself when the component is not subsampled.
    /// </summary>
    public static ReadOnlySpan<byte> Row(JpegComponent component, int y, int hExpand, int vExpand, Span<byte> output)
    {
        var plane = component.Plane;
        int stride = component.Stride, width = component.Width;
        if (hExpand == 1 && vExpand == 1)
        {
            return plane.AsSpan(y * stride, width);
        }

        int row = y / vExpand;
        var near = plane.AsSpan(row * stride, width);
        if (hExpand == 2 && vExpand == 1 && width > 2)
        {
            FancyH2(near, output);
        }
        else if (hExpand == 1 && vExpand == 2)
        {
            // 4:4:0: vertical triangle only; libjpeg applies it at every width.
            var far = plane.AsSpan(Neighbour(component, y, row) * stride, width);
            int bias = (y & 1) == 0 ? 1 : 2;
            for (int x = 0; x < width; x++)
            {
                output[x] = (byte)(((near[x] * 3) + far[x] + bias) >> 2);
            }
        }
        else if (hExpand == 2 && vExpand == 2 && width > 2)
        {
            var far = plane.AsSpan(Neighbour(component, y, row) * stride, width);
            FancyH2V2(near, far, output);
        }
        else
        {
            for (int x = 0, o = 0; x < width; x++)
            {
                output.Slice(o, hExpand).Fill(near[x]);
                o += hExpand;
            }
        }

        return output;
    }

    /// <summary>The second-nearest input row for output row y: the one above for even y, below for odd y.</summary>
    private static int Neighbour(JpegComponent component, int y, int row) =>
        Math.Clamp((y & 1) == 0 ? row - 1 : row + 1, 0, component.Height - 1);

    /// <summary>Horizontal 2:1 triangle filter (libjpeg's h2v1 fancy upsampling); input at least 3 wide.</summary>
    public static void FancyH2(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int n = input.Length;
        output[0] = input[0];
        output[1] = (byte)(((input[0] * 3) + input[1] + 2) >> 2);
        for (int x = 1; x < n - 1; x++)
        {
            int centre = input[x] * 3;
            output[2 * x] = (byte)((centre + input[x - 1] + 1) >> 2);
            output[(2 * x) + 1] = (byte)((centre + input[x + 1] + 2) >> 2);
        }

        output[(2 * n) - 2] = (byte)(((input[n - 1] * 3) + input[n - 2] + 1) >> 2);
        output[(2 * n) - 1] = input[n - 1];
    }

    /// <summary>2:1 both ways (libjpeg's h2v2 fancy upsampling): column sums 3·near + far, then 3:1 across.</summary>
    public static void FancyH2V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> output)
    {
        int n = near.Length;
        int current = (near[0] * 3) + far[0];
        int next = (near[1] * 3) + far[1];
        output[0] = (byte)(((current * 4) + 8) >> 4);
        output[1] = (byte)(((current * 3) + next + 7) >> 4);
        int previous = current;
        current = next;
        for (int x = 1; x < n - 1; x++)
        {
            next = (near[x + 1] * 3) + far[x + 1];
            output[2 * x] = (byte)(((current * 3) + previous + 8) >> 4);
            output[(2 * x) + 1] = (byte)(((current * 3) + next + 7) >> 4);
            previous = current;
            current = next;
        }

        output[(2 * n) - 2] = (byte)(((current * 3) + previous + 8) >> 4);
        output[(2 * n) - 1] = (byte)(((current * 4) + 7) >> 4);
    }
}
