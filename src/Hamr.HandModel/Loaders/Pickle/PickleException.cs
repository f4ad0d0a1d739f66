namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>
/// A pickle the reader refused; the message names the source, the byte offset of the opcode (when known) and the
/// problem. The reader throws only its two subclasses for bad input: <see cref="PickleFormatException"/> for
/// malformed or unsupported data and <see cref="PickleSecurityException"/> for anything that would run code.
/// </summary>
public abstract class PickleException : Exception
{
    private protected PickleException(string source, long offset, string problem, Exception? inner)
        : base(offset >= 0 ? $"{source}: at byte {offset}: {problem}" : $"{source}: {problem}", inner)
    {
        SourceName = source;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The file name (or stream description) that was being read.</summary>
    public string SourceName { get; }

    /// <summary>Byte offset of the opcode being executed, or −1 when the problem is not tied to one.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the source name.</summary>
    public string Problem { get; }
}

/// <summary>A pickle that is truncated, malformed, too large or uses a feature the reader does not support.</summary>
public sealed class PickleFormatException : PickleException
{
    public PickleFormatException(string source, long offset, string problem, Exception? inner = null)
        : base(source, offset, problem, inner)
    {
    }
}

/// <summary>
/// A pickle that names a global outside the allowlist, or asks to call, build or instantiate something the reader
/// does not model (REDUCE/NEWOBJ/INST/OBJ/BUILD on a non-allowlisted callable, persistent ids, the extension
/// registry). Nothing named in a pickle is ever executed; this says the file asked for it.
/// </summary>
public sealed class PickleSecurityException : PickleException
{
    public PickleSecurityException(string source, long offset, string problem, string? globalName = null)
        : base(source, offset, problem, null)
    {
        GlobalName = globalName;
    }

    /// <summary>The refused global as "module.name", when the refusal is about one.</summary>
    public string? GlobalName { get; }
}
