using System.Diagnostics;
using System.IO.Compression;
using Hamr.Data.Datasets;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Tensors.Io;
using Hamr.Tensors.Kernels;

namespace Hamr.Data.Synthetic;

/// <summary>How far a dataset write has come.</summary>
public readonly record struct DatasetProgress(int Done, int Total, TimeSpan Elapsed)
{
    public double SamplesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the rate so far (zero when done or before any sample).</summary>
    public TimeSpan Remaining => Done > 0 && Done < Total ? TimeSpan.FromSeconds((Total - Done) / SamplesPerSecond) : TimeSpan.Zero;
}

/// <summary>
/// Writes synthetic samples as a hand dataset folder that <see cref="HandDatasetFolder"/> reads: PNG images
/// (<c>images/000000.png</c>), 8-bit PNG masks (<c>masks/000000.png</c>) and one <c>annotations.json</c>. Each PNG is
/// written atomically, and the annotations last (to a temporary file, then renamed): a folder with an
/// annotations.json is complete, and a stale one is deleted before anything else is written.
/// </summary>
public static class SyntheticDatasetWriter
{
    /// <summary>Writes <paramref name="count"/> samples of <paramref name="seed"/> at <paramref name="size"/> px with the default recipe.</summary>
    public static HandDatasetHeader Write(string directory, ulong seed, int count, int size, IProgress<DatasetProgress>? progress = null) =>
        Write(directory, new SyntheticOptions { Seed = seed, Size = size }, count, progress);

    /// <summary>
    /// Writes samples 0 … <paramref name="count"/> − 1 of <paramref name="options"/> into <paramref name="directory"/>
    /// (created if needed) with <paramref name="workers"/> workers (0: one per engine thread).
    /// </summary>
    public static HandDatasetHeader Write(string directory, SyntheticOptions options, int count, IProgress<DatasetProgress>? progress = null, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        var generator = new SyntheticHandGenerator(options);
        Directory.CreateDirectory(directory);
        string annotations = Path.Combine(directory, HandDatasetJson.FileName);
        File.Delete(annotations);
        Directory.CreateDirectory(Path.Combine(directory, "images"));
        Directory.CreateDirectory(Path.Combine(directory, "masks"));

        var pool = new SampleWorkers(generator, workers == 0 ? ParallelFor.MaxDegree : workers);
        var samples = new HandAnnotation[count];
        int digits = Math.Max(6, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var consumer = new FileWriter(directory, samples, digits);
        var clock = Stopwatch.StartNew();
        int block = Math.Max(32, 16 * pool.Count);
        for (int first = 0; first < count; first += block)
        {
            int n = Math.Min(block, count - first);
            consumer.First = first;
            pool.Run(first, n, consumer);
            progress?.Report(new DatasetProgress(first + n, count, clock.Elapsed));
        }

        var header = new HandDatasetHeader(HandDatasetJson.Format, HandDatasetJson.FormatVersion, "Hamr.Data.Synthetic.SyntheticHandGenerator",
            SyntheticOptions.GeneratorVersion, options.Seed, options.Size, count, HandDatasetJson.Conventions);
        AtomicFile.Write(annotations, stream => HandDatasetJson.Write(stream, header, samples));
        return header;
    }

    /// <summary>Encodes a worker's sample to PNGs and keeps its annotation (slots are disjoint).</summary>
    private sealed class FileWriter(string directory, HandAnnotation[] samples, int digits) : ISampleConsumer
    {
        public int First { get; set; }

        public void Consume(SyntheticSample sample, int slot)
        {
            int index = First + slot;
            string name = index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png";
            string image = "images/" + name, mask = "masks/" + name;
            // Fastest deflate: the PNGs are a third larger than at Optimal but encode several times faster.
            Png.Save(sample.Image, Path.Combine(directory, image), CompressionLevel.Fastest);
            Png.Save(new Image(sample.Size, sample.Size, 1, sample.Mask), Path.Combine(directory, mask), CompressionLevel.Fastest);
            samples[index] = HandAnnotation.From(sample, image, mask);
        }
    }
}
