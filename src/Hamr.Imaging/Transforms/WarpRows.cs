using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hamr.Imaging.Transforms;

public static partial class ImageTransforms
{
    /// <summary>
    /// The warp of a band of destination rows (a struct, so the parallel loop allocates nothing). The per-pixel
    /// loop is kept small (edge pixels go to a separate, non-inlined method) so its values stay in registers.
    /// </summary>
    private readonly struct WarpRows(Image source, Image destination, Affine2 inverse, Border border) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            Span<byte> fill = stackalloc byte[4];
            border.Fill(fill, source.Channels);
            for (int y = y0; y < y1; y++)
            {
                // Source position of destination pixel centre (x + 0.5, y + 0.5), in source index space (centres
                // at integers, hence − 0.5), as a row start plus x steps.
                double u0 = inverse.M00 * 0.5 + inverse.M01 * (y + 0.5) + inverse.M02 - 0.5;
                double v0 = inverse.M10 * 0.5 + inverse.M11 * (y + 0.5) + inverse.M12 - 0.5;
                if (source.Channels >= 3)
                {
                    RowRgb(destination.Row(y), u0, v0, fill);
                }
                else
                {
                    RowDouble(destination.Row(y), u0, v0, fill);
                }
            }
        }

        /// <summary>
        /// Rows of 3- or 4-channel images: interior pixels through <see cref="Bilinear4"/>. Positions step along the
        /// row in 32.32 fixed point (exact to 2^−32 pixel per step, so rounding to 1/256 matches the double
        /// computation), which avoids two float→int conversions per pixel; rows that reach absurdly far outside
        /// the source (beyond ±2^24 pixels) take the double-precision loop instead.
        /// </summary>
        private void RowRgb(Span<byte> dst, double u0, double v0, ReadOnlySpan<byte> fill)
        {
            int w = source.Width, h = source.Height, ch = source.Channels, stride = source.Stride;
            double du = inverse.M00, dv = inverse.M10, count = dst.Length / ch;
            const double Limit = 1 << 24, One = 4294967296.0; // 2^32
            if (!(Math.Max(Math.Abs(u0), Math.Abs(u0 + count * du)) < Limit && Math.Max(Math.Abs(v0), Math.Abs(v0 + count * dv)) < Limit))
            {
                RowDouble(dst, u0, v0, fill);
                return;
            }
            ReadOnlySpan<byte> src = source.Pixels;
            // The last top-left neighbour whose 8-byte loads of its row and the next stay inside the buffer.
            int lastFast = src.Length - stride - 8;
            // + 2^23: rounding to the nearest 1/256 becomes the arithmetic shift's floor.
            long x0 = (long)Math.Round(u0 * One) + (1L << 23), y0 = (long)Math.Round(v0 * One) + (1L << 23);
            long dx = (long)Math.Round(du * One), dy = (long)Math.Round(dv * One);
            long maxX = (long)(w - 1) << 32, maxY = (long)(h - 1) << 32, lowX = -(1L << 32), lowY = -(1L << 32);
            bool replicate = border.Mode == BorderMode.Replicate;
            for (int x = 0, o = 0; o < dst.Length; x++, o += ch)
            {
                long px = x0 + x * dx, py = y0 + x * dy;
                if (replicate)
                {
                    // Outside, both neighbours along an axis clamp to the edge: the same as clamping the position.
                    px = Math.Min(Math.Max(px, 1L << 23), maxX + (1L << 23));
                    py = Math.Min(Math.Max(py, 1L << 23), maxY + (1L << 23));
                }
                else if (!(px - (1L << 23) > lowX && px - (1L << 23) < maxX + (1L << 32) && py - (1L << 23) > lowY && py - (1L << 23) < maxY + (1L << 32)))
                {
                    fill[..ch].CopyTo(dst.Slice(o, ch));
                    continue;
                }
                int qx = (int)(px >> 24), qy = (int)(py >> 24);
                int ix = qx >> 8, iy = qy >> 8, fx = qx & 255, fy = qy & 255;
                int i0 = iy * stride + ix * ch;
                if ((uint)ix < (uint)(w - 1) && (uint)iy < (uint)(h - 1) && i0 <= lastFast)
                {
                    Bilinear4(src, i0, stride, ch, fx, fy, dst, o);
                }
                else
                {
                    EdgePixel(dst.Slice(o, ch), ix, iy, fx, fy, fill);
                }
            }
        }

        /// <summary>Any row, positions in double: the general loop (gray images, and rows far outside the source).</summary>
        private void RowDouble(Span<byte> dst, double u0, double v0, ReadOnlySpan<byte> fill)
        {
            ReadOnlySpan<byte> src = source.Pixels;
            int w = source.Width, h = source.Height, ch = source.Channels, stride = source.Stride;
            double du = inverse.M00, dv = inverse.M10, maxU = w - 1, maxV = h - 1;
            bool replicate = border.Mode == BorderMode.Replicate;
            for (int x = 0, o = 0; o < dst.Length; x++, o += ch)
            {
                double u = u0 + x * du, v = v0 + x * dv;
                if (replicate)
                {
                    u = Math.Min(Math.Max(u, 0), maxU);
                    v = Math.Min(Math.Max(v, 0), maxV);
                }
                else if (!(u > -1 && u < w && v > -1 && v < h))
                {
                    fill[..ch].CopyTo(dst.Slice(o, ch));
                    continue;
                }
                // u + 1 > 0 here, so truncation is floor; 8 fractional bits, rounded.
                int qx = (int)((u + 1) * 256 + 0.5), qy = (int)((v + 1) * 256 + 0.5);
                int ix = (qx >> 8) - 1, iy = (qy >> 8) - 1, fx = qx & 255, fy = qy & 255;
                if ((uint)ix < (uint)(w - 1) && (uint)iy < (uint)(h - 1))
                {
                    int i0 = iy * stride + ix * ch;
                    int a00 = (256 - fx) * (256 - fy), a01 = fx * (256 - fy), a10 = (256 - fx) * fy, a11 = fx * fy;
                    for (int c = 0; c < ch; c++)
                    {
                        dst[o + c] = (byte)((src[i0 + c] * a00 + src[i0 + ch + c] * a01 + src[i0 + stride + c] * a10 + src[i0 + stride + ch + c] * a11 + 32768) >> 16);
                    }
                }
                else
                {
                    EdgePixel(dst.Slice(o, ch), ix, iy, fx, fy, fill);
                }
            }
        }

        /// <summary>
        /// One RGB(A) pixel with all four neighbours inside: one 8-byte load per source row holds both neighbours
        /// (for RGB, two bytes beyond them, ignored); each neighbour's channels go to the int lanes of a vector.
        /// Interpolates along x, then y, in 8.8 fixed point: exactly the edge path's
        /// (w00·p00 + w01·p01 + w10·p10 + w11·p11 + 2^15) >> 16.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Bilinear4(ReadOnlySpan<byte> src, int i0, int stride, int ch, int fx, int fy, Span<byte> dst, int o)
        {
            ulong topPair = MemoryMarshal.Read<ulong>(src[i0..]), bottomPair = MemoryMarshal.Read<ulong>(src[(i0 + stride)..]);
            int shift = 8 * ch;
            // a·(256 − f) + b·f = 256·a + (b − a)·f: one multiply per interpolation, same integers.
            Vector128<int> p00 = Lanes((uint)topPair), p10 = Lanes((uint)bottomPair);
            Vector128<int> wx = Vector128.Create(fx);
            Vector128<int> top = (p00 << 8) + (Lanes((uint)(topPair >> shift)) - p00) * wx;
            Vector128<int> bottom = (p10 << 8) + (Lanes((uint)(bottomPair >> shift)) - p10) * wx;
            Vector128<int> value = ((top << 8) + (bottom - top) * Vector128.Create(fy) + Vector128.Create(32768)) >>> 16;
            // The low byte of each int lane, packed into the low 4 bytes.
            uint packed = Vector128.Shuffle(value.AsByte(), Vector128.Create((byte)0, 4, 8, 12, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)).AsUInt32().ToScalar();
            if (o + 4 <= dst.Length)
            {
                // For RGB this also writes the next pixel's first byte, which that pixel then overwrites.
                MemoryMarshal.Write(dst[o..], in packed);
                return;
            }
            for (int c = 0; c < ch; c++)
            {
                dst[o + c] = (byte)(packed >> (8 * c));
            }
        }

        /// <summary>The 4 bytes of <paramref name="pixel"/> as the int lanes of a vector.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> Lanes(uint pixel) =>
            Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(pixel).AsByte())).AsInt32();

        /// <summary>A pixel some of whose neighbours are outside (or, replicating, past the last row/column with weight 0).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void EdgePixel(Span<byte> dst, int ix, int iy, int fx, int fy, ReadOnlySpan<byte> fill)
        {
            int w00 = (256 - fx) * (256 - fy), w01 = fx * (256 - fy), w10 = (256 - fx) * fy, w11 = fx * fy;
            for (int c = 0; c < dst.Length; c++)
            {
                int acc = Tap(ix, iy, c, fill) * w00 + Tap(ix + 1, iy, c, fill) * w01 + Tap(ix, iy + 1, c, fill) * w10 + Tap(ix + 1, iy + 1, c, fill) * w11;
                dst[c] = (byte)((acc + 32768) >> 16);
            }
        }

        private int Tap(int x, int y, int c, ReadOnlySpan<byte> fill)
        {
            int w = source.Width, h = source.Height;
            if ((uint)x < (uint)w && (uint)y < (uint)h)
            {
                return source.Pixels[(y * w + x) * source.Channels + c];
            }
            if (border.Mode == BorderMode.Replicate)
            {
                return source.Pixels[(Math.Clamp(y, 0, h - 1) * w + Math.Clamp(x, 0, w - 1)) * source.Channels + c];
            }
            return fill[c];
        }
    }
}
