using System.Buffers;

namespace Hamr.Imaging.Transforms;

public static partial class ImageTransforms
{
    /// <summary>
    /// Shrinks by whole factors (source sides multiples of the destination's) as exact integer block means,
    /// rounded half up: for 2×2, (a + b + c + d + 2) / 4. False when the factors are not whole (or too large).
    /// </summary>
    private static bool TryResizeIntegerArea(Image source, Image destination)
    {
        if (source.Width % destination.Width != 0 || source.Height % destination.Height != 0)
        {
            return false;
        }
        int kx = source.Width / destination.Width, ky = source.Height / destination.Height;
        if ((long)kx * ky > 4096)
        {
            return false; // the reciprocal trick below is exact for blocks of up to 4096 pixels
        }
        if (kx * ky == 1)
        {
            source.Pixels.CopyTo(destination.Pixels, 0);
            return true;
        }
        long pixels = (long)source.Width * source.Height;
        switch (source.Channels)
        {
            case 1:
                RunBands(destination.Height, pixels, new IntegerAreaRows<C1>(source, destination, kx, ky));
                break;
            case 2:
                RunBands(destination.Height, pixels, new IntegerAreaRows<C2>(source, destination, kx, ky));
                break;
            case 3:
                RunBands(destination.Height, pixels, new IntegerAreaRows<C3>(source, destination, kx, ky));
                break;
            default:
                RunBands(destination.Height, pixels, new IntegerAreaRows<C4>(source, destination, kx, ky));
                break;
        }
        return true;
    }

    /// <summary>A channel count known when the JIT specialises a generic kernel, so per-channel loops unroll.</summary>
    private interface IChannelCount
    {
        static abstract int Count { get; }
    }

    private readonly struct C1 : IChannelCount
    {
        public static int Count => 1;
    }

    private readonly struct C2 : IChannelCount
    {
        public static int Count => 2;
    }

    private readonly struct C3 : IChannelCount
    {
        public static int Count => 3;
    }

    private readonly struct C4 : IChannelCount
    {
        public static int Count => 4;
    }

    /// <summary>Destination rows of a whole-factor shrink: 2×2 directly, other factors through an integer row of block sums.</summary>
    private readonly struct IntegerAreaRows<TChannels>(Image source, Image destination, int kx, int ky) : IRowsBody
        where TChannels : struct, IChannelCount
    {
        public void Rows(int y0, int y1)
        {
            int ch = TChannels.Count;
            if (kx == 2 && ky == 2)
            {
                for (int y = y0; y < y1; y++)
                {
                    ReadOnlySpan<byte> top = source.Row(2 * y), bottom = source.Row(2 * y + 1);
                    Span<byte> dst = destination.Row(y);
                    for (int o = 0, i = 0; o < dst.Length; o += ch, i += 2 * ch)
                    {
                        ReadOnlySpan<byte> t = top.Slice(i, 2 * ch), b = bottom.Slice(i, 2 * ch);
                        Span<byte> d = dst.Slice(o, ch);
                        for (int c = 0; c < ch; c++)
                        {
                            d[c] = (byte)((t[c] + t[c + ch] + b[c] + b[c + ch] + 2) >> 2);
                        }
                    }
                }
                return;
            }
            int area = kx * ky;
            // floor(n / area) = (n · ceil(2^32 / area)) >> 32 for the n that occur here (n < 256·area, area ≤ 4096).
            ulong reciprocal = ((1UL << 32) + (ulong)area - 1) / (ulong)area;
            int[] sums = ArrayPool<int>.Shared.Rent(destination.Stride);
            try
            {
                Span<int> acc = sums.AsSpan(0, destination.Stride);
                for (int y = y0; y < y1; y++)
                {
                    acc.Clear();
                    for (int r = 0; r < ky; r++)
                    {
                        ReadOnlySpan<byte> src = source.Row(y * ky + r);
                        for (int o = 0, i = 0; o < acc.Length; o += ch, i += kx * ch)
                        {
                            ReadOnlySpan<byte> block = src.Slice(i, kx * ch);
                            Span<int> a = acc.Slice(o, ch);
                            for (int j = 0; j < block.Length; j += ch)
                            {
                                for (int c = 0; c < ch; c++)
                                {
                                    a[c] += block[j + c];
                                }
                            }
                        }
                    }
                    Span<byte> dst = destination.Row(y);
                    for (int j = 0; j < dst.Length; j++)
                    {
                        dst[j] = (byte)(((ulong)(acc[j] + area / 2) * reciprocal) >> 32);
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(sums);
            }
        }
    }
}
