namespace Hamr.HandModel.Export;

/// <summary>A hand-result JSON that cannot be read: names the source and the problem.</summary>
public sealed class HandResultFormatException : Exception
{
    public HandResultFormatException(string sourceName, string problem, Exception? inner = null)
        : base($"{sourceName}: {problem}", inner)
    {
        SourceName = sourceName;
        Problem = problem;
    }

    public string SourceName { get; }

    public string Problem { get; }
}
