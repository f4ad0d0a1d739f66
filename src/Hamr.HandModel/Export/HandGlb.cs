using System.Text.Json.Nodes;
using Hamr.Tensors.Io;

namespace Hamr.HandModel.Export;

/// <summary>A glTF metallic-roughness material (factors only, no textures).</summary>
/// <param name="Name">Material name.</param>
/// <param name="BaseColor">Linear RGBA base colour factor, each in [0, 1].</param>
/// <param name="Metallic">Metallic factor in [0, 1].</param>
/// <param name="Roughness">Roughness factor in [0, 1].</param>
public sealed record GlbMaterial(string Name, float[] BaseColor, float Metallic, float Roughness)
{
    /// <summary>A light skin tone (sRGB ≈ (224, 172, 150), here in linear RGB), not metallic, fairly rough.</summary>
    public static GlbMaterial Skin { get; } = new("skin", [0.745f, 0.412f, 0.305f, 1f], 0f, 0.6f);
}

/// <summary>
/// Writes hands as binary glTF 2.0 (GLB, y-up metres when made with <see cref="ExportAxes.YUp"/>): a posed static mesh
/// (<see cref="WriteStatic(string, ExportMesh, GlbMaterial?)"/>), or a rigged hand (<see cref="WriteRigged(string,
/// HandRig, GlbMaterial?)"/>) whose skeleton uses the WebXR joint names and holds the pose, so Blender, three.js and
/// Unity show a skinned, posable hand. Vertices are split along UV seams where the mesh has a UV layout (glTF has one
/// index per vertex); normals stay those of the welded mesh, so shading is smooth across seams. Files are written
/// atomically.
/// </summary>
public static class HandGlb
{
    private const string Generator = "Hamr hand export";

    public static void WriteStatic(string path, ExportMesh mesh, GlbMaterial? material = null)
    {
        var glb = Static(mesh, material);
        AtomicFile.Write(path, stream => stream.Write(glb));
    }

