using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Io;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON describing each tensor (dtype, shape, data_offsets) plus optional string metadata, then the raw
/// little-endian data. Writes float32 in the Python library's exact layout; reads F32, F16, BF16, F64 and the
/// integer and bool dtypes, converting to float32. Malformed input gives a <see cref="SafetensorsFormatException"/>.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>Largest header accepted on reading (the Python library's limit).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>Test hook: called with each tensor's name after its data is written (to simulate failures midway).</summary>
    [ThreadStatic] internal static Action<string>? t_afterTensorWritten;

    /// <summary>
    /// Writes <paramref name="tensors"/> (as F32, in sorted name order) atomically: the file is written to a temporary
    /// file in the same folder and moved over <paramref name="path"/> only when complete, so a failure leaves any
    /// existing file untouched and no temporary file behind.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var plan = SafetensorsLayout.Plan(tensors, metadata); // validates names and shapes before touching the disk
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WritePlan(stream, plan);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // best effort: the original error matters more
            }
            throw;
        }
    }

    /// <summary>Writes the safetensors bytes to a stream (not atomic).</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WritePlan(stream, SafetensorsLayout.Plan(tensors, metadata));
    }

    /// <summary>The safetensors bytes of <paramref name="tensors"/>.</summary>
    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    public static SafetensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return SafetensorsReader.Read(stream, stream.Length, path);
    }

    /// <summary>Reads from the stream's current position to its end; <paramref name="sourceName"/> names it in errors.</summary>
    public static SafetensorsContent Read(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            return SafetensorsReader.Read(stream, stream.Length - stream.Position, sourceName);
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return SafetensorsReader.Read(copy, copy.Length, sourceName);
    }

    public static SafetensorsContent Read(byte[] data, string sourceName = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(data, writable: false);
        return SafetensorsReader.Read(stream, data.Length, sourceName);
    }

    private static void WritePlan(Stream stream, SafetensorsLayout plan)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)plan.Header.Length);
        stream.Write(length);
        stream.Write(plan.Header);
        var hook = t_afterTensorWritten;
        Span<byte> four = stackalloc byte[4];
        foreach (var (name, tensor) in plan.Tensors)
        {
            var values = tensor.IsContiguous ? tensor.Span : tensor.ToArray();
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
            }
            else
            {
                foreach (float v in values)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(four, v);
                    stream.Write(four);
                }
            }
            hook?.Invoke(name);
        }
    }
}

/// <summary>The tensors (float32, by name) and the string metadata of a safetensors file.</summary>
public sealed class SafetensorsContent(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
{
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>The <c>__metadata__</c> entries (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;
}

/// <summary>A safetensors file that is malformed or unsupported; the message names the file and the problem.</summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
        Problem = problem;
    }

    /// <summary>The file name (or stream description) that was being read.</summary>
    public string SourceName { get; }

    public string Problem { get; }
}
