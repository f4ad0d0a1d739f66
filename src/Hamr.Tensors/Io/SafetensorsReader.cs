using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Hamr.Tensors.Io;

/// <summary>
/// Parses and validates a safetensors stream: header length within the file and under the cap, a JSON object of
/// well-formed entries, known dtypes, shapes whose byte size matches the offsets, and offsets that tile the data
/// section exactly (no overlaps, holes or trailing bytes). Data is read in file order and converted to float32.
/// </summary>
internal static class SafetensorsReader
{
    private sealed record Entry(string Name, string DType, int ElementSize, int[] Shape, int Count, ulong Begin, ulong End);

    private static readonly Dictionary<string, int> s_elementSizes = new(StringComparer.Ordinal)
    {
        ["F64"] = 8,
        ["F32"] = 4,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I64"] = 8,
        ["I32"] = 4,
        ["I16"] = 2,
        ["I8"] = 1,
        ["U64"] = 8,
        ["U32"] = 4,
        ["U16"] = 2,
        ["U8"] = 1,
        ["BOOL"] = 1,
    };

    public static SafetensorsContent Read(Stream stream, long length, string source)
    {
        if (length < 8)
        {
            throw Fail(source, $"file is truncated: {length} bytes, fewer than the 8-byte header length");
        }
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > SafetensorsFile.MaxHeaderBytes)
        {
            throw Fail(source, $"header length {headerLength} exceeds the limit of {SafetensorsFile.MaxHeaderBytes} bytes");
        }
        if (headerLength > (ulong)(length - 8))
        {
            throw Fail(source, $"header length {headerLength} runs past the end of the file ({length} bytes; truncated?)");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = length - 8 - (long)headerLength;

        var (entries, metadata) = ParseHeader(header, source);
        CheckOffsets(entries, dataLength, source);

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var values = new float[e.Count];
            ReadValues(stream, e, values);
            tensors.Add(e.Name, Tensor.Wrap(values, e.Shape));
        }
        return new SafetensorsContent(tensors, metadata);
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, string source)
    {
        if (!Utf8.IsValid(header))
        {
            throw Fail(source, "header is not valid UTF-8");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw Fail(source, $"header is not valid JSON ({ex.Message})", ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Fail(source, $"header is a JSON {doc.RootElement.ValueKind}, not an object");
            }
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Fail(source, $"header names '{property.Name}' twice");
                }
                if (property.Name == "__metadata__")
                {
                    ParseMetadata(property.Value, metadata, source);
                }
                else
                {
                    entries.Add(ParseEntry(property.Name, property.Value, source));
                }
            }
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return; // serde reads a null Option as absent
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail(source, "__metadata__ is not an object");
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Fail(source, $"__metadata__ value of '{item.Name}' is not a string");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Fail(source, $"__metadata__ names '{item.Name}' twice");
            }
        }
    }

    private static Entry ParseEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail(source, $"tensor '{name}': entry is not an object");
        }
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw Fail(source, $"tensor '{name}': missing or non-string dtype");
        }
        string dtype = dtypeElement.GetString()!;
        if (!s_elementSizes.TryGetValue(dtype, out int size))
        {
            throw Fail(source, $"tensor '{name}': unsupported dtype '{dtype}'");
        }
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw Fail(source, $"tensor '{name}': missing or non-array shape");
        }
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int axis = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0 || dim > int.MaxValue)
            {
                throw Fail(source, $"tensor '{name}': shape entry {d.GetRawText()} is not a dimension (an integer in [0, {int.MaxValue}])");
            }
            shape[axis++] = (int)dim;
            count = dim == 0 || count == 0 ? 0 : count > Array.MaxLength / dim ? -1 : count * dim;
            if (count < 0)
            {
                throw Fail(source, $"tensor '{name}': shape {shapeElement.GetRawText()} has too many elements");
            }
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetUInt64Safe(out ulong begin) || !offsets[1].TryGetUInt64Safe(out ulong end))
        {
            throw Fail(source, $"tensor '{name}': data_offsets is not a pair of non-negative integers");
        }
        if (end < begin || end - begin != (ulong)count * (ulong)size)
        {
            throw Fail(source, $"tensor '{name}': data_offsets [{begin}, {end}] do not hold {count} {dtype} values ({(ulong)count * (ulong)size} bytes)");
        }
        return new Entry(name, dtype, size, shape, (int)count, begin, end);
    }

    private static bool TryGetUInt64Safe(this JsonElement e, out ulong value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out value);
    }

    /// <summary>Sorts entries by offset and checks that they tile [0, dataLength) exactly.</summary>
    private static void CheckOffsets(List<Entry> entries, long dataLength, string source)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        ulong expected = 0;
        foreach (var e in entries)
        {
            if (e.End > (ulong)dataLength)
            {
                throw Fail(source, $"tensor '{e.Name}': data [{e.Begin}, {e.End}) runs past the end of the data section ({dataLength} bytes; truncated?)");
            }
            if (e.Begin != expected)
            {
                string what = e.Begin < expected ? "overlaps the previous tensor" : "leaves a hole before it";
                throw Fail(source, $"tensor '{e.Name}': data starts at byte {e.Begin}, expected {expected} ({what})");
            }
            expected = e.End;
        }
        if (expected != (ulong)dataLength)
        {
            throw Fail(source, $"data section has {dataLength} bytes but the tensors cover {expected}");
        }
    }

    private static void ReadValues(Stream stream, Entry e, float[] values)
    {
        if (e.DType == "F32" && BitConverter.IsLittleEndian)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        const int chunkElements = 8192;
        var bytes = ArrayPool<byte>.Shared.Rent(chunkElements * e.ElementSize);
        try
        {
            for (int start = 0; start < values.Length; start += chunkElements)
            {
                int n = Math.Min(chunkElements, values.Length - start);
                var chunk = bytes.AsSpan(0, n * e.ElementSize);
                stream.ReadExactly(chunk);
                Convert(e.DType, chunk, values.AsSpan(start, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Convert(string dtype, ReadOnlySpan<byte> src, Span<float> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]),
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]),
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(src[(8 * i)..]),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..]),
                "I8" => (sbyte)src[i],
                "U64" => BinaryPrimitives.ReadUInt64LittleEndian(src[(8 * i)..]),
                "U32" => BinaryPrimitives.ReadUInt32LittleEndian(src[(4 * i)..]),
                "U16" => BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]),
                "U8" => src[i],
                "BOOL" => src[i] != 0 ? 1f : 0f,
                _ => throw new InvalidOperationException(dtype),
            };
        }
    }

    private static SafetensorsFormatException Fail(string source, string problem, Exception? inner = null) => new(source, problem, inner);
}
