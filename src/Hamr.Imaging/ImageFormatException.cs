namespace Hamr.Imaging;

/// <summary>
/// An image file that is malformed, truncated, unsupported or too large; the message names the source (file
/// path or stream description) and the problem. Decoders throw only this for bad input.
/// </summary>
public sealed class ImageFormatException : Exception
{
    public ImageFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
        Problem = problem;
    }

    /// <summary>The file name (or stream description) that was being read.</summary>
    public string SourceName { get; }

    /// <summary>What is wrong, without the source name.</summary>
    public string Problem { get; }
}
