namespace Hamr.Data.Synthetic;

/// <summary>
/// Where training batches come from: synthetic hands made on the fly (<see cref="SyntheticBatchSource"/>) or a dataset
/// folder (<see cref="Datasets.HandDatasetBatchSource"/>). <c>Fill(first, batch)</c> is a pure function of
/// <c>first</c>, so a run resumed at step k reads exactly the samples the uninterrupted run would have read.
/// </summary>
public interface IHandBatchSource
{
    /// <summary>Samples per batch.</summary>
    int BatchSize { get; }

    /// <summary>Side of the square crops, pixels.</summary>
    int Size { get; }

    /// <summary>Tensors for one batch (allocate once, fill many times).</summary>
    SyntheticBatch CreateBatch();

    /// <summary>Fills <paramref name="batch"/> with samples <paramref name="firstIndex"/> … firstIndex + B − 1 of the stream.</summary>
    void Fill(long firstIndex, SyntheticBatch batch);
}
