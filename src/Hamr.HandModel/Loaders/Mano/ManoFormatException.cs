namespace Hamr.HandModel.Loaders.Mano;

/// <summary>
/// A MANO pickle that decodes but is not a usable MANO model: a missing key, a wrong shape, inconsistent sizes, a
/// value of the wrong kind, or the wrong hand. The message names the source, the key and the problem (for shapes:
/// the shape found and the one expected). Pickle-level problems are <c>PickleException</c>s instead.
/// </summary>
public sealed class ManoFormatException : Exception
{
    public ManoFormatException(string source, string? key, string problem)
        : base(key is null ? $"{source}: {problem}" : $"{source}: '{key}': {problem}")
    {
        SourceName = source;
        Key = key;
        Problem = problem;
    }

    /// <summary>The file name (or stream description) that was being read.</summary>
    public string SourceName { get; }

    /// <summary>The MANO key at fault (e.g. "posedirs"), or null for a problem of the whole file.</summary>
    public string? Key { get; }

    /// <summary>What is wrong, without the source name.</summary>
    public string Problem { get; }
}
