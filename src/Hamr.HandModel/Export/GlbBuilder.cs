using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hamr.HandModel.Gltf;

namespace Hamr.HandModel.Export;

/// <summary>
/// Assembles a binary glTF 2.0 file (GLB): one buffer (the BIN chunk) holding tightly packed buffer views, each starting
/// on a 4-byte boundary (so every accessor and vertex element is aligned as the spec requires), one accessor per view,
/// and a JSON document the caller fills in around them. The JSON chunk is padded with spaces and the BIN chunk with
/// zeros to multiples of 4 bytes.
/// </summary>
internal sealed class GlbBuilder
{
    public const int ArrayBuffer = 34962;
    public const int ElementArrayBuffer = 34963;

    private const uint Magic = 0x46546C67; // "glTF"
    private const uint JsonChunk = 0x4E4F534A; // "JSON"
    private const uint BinChunk = 0x004E4942; // "BIN\0"

    private readonly MemoryStream _bin = new();
    private readonly JsonArray _bufferViews = [];
    private readonly JsonArray _accessors = [];

    public GlbBuilder(string generator)
    {
        Root["asset"] = new JsonObject { ["version"] = "2.0", ["generator"] = generator };
    }

    /// <summary>The document: the caller adds scenes, nodes, meshes, skins, materials; buffers and accessors are added on <see cref="ToGlb"/>.</summary>
    public JsonObject Root { get; } = [];

    /// <summary>A FLOAT accessor of <paramref name="type"/> (VEC2, VEC3, VEC4, MAT4); with per-component min/max when asked.</summary>
    public int AddFloats(ReadOnlySpan<float> values, string type, int? target, bool bounds = false)
    {
        int components = Components(type);
        if (values.Length % components != 0)
        {
            throw new ArgumentException($"{values.Length} floats do not make whole {type} elements");
        }

        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"a {type} accessor would hold the non-finite value {values[i]} (element {i / components})");
            }

            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        var accessor = Accessor(AddView(bytes, target), GltfComponent.Float, values.Length / components, type);
        if (bounds)
        {
            var min = new double[components];
            var max = new double[components];
            Array.Fill(min, double.PositiveInfinity);
            Array.Fill(max, double.NegativeInfinity);
            for (int i = 0; i < values.Length; i++)
            {
                min[i % components] = Math.Min(min[i % components], values[i]);
                max[i % components] = Math.Max(max[i % components], values[i]);
            }

            // Each bound is the float's exact value as a double, so a reader comparing in float or in double agrees.
            accessor["min"] = new JsonArray([.. min.Select(v => JsonValue.Create(v))]);
            accessor["max"] = new JsonArray([.. max.Select(v => JsonValue.Create(v))]);
        }

        return Add(accessor);
    }

    /// <summary>An UNSIGNED_BYTE accessor (e.g. JOINTS_0 as VEC4); elements are 4-byte aligned only for VEC4.</summary>
    public int AddUnsignedBytes(ReadOnlySpan<byte> values, string type, int? target)
    {
        int components = Components(type);
        if (values.Length % components != 0)
        {
            throw new ArgumentException($"{values.Length} bytes do not make whole {type} elements");
        }

        return Add(Accessor(AddView(values.ToArray(), target), GltfComponent.UnsignedByte, values.Length / components, type));
    }

    /// <summary>Triangle indices as UNSIGNED_SHORT when every index fits below 65535 (the restart value), else UNSIGNED_INT.</summary>
    public int AddIndices(ReadOnlySpan<int> indices, int vertexCount)
    {
        bool small = vertexCount <= ushort.MaxValue;
        var bytes = new byte[indices.Length * (small ? 2 : 4)];
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)vertexCount)
            {
                throw new ArgumentException($"index {indices[i]} outside 0..{vertexCount - 1}");
            }

            if (small)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), (ushort)indices[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), (uint)indices[i]);
            }
        }

        return Add(Accessor(AddView(bytes, ElementArrayBuffer), small ? GltfComponent.UnsignedShort : GltfComponent.UnsignedInt, indices.Length, "SCALAR"));
    }

    /// <summary>The whole GLB: header, JSON chunk (space-padded), BIN chunk (zero-padded).</summary>
    public byte[] ToGlb()
    {
        Root["buffers"] = new JsonArray(new JsonObject { ["byteLength"] = _bin.Length });
        Root["bufferViews"] = _bufferViews;
        Root["accessors"] = _accessors;
        var json = JsonSerializer.SerializeToUtf8Bytes(Root);
        int jsonLength = Align4(json.Length);
        int binLength = Align4((int)_bin.Length);
        long total = 12L + 8 + jsonLength + 8 + binLength;
        if (total > int.MaxValue)
        {
            throw new InvalidOperationException($"the GLB would be {total} bytes, more than one array holds");
        }

        var glb = new byte[total];
        var span = glb.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)jsonLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], JsonChunk);
        json.CopyTo(span[20..]);
        span.Slice(20 + json.Length, jsonLength - json.Length).Fill((byte)' ');
        int at = 20 + jsonLength;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)binLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], BinChunk);
        _bin.GetBuffer().AsSpan(0, (int)_bin.Length).CopyTo(span[(at + 8)..]); // the rest stays zero
        return glb;
    }

    /// <summary>A JSON array of floats (node translations, rotations, colour factors).</summary>
    public static JsonArray Numbers(params ReadOnlySpan<float> values)
    {
        var array = new JsonArray();
        foreach (float v in values)
        {
            array.Add(JsonValue.Create(v));
        }

        return array;
    }

    private int AddView(byte[] bytes, int? target)
    {
        // Every view starts on a 4-byte boundary and the buffer's length stays a multiple of 4 (zeros between views).
        long offset = _bin.Length;
        _bin.Write(bytes);
        while (_bin.Length % 4 != 0)
        {
            _bin.WriteByte(0);
        }

        var view = new JsonObject { ["buffer"] = 0, ["byteOffset"] = offset, ["byteLength"] = bytes.Length };
        if (target is int t)
        {
            view["target"] = t;
        }

        _bufferViews.Add(view);
        return _bufferViews.Count - 1;
    }

    private static JsonObject Accessor(int view, int componentType, int count, string type) => new()
    {
        ["bufferView"] = view,
        ["componentType"] = componentType,
        ["count"] = count,
        ["type"] = type,
    };

    private int Add(JsonObject accessor)
    {
        _accessors.Add(accessor);
        return _accessors.Count - 1;
    }

    private static int Components(string type) => type switch
    {
        "SCALAR" => 1,
        "VEC2" => 2,
        "VEC3" => 3,
        "VEC4" => 4,
        "MAT4" => 16,
        _ => throw new ArgumentException($"unsupported accessor type {type}"),
    };

    private static int Align4(int n) => (n + 3) & ~3;
}
