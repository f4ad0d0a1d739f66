using Hamr.Tensors.Kernels;

namespace Hamr.Imaging.Transforms;

/// <summary>Image transforms: warps, crops, resizing, flips, blur and noise; outputs into new or caller-provided images.</summary>
public static partial class ImageTransforms
{
    /// <summary>Outputs at least this many pixels are split into row bands over the cores.</summary>
    internal const int ParallelPixels = 256 * 256;

    /// <summary>
    /// A new <paramref name="width"/>×<paramref name="height"/> image holding <paramref name="source"/> warped by
    /// <paramref name="sourceToDestination"/>; see <see cref="WarpAffine(Image, Affine2, Image, Border)"/>.
    /// </summary>
    public static Image WarpAffine(Image source, Affine2 sourceToDestination, int width, int height, Border border)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Image(width, height, source.Channels);
        WarpAffine(source, sourceToDestination, destination, border);
        return destination;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with <paramref name="source"/> warped by <paramref name="sourceToDestination"/>
    /// (continuous pixel coordinates, pixel centres at integer + 0.5: see <see cref="Affine2"/>). Inverse mapping: the
    /// centre of each destination pixel is mapped back into the source and sampled bilinearly between the four nearest
    /// source pixel centres, so a keypoint mapped with the same affine lands exactly where its pixel went. The sample
    /// position is rounded to 1/256 pixel and the weights are 8.8 fixed point (exact rounding of the weighted sum);
    /// outside the source the <paramref name="border"/> rule applies. Allocates nothing; large outputs use all cores.
    /// </summary>
    public static void WarpAffine(Image source, Affine2 sourceToDestination, Image destination, Border border)
    {
        CheckPair(source, destination);
        var m = sourceToDestination;
        if (!double.IsFinite(m.M00) || !double.IsFinite(m.M01) || !double.IsFinite(m.M02) || !double.IsFinite(m.M10) || !double.IsFinite(m.M11) || !double.IsFinite(m.M12))
        {
            throw new ArgumentException($"affine map {m} has non-finite entries", nameof(sourceToDestination));
        }
        RunBands(destination.Height, (long)destination.Width * destination.Height, new WarpRows(source, destination, sourceToDestination.Inverse, border));
    }

