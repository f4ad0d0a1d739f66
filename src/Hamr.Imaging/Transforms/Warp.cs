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
}