    public static void WriteStatic(Stream stream, ExportMesh mesh, GlbMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Static(mesh, material));
    }

    /// <summary>The GLB bytes of a static mesh: positions, normals, UVs (when present), indices, one material.</summary>
    public static byte[] Static(ExportMesh mesh, GlbMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var builder = new GlbBuilder(Generator);
        var (toVertex, indices) = Split(mesh.Uv, mesh.Faces, mesh.VertexCount);
        var attributes = MeshAttributes(builder, mesh.Positions, mesh.Normals, mesh.Uv, toVertex);
        var root = builder.Root;
        root["materials"] = new JsonArray(Material(material ?? GlbMaterial.Skin));
        root["meshes"] = new JsonArray(Mesh(mesh.Name, attributes, builder.AddIndices(indices, toVertex.Length)));
        root["nodes"] = new JsonArray(new JsonObject { ["name"] = mesh.Name, ["mesh"] = 0 });
        root["scenes"] = new JsonArray(new JsonObject { ["name"] = mesh.Name, ["nodes"] = new JsonArray(0) });
        root["scene"] = 0;
        return builder.ToGlb();
    }

    public static void WriteRigged(string path, HandRig rig, GlbMaterial? material = null)
    {
        var glb = Rigged(rig, material);
        AtomicFile.Write(path, stream => stream.Write(glb));
    }

    public static void WriteRigged(Stream stream, HandRig rig, GlbMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Rigged(rig, material));
    }

    /// <summary>
    /// The GLB bytes of a rigged hand: nodes 0–24 the skeleton (<see cref="HandRig"/>: WebXR names and order, the wrist
    /// the root), node 25 the skinned mesh (a scene root without a transform, as glTF asks of skinned meshes), one skin
    /// over all 25 joints with inverse bind matrices, JOINTS_0 (UNSIGNED_BYTE) and WEIGHTS_0 (FLOAT).
    /// </summary>
    public static byte[] Rigged(HandRig rig, GlbMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var model = rig.Model;
        var name = model.Side == Handedness.Left ? "hand-left" : "hand-right";
        var builder = new GlbBuilder(Generator);
        var (toVertex, indices) = Split(model.Uv, model.Faces, model.VertexCount);
        var attributes = MeshAttributes(builder, rig.BindVertices, rig.BindNormals, model.Uv, toVertex);
        attributes["JOINTS_0"] = builder.AddUnsignedBytes(Gather(rig.Joints, toVertex, 4), "VEC4", GlbBuilder.ArrayBuffer);
        attributes["WEIGHTS_0"] = builder.AddFloats(Gather(rig.Weights, toVertex, 4), "VEC4", GlbBuilder.ArrayBuffer);
        int inverseBind = builder.AddFloats(rig.InverseBindMatrices, "MAT4", target: null);

        var nodes = new JsonArray();
        for (int n = 0; n < HandRig.NodeCount; n++)
        {
            var node = new JsonObject { ["name"] = OpenHand.WebXrJoints.Names[n] };
            var children = new JsonArray();
            for (int c = 0; c < HandRig.NodeCount; c++)
            {
                if (HandRig.NodeParents[c] == n)
                {
                    children.Add(c);
                }
            }

            if (children.Count > 0)
            {
                node["children"] = children;
            }

            node["translation"] = GlbBuilder.Numbers(rig.NodeTranslations.AsSpan(3 * n, 3));
            var q = rig.NodeRotations.AsSpan(4 * n, 4);
            if (q[3] != 1f)
            {
                node["rotation"] = GlbBuilder.Numbers(q);
            }

            nodes.Add(node);
        }

        nodes.Add(new JsonObject { ["name"] = name, ["mesh"] = 0, ["skin"] = 0 });
        var root = builder.Root;
        root["materials"] = new JsonArray(Material(material ?? GlbMaterial.Skin));
        root["meshes"] = new JsonArray(Mesh(name, attributes, builder.AddIndices(indices, toVertex.Length)));
        root["skins"] = new JsonArray(new JsonObject
        {
            ["name"] = $"{name}-skeleton",
            ["inverseBindMatrices"] = inverseBind,
            ["skeleton"] = 0,
            ["joints"] = new JsonArray([.. Enumerable.Range(0, HandRig.NodeCount).Select(i => (JsonNode)i)]),
        });
        root["nodes"] = nodes;
        root["scenes"] = new JsonArray(new JsonObject { ["name"] = name, ["nodes"] = new JsonArray(0, HandRig.NodeCount) });
        root["scene"] = 0;
        return builder.ToGlb();
    }

    /// <summary>
    /// glTF vertices: one per UV vertex (copying its geometry vertex) when there is a UV layout, else the geometry
    /// vertices; and the triangles in those vertices.
    /// </summary>
    private static (int[] ToVertex, int[] Indices) Split(UvLayout? uv, int[] faces, int vertexCount) =>
        uv is null ? ([.. Enumerable.Range(0, vertexCount)], faces) : (uv.UvToVertex, uv.UvFaces);

    private static JsonObject MeshAttributes(GlbBuilder builder, float[] positions, float[] normals, UvLayout? uv, int[] toVertex)
    {
        var attributes = new JsonObject
        {
            ["POSITION"] = builder.AddFloats(Gather(positions, toVertex, 3), "VEC3", GlbBuilder.ArrayBuffer, bounds: true),
            ["NORMAL"] = builder.AddFloats(Gather(normals, toVertex, 3), "VEC3", GlbBuilder.ArrayBuffer),
        };
        if (uv is not null)
        {
            attributes["TEXCOORD_0"] = builder.AddFloats(uv.Uvs, "VEC2", GlbBuilder.ArrayBuffer);
        }

        return attributes;
    }

    private static JsonObject Mesh(string name, JsonObject attributes, int indices) => new()
    {
        ["name"] = name,
        ["primitives"] = new JsonArray(new JsonObject
        {
            ["attributes"] = attributes,
            ["indices"] = indices,
            ["material"] = 0,
            ["mode"] = 4,
        }),
    };

    private static JsonObject Material(GlbMaterial m)
    {
        if (m.BaseColor.Length != 4 || m.BaseColor.Any(c => !(c >= 0 && c <= 1)) || !(m.Metallic >= 0 && m.Metallic <= 1) || !(m.Roughness >= 0 && m.Roughness <= 1))
        {
            throw new ArgumentException($"material '{m.Name}': base colour must be 4 values and all factors in [0, 1]", nameof(m));
        }

        return new JsonObject
        {
            ["name"] = m.Name,
            ["pbrMetallicRoughness"] = new JsonObject
            {
                ["baseColorFactor"] = GlbBuilder.Numbers(m.BaseColor),
                ["metallicFactor"] = m.Metallic,
                ["roughnessFactor"] = m.Roughness,
            },
        };
    }

    private static T[] Gather<T>(T[] values, int[] toVertex, int width)
    {
        if (toVertex.Length * width == values.Length && IsIdentity(toVertex))
        {
            return values;
        }

        var result = new T[toVertex.Length * width];
        for (int i = 0; i < toVertex.Length; i++)
        {
            Array.Copy(values, toVertex[i] * width, result, i * width, width);
        }

        return result;
    }

    private static bool IsIdentity(int[] map)
    {
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i] != i)
            {
                return false;
            }
        }

        return true;
    }
}
