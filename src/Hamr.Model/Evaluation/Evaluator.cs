using System.Diagnostics;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;
using Hamr.Model.Evaluation.Readers;
using Hamr.Model.Evaluation.Reports;

namespace Hamr.Model.Evaluation;

/// <summary>How far an evaluation has got: samples done of the total, and the time since it started.</summary>
public readonly record struct EvalProgress(int Done, int Total, TimeSpan Elapsed)
{
    /// <summary>Samples per second so far (0 before the first).</summary>
    public double SamplesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the rate so far; null before the first sample.</summary>
    public TimeSpan? Remaining => Done > 0 ? TimeSpan.FromSeconds(Elapsed.TotalSeconds / Done * (Total - Done)) : null;
}

/// <summary>
/// Runs a predictor over a set of samples (an annotation file or a list in memory), scores every prediction with
/// <see cref="EvalAccumulator"/> and writes the report folder (<see cref="ReportFolder"/>).
/// </summary>
public sealed class Evaluator(IHandPredictor predictor)
{
    /// <summary>Reads <paramref name="annotationsPath"/> (<see cref="AnnotationFile"/>) and evaluates its samples.</summary>
    public EvalReport EvaluateFile(string annotationsPath, IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var set = AnnotationFile.Read(annotationsPath);
        return Evaluate(set.Samples, annotationsPath, progress, cancellationToken);
    }

    /// <summary>
    /// Evaluates <paramref name="samples"/>, reporting progress after each. <paramref name="source"/> names the set in
    /// the report and in errors. Every sample is validated and every image file checked before the first prediction,
    /// so a broken set fails at once with an <see cref="EvalFormatException"/>.
    /// </summary>
    public EvalReport Evaluate(IReadOnlyList<EvalSample> samples, string? source = null, IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string sourceName = source ?? "samples";

        // 1. Validate everything first: a typo in sample 900 should not cost the time of 899 predictions.
        foreach (var sample in samples)
        {
            try
            {
                sample.Validate();
            }
            catch (ArgumentException e)
            {
                throw new EvalFormatException(sourceName, e.Message, sample.Index, inner: e);
            }

            if (sample.Image is null && !File.Exists(sample.ImagePath))
            {
                throw new EvalFormatException(sourceName, $"image not found: {sample.ImagePath}", sample.Index);
            }
        }

        // 2. Predict and score, sample by sample.
        var accumulator = new EvalAccumulator();
        var clock = Stopwatch.StartNew();
        progress?.Report(new EvalProgress(0, samples.Count, TimeSpan.Zero));
        foreach (var sample in samples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = sample.Image ?? LoadImage(sample, sourceName);
            accumulator.Add(sample, predictor.Predict(image, sample));
            progress?.Report(new EvalProgress(accumulator.Count, samples.Count, clock.Elapsed));
        }

        return accumulator.ToReport(predictor.Name, source);
    }

    /// <summary>Writes <paramref name="report"/> and its plots into <paramref name="outputFolder"/> (see <see cref="ReportFolder.Write"/>).</summary>
    public static void Write(EvalReport report, string outputFolder, IReadOnlyList<ReferenceCurve>? references = null) =>
        ReportFolder.Write(report, outputFolder, references ?? []);

    /// <summary>Decodes the sample's image file (PNG by signature, otherwise JPEG), naming the set and sample on failure.</summary>
    private static Image LoadImage(EvalSample sample, string sourceName)
    {
        string path = sample.ImagePath!;
        try
        {
            var bytes = File.ReadAllBytes(path);
            return Png.HasSignature(bytes) ? Png.Decode(bytes, path) : Jpeg.Decode(bytes, path);
        }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        {
            throw new EvalFormatException(sourceName, $"image {path} could not be read: {e.Message}", sample.Index, inner: e);
        }
    }
}
