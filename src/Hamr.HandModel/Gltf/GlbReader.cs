using System.Buffers.Binary;
using System.Text.Json;

namespace Hamr.HandModel.Gltf;

/// <summary>
/// Reads binary glTF 2.0 (GLB): the 12-byte header (magic "glTF", version 2, total length), the JSON chunk, and the
/// optional BIN chunk; the JSON is parsed into <see cref="GltfDocument"/> and its indices are checked against the
/// arrays they point into. Malformed input gives a <see cref="GltfFormatException"/> naming the file.
/// </summary>
public static class GlbReader
{
    /// <summary>Largest GLB accepted (the hand files are ~94 KB; this only bounds what a hostile file can make us allocate).</summary>
    public const long MaxFileBytes = 256L << 20;

    private const uint Magic = 0x46546C67; // "glTF"
    private const uint JsonChunk = 0x4E4F534A; // "JSON"
    private const uint BinChunk = 0x004E4942; // "BIN\0"

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        MaxDepth = 64,
    };

    public static GlbFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (IOException e)
        {
            throw new GltfFormatException(path, $"cannot read the file ({e.Message})", e);
        }

        if (length > MaxFileBytes)
        {
            throw new GltfFormatException(path, $"file is {length} bytes, more than the {MaxFileBytes} this reader accepts");
        }

        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses GLB bytes; <paramref name="sourceName"/> names them in errors.</summary>
    public static GlbFile Read(byte[] data, string sourceName = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(data);
        var span = data.AsSpan();
        if (span.Length < 12)
        {
            throw new GltfFormatException(sourceName, $"truncated: {span.Length} bytes, a GLB header needs 12");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(span);
        if (magic != Magic)
        {
            throw new GltfFormatException(sourceName, $"bad magic 0x{magic:X8} (not a GLB file; expected \"glTF\")");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        if (version != 2)
        {
            throw new GltfFormatException(sourceName, $"GLB version {version} is not supported (only 2)");
        }

        uint total = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (total > span.Length)
        {
            throw new GltfFormatException(sourceName, $"truncated: header says {total} bytes, the data holds {span.Length}");
        }

        if (total < 12)
        {
            throw new GltfFormatException(sourceName, $"header length {total} is smaller than the header itself");
        }

        span = span[..(int)total];
        int offset = 12;
        ReadOnlyMemory<byte> json = default, bin = default;
        bool haveJson = false, haveBin = false;
        while (offset < span.Length)
        {
            if (span.Length - offset < 8)
            {
                throw new GltfFormatException(sourceName, $"truncated chunk header at byte {offset}");
            }

            uint chunkLength = BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
            uint chunkType = BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 4)..]);
            offset += 8;
            if (chunkLength > (uint)(span.Length - offset))
            {
                throw new GltfFormatException(sourceName, $"truncated: chunk at byte {offset - 8} claims {chunkLength} bytes, {span.Length - offset} remain");
            }

            var body = data.AsMemory(offset, (int)chunkLength);
            if (!haveJson)
            {
                if (chunkType != JsonChunk)
                {
                    throw new GltfFormatException(sourceName, $"first chunk is 0x{chunkType:X8}, not JSON");
                }

                json = body;
                haveJson = true;
            }
            else if (chunkType == BinChunk && !haveBin)
            {
                bin = body;
                haveBin = true;
            }
            else if (chunkType == BinChunk || chunkType == JsonChunk)
            {
                throw new GltfFormatException(sourceName, $"a second {(chunkType == BinChunk ? "BIN" : "JSON")} chunk at byte {offset - 8}");
            }

            // Unknown chunk types are skipped, as the spec asks.
            offset += (int)chunkLength;
        }

        if (!haveJson)
        {
            throw new GltfFormatException(sourceName, "no JSON chunk");
        }

        var document = ParseJson(json.Span, sourceName);
        var file = new GlbFile(sourceName, document, bin, haveBin);
        GltfValidation.Check(file);
        return file;
    }

    private static GltfDocument ParseJson(ReadOnlySpan<byte> json, string sourceName)
    {
        // A JSON chunk may be padded with spaces; a UTF-8 BOM is not allowed but harmless to skip.
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        try
        {
            return JsonSerializer.Deserialize<GltfDocument>(json, s_json)
                ?? throw new GltfFormatException(sourceName, "JSON chunk is null");
        }
        catch (JsonException e)
        {
            throw new GltfFormatException(sourceName, $"JSON chunk does not parse as glTF ({e.Message})", e);
        }
    }
}
