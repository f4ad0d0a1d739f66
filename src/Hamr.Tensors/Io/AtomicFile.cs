namespace Hamr.Tensors.Io;

/// <summary>
/// Writes a file all at once or not at all: into a temporary file beside it, flushed to disk, then moved over the
/// target, so a reader never sees half a file and a failed write leaves the old one in place and no temporary behind.
/// Every writer of results, checkpoints, images and exports goes through here.
/// </summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a stream to a temporary file, then replaces <paramref name="path"/> with it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            try
            {
                File.Delete(temporary); // no-op after a successful move
            }
            catch (IOException)
            {
                // best effort: the original error (if any) matters more
            }
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }
}
