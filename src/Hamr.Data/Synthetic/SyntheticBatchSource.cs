using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Tensors.Kernels;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Synthetic training batches generated on the fly by parallel workers (one generator state each, on the engine's
/// threads), written into preallocated tensors. Slot b of <c>Fill(first, batch)</c> holds sample first + b of the
/// seed: the same tensors for any number of workers.
/// </summary>
public sealed class SyntheticBatchSource : IHandBatchSource
{
    private readonly SampleWorkers _workers;
    private readonly ImageNormalization _normalization;

    /// <summary>
    /// A source of batches of <paramref name="batchSize"/> samples made by <paramref name="workers"/> workers (0: one per
    /// thread of <see cref="ParallelFor.MaxDegree"/>), images normalised by <paramref name="normalization"/> (default
    /// sample/255).
    /// </summary>
    public SyntheticBatchSource(SyntheticOptions options, int batchSize, int workers = 0, ImageNormalization? normalization = null)
        : this(new SyntheticHandGenerator(options), batchSize, workers, normalization)
    {
    }

    /// <summary>As the options overload, with workers forked from <paramref name="generator"/> (sharing its assets).</summary>
    public SyntheticBatchSource(SyntheticHandGenerator generator, int batchSize, int workers = 0, ImageNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        BatchSize = batchSize;
        Options = generator.Options;
        _workers = new SampleWorkers(generator, workers == 0 ? ParallelFor.MaxDegree : workers);
        _normalization = normalization ?? ImageNormalization.Unit;
    }

    public SyntheticOptions Options { get; }

    public int BatchSize { get; }

    /// <inheritdoc/>
    public int Size => Options.Size;

    public int Workers => _workers.Count;

    /// <summary>Tensors for one batch (allocate once, fill many times).</summary>
    public SyntheticBatch CreateBatch() => new(BatchSize, Options.Size);

    /// <summary>Fills <paramref name="batch"/> with samples <paramref name="firstIndex"/> … firstIndex + B − 1.</summary>
    public void Fill(long firstIndex, SyntheticBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        if (batch.BatchSize != BatchSize || batch.Size != Options.Size)
        {
            throw new ArgumentException($"batch is {batch.BatchSize}×{batch.Size} px, the source makes {BatchSize}×{Options.Size} px", nameof(batch));
        }
        _workers.Run(firstIndex, BatchSize, new BatchWriter(batch, _normalization));
    }

    /// <summary>Copies one sample into its slot of the batch tensors (slots are disjoint, so workers never collide).</summary>
    private sealed class BatchWriter(SyntheticBatch batch, ImageNormalization normalization) : ISampleConsumer
    {
        public void Consume(SyntheticSample sample, int slot)
        {
            const int K = SyntheticSample.KeypointCount;
            batch.Indices[slot] = sample.Index;
            ImageTensor.WriteToBatch(sample.Image, batch.Images, slot, normalization);
            int pixels = sample.Size * sample.Size;
            var mask = batch.Masks.AsSpan().Slice(slot * pixels, pixels);
            for (int i = 0; i < pixels; i++)
            {
                mask[i] = sample.Mask[i] * (1f / 255f);
            }
            sample.Keypoints2D.CopyTo(batch.Keypoints2D.AsSpan().Slice(slot * K * 2, K * 2));
            sample.Keypoints3D.CopyTo(batch.Keypoints3D.AsSpan().Slice(slot * K * 3, K * 3));
            var visibility = batch.Visibility.AsSpan().Slice(slot * K, K);
            for (int q = 0; q < K; q++)
            {
                visibility[q] = sample.Visible[q] ? 1 : 0;
            }
            sample.Beta.CopyTo(batch.Beta.AsSpan().Slice(slot * 10, 10));
            sample.Theta.CopyTo(batch.Theta.AsSpan().Slice(slot * 48, 48));
            var camera = batch.Cameras.AsSpan().Slice(slot * 3, 3);
            camera[0] = sample.Camera.Scale;
            camera[1] = sample.Camera.Tx;
            camera[2] = sample.Camera.Ty;
            var k = batch.Intrinsics.AsSpan().Slice(slot * 9, 9);
            var matrix = sample.Intrinsics;
            k.Clear();
            k[0] = (float)matrix.Fx;
            k[2] = (float)matrix.Cx;
            k[4] = (float)matrix.Fy;
            k[5] = (float)matrix.Cy;
            k[8] = 1;
            batch.Sides.AsSpan()[slot] = sample.Side == Handedness.Left ? 1 : 0;
        }
    }
}
