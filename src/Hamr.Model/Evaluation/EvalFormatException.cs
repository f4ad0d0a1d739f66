namespace Hamr.Model.Evaluation;

/// <summary>Bad evaluation input (an annotation file, a sample's image, a reference curve), naming the file and where in it.</summary>
public sealed class EvalFormatException : Exception
{
    /// <summary>A problem in <paramref name="sourceName"/>, at sample <paramref name="sampleIndex"/> or line <paramref name="lineNumber"/> when known.</summary>
    public EvalFormatException(string sourceName, string problem, int? sampleIndex = null, int? lineNumber = null, Exception? inner = null)
        : base(Compose(sourceName, problem, sampleIndex, lineNumber), inner)
    {
        SourceName = sourceName;
        Problem = problem;
        SampleIndex = sampleIndex;
        LineNumber = lineNumber;
    }

    /// <summary>The file (or other source) that holds the problem.</summary>
    public string SourceName { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The sample's index in the file, when the problem is in one sample.</summary>
    public int? SampleIndex { get; }

    /// <summary>The 1-based line, for line-oriented files.</summary>
    public int? LineNumber { get; }

    private static string Compose(string source, string problem, int? sample, int? line) =>
        sample is { } s ? $"{source}: sample {s}: {problem}"
        : line is { } l ? $"{source}:{l}: {problem}"
        : $"{source}: {problem}";
}