    /// <summary>Throws unless both images exist, differ, and have the same channel count.</summary>
    internal static void CheckPair(Image source, Image destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (ReferenceEquals(source, destination) || ReferenceEquals(source.Pixels, destination.Pixels))
        {
            throw new ArgumentException("source and destination must be different images (this transform does not work in place)", nameof(destination));
        }
        if (source.Channels != destination.Channels)
        {
            throw new ArgumentException($"destination has {destination.Channels} channels, source {source.Channels}", nameof(destination));
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> over rows [0, rows): inline when the work (<paramref name="pixels"/>) is small,
    /// otherwise in bands of rows over the cores (about 16 bands, at least 8 rows each).
    /// </summary>
    internal static void RunBands<TBody>(int rows, long pixels, TBody body) where TBody : struct, IRowsBody
    {
        if (pixels < ParallelPixels || rows < 16)
        {
            body.Rows(0, rows);
            return;
        }
        int bandRows = Math.Max(8, rows / 16);
        ParallelFor.Run((rows + bandRows - 1) / bandRows, new Bands<TBody>(body, rows, bandRows));
    }

    /// <summary>A loop body that fills rows [y0, y1) of its output (a struct, so parallel loops allocate nothing).</summary>
    internal interface IRowsBody
    {
        void Rows(int y0, int y1);
    }

    /// <summary>Band i of a <see cref="RunBands"/> loop: rows [i·bandRows, (i + 1)·bandRows).</summary>
    private readonly struct Bands<TBody>(TBody body, int rows, int bandRows) : IParallelBody where TBody : struct, IRowsBody
    {
        public void Invoke(int index) => body.Rows(index * bandRows, Math.Min(rows, (index + 1) * bandRows));
    }

    /// <summary>The warp of a band of destination rows (a struct, so the parallel loop allocates nothing).</summary>
    private readonly struct WarpRows(Image source, Image destination, Affine2 inverse, Border border) : IRowsBody
    {
        public void Rows(int y0, int y1)
        {
            Span<byte> fill = stackalloc byte[4];
            border.Fill(fill, source.Channels);
            for (int y = y0; y < y1; y++)
            {
                Row(y, fill);
            }
        }

        private void Row(int y, ReadOnlySpan<byte> fill)
        {
            int w = source.Width, h = source.Height, ch = source.Channels, stride = source.Stride;
            ReadOnlySpan<byte> src = source.Pixels;
            Span<byte> dst = destination.Row(y);
            bool replicate = border.Mode == BorderMode.Replicate;
            // Source position of destination pixel centre (x + 0.5, y + 0.5), in source index space (centres at
            // integers, hence − 0.5), as a row start plus x steps.
            double du = inverse.M00, dv = inverse.M10;
            double u0 = inverse.M00 * 0.5 + inverse.M01 * (y + 0.5) + inverse.M02 - 0.5;
            double v0 = inverse.M10 * 0.5 + inverse.M11 * (y + 0.5) + inverse.M12 - 0.5;
            for (int x = 0, o = 0; o < dst.Length; x++, o += ch)
            {
                double u = u0 + x * du, v = v0 + x * dv;
                if (replicate)
                {
                    // Outside, both neighbours along an axis clamp to the edge: the same as clamping the position.
                    u = Math.Clamp(u, 0, w - 1);
                    v = Math.Clamp(v, 0, h - 1);
                }
                else if (!(u > -1 && u < w && v > -1 && v < h))
                {
                    fill[..ch].CopyTo(dst.Slice(o, ch));
                    continue;
                }
                // u + 1 > 0 here, so truncation is floor; 8 fractional bits.
                int qx = (int)((u + 1) * 256 + 0.5), qy = (int)((v + 1) * 256 + 0.5);
                int ix = (qx >> 8) - 1, iy = (qy >> 8) - 1, fx = qx & 255, fy = qy & 255;
                int w00 = (256 - fx) * (256 - fy), w01 = fx * (256 - fy), w10 = (256 - fx) * fy, w11 = fx * fy;
                if ((uint)ix < (uint)(w - 1) && (uint)iy < (uint)(h - 1))
                {
                    int i0 = iy * stride + ix * ch;
                    var top = src.Slice(i0, 2 * ch);
                    var bottom = src.Slice(i0 + stride, 2 * ch);
                    var d = dst.Slice(o, ch);
                    for (int c = 0; c < d.Length; c++)
                    {
                        d[c] = (byte)((top[c] * w00 + top[c + ch] * w01 + bottom[c] * w10 + bottom[c + ch] * w11 + 32768) >> 16);
                    }
                    continue;
                }
                // Edge: some neighbours are outside (or, replicating, past the last row/column with weight 0).
                for (int c = 0; c < ch; c++)
                {
                    int acc = Tap(src, ix, iy, c, fill) * w00 + Tap(src, ix + 1, iy, c, fill) * w01
                        + Tap(src, ix, iy + 1, c, fill) * w10 + Tap(src, ix + 1, iy + 1, c, fill) * w11;
                    dst[o + c] = (byte)((acc + 32768) >> 16);
                }
            }
        }

        private int Tap(ReadOnlySpan<byte> src, int x, int y, int c, ReadOnlySpan<byte> fill)
        {
            int w = source.Width, h = source.Height;
            if ((uint)x < (uint)w && (uint)y < (uint)h)
            {
                return src[(y * w + x) * source.Channels + c];
            }
            if (border.Mode == BorderMode.Replicate)
            {
                return src[(Math.Clamp(y, 0, h - 1) * w + Math.Clamp(x, 0, w - 1)) * source.Channels + c];
            }
            return fill[c];
        }
    }
}
