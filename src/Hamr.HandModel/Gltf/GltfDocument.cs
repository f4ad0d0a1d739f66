using System.Text.Json;

namespace Hamr.HandModel.Gltf;

// The subset of the glTF 2.0 JSON that skinned meshes use, as typed records (property names follow the spec's
// camelCase through the serializer's naming policy). Anything else in the file (materials, textures, animations,
// extras) is skipped on parsing.

/// <summary>The root of a glTF document.</summary>
public sealed record GltfDocument
{
    public GltfAsset? Asset { get; init; }

    /// <summary>The default scene, when given.</summary>
    public int? Scene { get; init; }

    public GltfScene[] Scenes { get; init; } = [];

    public GltfNode[] Nodes { get; init; } = [];

    public GltfMesh[] Meshes { get; init; } = [];

    public GltfSkin[] Skins { get; init; } = [];

    public GltfAccessor[] Accessors { get; init; } = [];

    public GltfBufferView[] BufferViews { get; init; } = [];

    public GltfBuffer[] Buffers { get; init; } = [];
}

/// <summary>The <c>asset</c> block: glTF version and the tool that wrote the file.</summary>
public sealed record GltfAsset
{
    public string Version { get; init; } = "";

    public string? Generator { get; init; }
}

/// <summary>A scene: its root nodes.</summary>
public sealed record GltfScene
{
    public string? Name { get; init; }

    public int[] Nodes { get; init; } = [];
}

/// <summary>A node: a local transform (TRS or a column-major matrix), children, and optionally a mesh and a skin.</summary>
public sealed record GltfNode
{
    public string? Name { get; init; }

    public int[] Children { get; init; } = [];

    public int? Mesh { get; init; }

    public int? Skin { get; init; }

    /// <summary>[x, y, z], default 0.</summary>
    public float[]? Translation { get; init; }

    /// <summary>Unit quaternion [x, y, z, w], default identity.</summary>
    public float[]? Rotation { get; init; }

    /// <summary>[x, y, z], default 1.</summary>
    public float[]? Scale { get; init; }

    /// <summary>Column-major 4×4; exclusive with TRS.</summary>
    public float[]? Matrix { get; init; }
}

/// <summary>A mesh: a list of primitives.</summary>
public sealed record GltfMesh
{
    public string? Name { get; init; }

    public GltfPrimitive[] Primitives { get; init; } = [];
}

/// <summary>A primitive: attribute accessors by semantic (POSITION, NORMAL, TEXCOORD_0, JOINTS_0, WEIGHTS_0), indices and mode.</summary>
public sealed record GltfPrimitive
{
    public Dictionary<string, int> Attributes { get; init; } = [];

    public int? Indices { get; init; }

    public int? Material { get; init; }

    /// <summary>Topology; 4 (triangles) when absent.</summary>
    public int? Mode { get; init; }
}

/// <summary>A skin: joint nodes, their inverse bind matrices, and the optional skeleton root.</summary>
public sealed record GltfSkin
{
    public string? Name { get; init; }

    public int[] Joints { get; init; } = [];

    public int? InverseBindMatrices { get; init; }

    public int? Skeleton { get; init; }
}

/// <summary>A typed view into a buffer view: component type, element type, count, offset, bounds.</summary>
public sealed record GltfAccessor
{
    public int? BufferView { get; init; }

    public long ByteOffset { get; init; }

    public int ComponentType { get; init; }

    public bool Normalized { get; init; }

    public int Count { get; init; }

    public string Type { get; init; } = "";

    public float[]? Min { get; init; }

    public float[]? Max { get; init; }

    /// <summary>Present when the accessor is sparse (not supported by this reader: refused with an error).</summary>
    public JsonElement? Sparse { get; init; }
}

/// <summary>A byte range of a buffer, with an optional stride for interleaved vertex data.</summary>
public sealed record GltfBufferView
{
    public int Buffer { get; init; }

    public long ByteOffset { get; init; }

    public long ByteLength { get; init; }

    public int? ByteStride { get; init; }

    public int? Target { get; init; }
}

/// <summary>A buffer; in a GLB, buffer 0 without a URI is the BIN chunk.</summary>
public sealed record GltfBuffer
{
    public long ByteLength { get; init; }

    public string? Uri { get; init; }
}

/// <summary>glTF component types (the <c>componentType</c> codes) and element types with their sizes.</summary>
public static class GltfComponent
{
    public const int Byte = 5120;
    public const int UnsignedByte = 5121;
    public const int Short = 5122;
    public const int UnsignedShort = 5123;
    public const int UnsignedInt = 5125;
    public const int Float = 5126;

    /// <summary>Bytes per component, or 0 for an unknown code.</summary>
    public static int Size(int componentType) => componentType switch
    {
        Byte or UnsignedByte => 1,
        Short or UnsignedShort => 2,
        UnsignedInt or Float => 4,
        _ => 0,
    };

    /// <summary>Components per element (SCALAR 1 … MAT4 16), or 0 for an unknown type.</summary>
    public static int Components(string type) => type switch
    {
        "SCALAR" => 1,
        "VEC2" => 2,
        "VEC3" => 3,
        "VEC4" => 4,
        "MAT2" => 4,
        "MAT3" => 9,
        "MAT4" => 16,
        _ => 0,
    };

    public static string Name(int componentType) => componentType switch
    {
        Byte => "BYTE",
        UnsignedByte => "UNSIGNED_BYTE",
        Short => "SHORT",
        UnsignedShort => "UNSIGNED_SHORT",
        UnsignedInt => "UNSIGNED_INT",
        Float => "FLOAT",
        _ => $"unknown ({componentType})",
    };
}
