using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Hamr.HandModel.Tests.Support;

/// <summary>Builds GLB bytes from a JSON text and a BIN chunk, and splits existing GLBs, for format and hostile-input tests.</summary>
internal static class GlbBuilder
{
    public static byte[] Build(string json, byte[]? bin)
    {
        var jsonBytes = Pad(Encoding.UTF8.GetBytes(json), (byte)' ');
        var binBytes = bin is null ? null : Pad(bin, 0);
        int total = 12 + 8 + jsonBytes.Length + (binBytes is null ? 0 : 8 + binBytes.Length);
        var result = new byte[total];
        var span = result.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x46546C67);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)jsonBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 0x4E4F534A);
        jsonBytes.CopyTo(span[20..]);
        if (binBytes is not null)
        {
            int at = 20 + jsonBytes.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)binBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], 0x004E4942);
            binBytes.CopyTo(span[(at + 8)..]);
        }

        return result;
    }

    /// <summary>The JSON (as a mutable node) and BIN chunk of a GLB file.</summary>
    public static (JsonNode Json, byte[] Bin) Split(string path)
    {
        var data = File.ReadAllBytes(path);
        int jsonLength = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12));
        var json = JsonNode.Parse(Encoding.UTF8.GetString(data, 20, jsonLength))!;
        int at = 20 + jsonLength;
        int binLength = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
        return (json, data.AsSpan(at + 8, binLength).ToArray());
    }

    /// <summary>The GLB at <paramref name="path"/> with its JSON changed by <paramref name="edit"/>.</summary>
    public static byte[] Edited(string path, Action<JsonNode> edit)
    {
        var (json, bin) = Split(path);
        edit(json);
        return Build(json.ToJsonString(), bin);
    }

    private static byte[] Pad(byte[] data, byte fill)
    {
        int padded = (data.Length + 3) & ~3;
        var result = new byte[padded];
        data.CopyTo(result, 0);
        result.AsSpan(data.Length).Fill(fill);
        return result;
    }
}
