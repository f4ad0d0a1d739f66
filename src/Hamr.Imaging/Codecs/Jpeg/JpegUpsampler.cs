using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <param name="scratch">At least component width + 2 shorts of working space.</param>
    public static ReadOnlySpan<byte> Row(JpegComponent component, int y, int hExpand, int vExpand, Span<byte> output, Span<short> scratch)
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
            FancyH2(near, output, scratch);
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
            FancyH2V2(near, far, output, scratch);
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
    /// <remarks>
    /// libjpeg's first and last outputs are in[0] and in[n-1]; they equal the general formulas applied to a row
    /// whose ends are repeated ((4a + 1) >> 2 = a), so padding the row by one sample each side removes the cases.
    /// </remarks>
    public static void FancyH2(ReadOnlySpan<byte> input, Span<byte> output, Span<short> scratch)
    {
        int n = input.Length;
        var padded = scratch[..(n + 2)];
        for (int x = 0; x < n; x++)
        {
            padded[x + 1] = input[x];
        }

        padded[0] = padded[1];
        padded[n + 1] = padded[n];
        Interpolate(padded, output[..(2 * n)], evenBias: 1, oddBias: 2, shift: 2);
    }

    /// <summary>2:1 both ways (libjpeg's h2v2 fancy upsampling): column sums 3·near + far, then 3:1 across.</summary>
    /// <remarks>As for <see cref="FancyH2"/>, libjpeg's edge columns equal the general formula on repeated ends.</remarks>
    public static void FancyH2V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> output, Span<short> scratch)
    {
        int n = near.Length;
        far = far[..n];
        var sums = scratch[..(n + 2)];
        int x = 0;
        if (Sse2.IsSupported)
        {
            var three = Vector128.Create((short)3);
            for (; x + 8 <= n; x += 8)
            {
                var a = Sse2.UnpackLow(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(near.Slice(x, 8))).AsByte(), Vector128<byte>.Zero).AsInt16();
                var b = Sse2.UnpackLow(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(far.Slice(x, 8))).AsByte(), Vector128<byte>.Zero).AsInt16();
                ((a * three) + b).CopyTo(sums.Slice(x + 1, 8));
            }
        }

        for (; x < n; x++)
        {
            sums[x + 1] = (short)((near[x] * 3) + far[x]);
        }

        sums[0] = sums[1];
        sums[n + 1] = sums[n];
        Interpolate(sums, output[..(2 * n)], evenBias: 8, oddBias: 7, shift: 4);
    }

    /// <summary>
    /// out[2i] = (3·p[i+1] + p[i] + evenBias) &gt;&gt; shift and out[2i+1] = (3·p[i+1] + p[i+2] + oddBias) &gt;&gt; shift for a
    /// row p padded by one sample each side: nearer sample weighted 3, further 1, biases alternating as libjpeg's.
    /// </summary>
    public static void Interpolate(ReadOnlySpan<short> padded, Span<byte> output, int evenBias, int oddBias, [ConstantExpected] byte shift)
    {
        int n = output.Length / 2;
        int i = 0;
        if (Sse2.IsSupported)
        {
            var three = Vector128.Create((short)3);
            var even = Vector128.Create((short)evenBias);
            var odd = Vector128.Create((short)oddBias);
            for (; i + 8 <= n; i += 8)
            {
                var previous = Vector128.Create(padded.Slice(i, 8));
                var current = Vector128.Create(padded.Slice(i + 1, 8)) * three;
                var next = Vector128.Create(padded.Slice(i + 2, 8));
                var left = Sse2.ShiftRightArithmetic(current + previous + even, shift);
                var right = Sse2.ShiftRightArithmetic(current + next + odd, shift);
                Sse2.PackUnsignedSaturate(Sse2.UnpackLow(left, right), Sse2.UnpackHigh(left, right)).CopyTo(output.Slice(2 * i, 16));
            }
        }

        for (; i < n; i++)
        {
            int current = padded[i + 1] * 3;
            output[2 * i] = (byte)((current + padded[i] + evenBias) >> shift);
            output[(2 * i) + 1] = (byte)((current + padded[i + 2] + oddBias) >> shift);
        }
    }
}
