using Hamr.HandModel;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Preallocated training tensors for B synthetic samples, filled in place by <see cref="SyntheticBatchSource.Fill"/>.
/// Conventions are those of <see cref="SyntheticSample"/>.
/// </summary>
public sealed class SyntheticBatch
{
    internal SyntheticBatch(int batchSize, int size)
    {
        const int K = SyntheticSample.KeypointCount;
        BatchSize = batchSize;
        Size = size;
        Images = Tensor.Zeros(batchSize, 3, size, size);
        Masks = Tensor.Zeros(batchSize, 1, size, size);
        Keypoints2D = Tensor.Zeros(batchSize, K, 2);
        Keypoints3D = Tensor.Zeros(batchSize, K, 3);
        Visibility = Tensor.Zeros(batchSize, K);
        Beta = Tensor.Zeros(batchSize, 10);
        Theta = Tensor.Zeros(batchSize, 16, 3);
        Cameras = Tensor.Zeros(batchSize, 3);
        Intrinsics = Tensor.Zeros(batchSize, 3, 3);
        Sides = Tensor.Zeros(batchSize);
        Indices = new long[batchSize];
    }

    public int BatchSize { get; }

    public int Size { get; }

    /// <summary>[B, 3, S, S] normalised RGB (the source's <c>ImageNormalization</c>).</summary>
    public Tensor Images { get; }

    /// <summary>[B, 1, S, S] visible hand coverage in [0, 1].</summary>
    public Tensor Masks { get; }

    /// <summary>[B, 21, 2] crop pixels (centres at +0.5).</summary>
    public Tensor Keypoints2D { get; }

    /// <summary>[B, 21, 3] camera space, metres.</summary>
    public Tensor Keypoints3D { get; }

    /// <summary>[B, 21]: 1 visible, 0 not.</summary>
    public Tensor Visibility { get; }

    /// <summary>[B, 10].</summary>
    public Tensor Beta { get; }

    /// <summary>[B, 16, 3] axis-angle in the sample's own hand model (see <see cref="SyntheticSample.Theta"/>).</summary>
    public Tensor Theta { get; }

    /// <summary>[B, 3] weak-perspective (s, tx, ty), normalised crop coordinates, root-relative 3D.</summary>
    public Tensor Cameras { get; }

    /// <summary>[B, 3, 3] crop intrinsics K.</summary>
    public Tensor Intrinsics { get; }

    /// <summary>[B]: 0 right hand, 1 left hand.</summary>
    public Tensor Sides { get; }

    /// <summary>The sample index in each slot.</summary>
    public long[] Indices { get; }

    /// <summary>
    /// Mirrors every left-hand slot (<see cref="Sides"/> = 1) into the right hand it reflects, in place, so that a
    /// right-hand network trains on both: the image and mask are flipped left–right, crop pixels u → Size − u, camera
    /// X → −X, the weak-perspective tx → −tx, the principal point cx → Size − cx, and θ (the left model's convention)
    /// becomes the right-hand pose by negating the y and z axis-angle components; β is unchanged. Returns the number of
    /// slots mirrored.
    /// </summary>
    public int MirrorLeftToRight()
    {
        const int K = SyntheticSample.KeypointCount;
        int mirrored = 0;
        var sides = Sides.AsSpan();
        for (int b = 0; b < BatchSize; b++)
        {
            if (sides[b] == 0)
            {
                continue;
            }
            mirrored++;
            sides[b] = 0;
            FlipRows(Images.AsSpan().Slice(b * 3 * Size * Size, 3 * Size * Size));
            FlipRows(Masks.AsSpan().Slice(b * Size * Size, Size * Size));
            var uv = Keypoints2D.AsSpan().Slice(b * K * 2, K * 2);
            var xyz = Keypoints3D.AsSpan().Slice(b * K * 3, K * 3);
            for (int q = 0; q < K; q++)
            {
                uv[2 * q] = Size - uv[2 * q];
            }
            HandModelMirror.MirrorPoints(xyz);
            HandModelMirror.MirrorPose(Theta.AsSpan().Slice(b * 48, 48));
            Cameras.AsSpan()[b * 3 + 1] = -Cameras.AsSpan()[b * 3 + 1];
            var k = Intrinsics.AsSpan().Slice(b * 9, 9);
            k[2] = Size - k[2];
        }
        return mirrored;
    }

    private void FlipRows(Span<float> planes)
    {
        for (int row = 0; row < planes.Length; row += Size)
        {
            planes.Slice(row, Size).Reverse();
        }
    }
}
