namespace Hamr.HandModel;

/// <summary>A hand model file that is malformed or inconsistent; the message names the file and the problem.</summary>
public sealed class HandModelFormatException : Exception
{
    public HandModelFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
        Problem = problem;
    }

    public string SourceName { get; }

    public string Problem { get; }
}
