using Hamr.Data.Synthetic;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Tensors;

namespace Hamr.Data.Datasets;

/// <summary>
/// Training batches from a hand dataset folder (<c>hamr synth</c> output): the stream visits every sample once per
/// epoch in an order shuffled by <paramref name="seed"/> and the epoch number, so sample i of the stream is the same on
/// every run and a resumed run continues exactly. Images are normalised by <paramref name="normalization"/> (default
/// sample/255), masks scaled to [0, 1].
/// </summary>
public sealed class HandDatasetBatchSource(HandDatasetFolder folder, int batchSize, ulong seed, ImageNormalization? normalization = null) : IHandBatchSource
{
    private readonly HandDatasetFolder _folder = folder ?? throw new ArgumentNullException(nameof(folder));
    private readonly ImageNormalization _normalization = normalization ?? ImageNormalization.Unit;
    private long _epoch = -1;
    private int[] _order = [];

    /// <inheritdoc/>
    public int BatchSize { get; } = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be ≥ 1");

    /// <inheritdoc/>
    public int Size => _folder.Header.Size;

    /// <summary>Samples in the folder (one epoch).</summary>
    public int Count => _folder.Count;

    /// <inheritdoc/>
    public SyntheticBatch CreateBatch() => new(BatchSize, Size);

    /// <summary>The folder sample that stream position <paramref name="index"/> reads.</summary>
    public int SampleAt(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (_folder.Count == 0)
        {
            throw new HandDatasetFormatException(_folder.Directory, "the dataset folder holds no samples");
        }
        long epoch = index / _folder.Count;
        if (epoch != _epoch)
        {
            _order = Shuffle(_folder.Count, seed, epoch);
            _epoch = epoch;
        }
        return _order[(int)(index % _folder.Count)];
    }

    /// <inheritdoc/>
    public void Fill(long firstIndex, SyntheticBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.BatchSize != BatchSize || batch.Size != Size)
        {
            throw new ArgumentException($"batch is {batch.BatchSize}×{batch.Size} px, the folder holds {Size} px crops in batches of {BatchSize}", nameof(batch));
        }
        const int K = HandJoints.KeypointCount;
        int pixels = Size * Size;
        for (int slot = 0; slot < BatchSize; slot++)
        {
            int i = SampleAt(firstIndex + slot);
            var a = _folder.Samples[i];
            batch.Indices[slot] = firstIndex + slot;
            ImageTensor.WriteToBatch(_folder.LoadImage(i), batch.Images, slot, _normalization);
            var maskPixels = _folder.LoadMask(i).Pixels;
            var mask = batch.Masks.AsSpan().Slice(slot * pixels, pixels);
            for (int p = 0; p < pixels; p++)
            {
                mask[p] = maskPixels[p] * (1f / 255f);
            }
            a.Keypoints2D.CopyTo(batch.Keypoints2D.AsSpan().Slice(slot * K * 2, K * 2));
            a.Keypoints3D.CopyTo(batch.Keypoints3D.AsSpan().Slice(slot * K * 3, K * 3));
            var visibility = batch.Visibility.AsSpan().Slice(slot * K, K);
            for (int q = 0; q < K; q++)
            {
                visibility[q] = a.Visible[q] ? 1 : 0;
            }
            a.Beta.CopyTo(batch.Beta.AsSpan().Slice(slot * 10, 10));
            a.Theta.CopyTo(batch.Theta.AsSpan().Slice(slot * 48, 48));
            var camera = batch.Cameras.AsSpan().Slice(slot * 3, 3);
            camera[0] = a.Camera.Scale;
            camera[1] = a.Camera.Tx;
            camera[2] = a.Camera.Ty;
            var k = batch.Intrinsics.AsSpan().Slice(slot * 9, 9);
            k.Clear();
            k[0] = (float)a.Intrinsics.Fx;
            k[2] = (float)a.Intrinsics.Cx;
            k[4] = (float)a.Intrinsics.Fy;
            k[5] = (float)a.Intrinsics.Cy;
            k[8] = 1;
            batch.Sides.AsSpan()[slot] = a.Side == Handedness.Left ? 1 : 0;
        }
    }

    /// <summary>A Fisher–Yates permutation of 0..n−1 from the seed and epoch.</summary>
    private static int[] Shuffle(int n, ulong seed, long epoch)
    {
        var rng = new TensorRandom(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1)));
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
