namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>
/// A safe reader for Python pickles of data (protocols 0–5, Python 2 and 3 writers): it decodes the object tree
/// (None, bool, int, float, str, bytes, tuple, list, dict, set, numpy arrays and dtypes, and instances of
/// allowlisted classes with their state) and executes nothing. Globals outside <see cref="PickleAllowlist"/>,
/// persistent ids and the extension registry are refused with <see cref="PickleSecurityException"/>; malformed,
/// truncated or oversized input gives <see cref="PickleFormatException"/>. Runs in time linear in the input.
/// </summary>
public static class PickleReader
{
    /// <summary>Largest file read (the MANO v1.2 pickles are a few MB; SMPL-family files stay under this).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Decodes a pickle file; errors name <paramref name="path"/>.</summary>
    public static object? ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxFileBytes)
        {
            throw new PickleFormatException(path, -1, $"file of {stream.Length} bytes exceeds the {MaxFileBytes}-byte limit");
        }

        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return Read(data, path);
    }

    /// <summary>Decodes a pickle held in memory; <paramref name="sourceName"/> names it in errors.</summary>
    public static object? Read(byte[] data, string sourceName = "<pickle>")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sourceName);
        return new PickleMachine(data, sourceName).Run();
    }
}
