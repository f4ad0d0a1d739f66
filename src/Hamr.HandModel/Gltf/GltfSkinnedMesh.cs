using System.Numerics;

namespace Hamr.HandModel.Gltf;

/// <summary>
/// The one skinned triangle mesh of a GLB, as plain arrays: per glTF vertex its position (bind space), normal, UV,
/// four joint indices and weights; the triangles; and the skin's joints (names, inverse bind matrices, bind-pose world
/// positions). Vertices are as stored, i.e. still split along UV seams.
/// </summary>
public sealed class GltfSkinnedMesh
{
    private GltfSkinnedMesh(
        string sourceName,
        string? meshName,
        float[] positions,
        float[] normals,
        float[] uvs,
        int[] joints,
        float[] weights,
        int[] indices,
        string[] jointNames,
        Matrix4x4[] inverseBindMatrices)
    {
        SourceName = sourceName;
        MeshName = meshName;
        Positions = positions;
        Normals = normals;
        Uvs = uvs;
        Joints = joints;
        Weights = weights;
        Indices = indices;
        JointNames = jointNames;
        InverseBindMatrices = inverseBindMatrices;
    }

    public string SourceName { get; }

    public string? MeshName { get; }

    public int VertexCount => Positions.Length / 3;

    public int TriangleCount => Indices.Length / 3;

    /// <summary>[N, 3] bind-space positions (glTF units: metres).</summary>
    public float[] Positions { get; }

    /// <summary>[N, 3] unit normals, or empty when the primitive has none.</summary>
    public float[] Normals { get; }

    /// <summary>[N, 2] TEXCOORD_0 (glTF convention: origin at the image's top-left, v down), or empty.</summary>
    public float[] Uvs { get; }

    /// <summary>[N, 4] JOINTS_0: indices into <see cref="JointNames"/>.</summary>
    public int[] Joints { get; }

    /// <summary>[N, 4] WEIGHTS_0.</summary>
    public float[] Weights { get; }

    /// <summary>[T, 3] vertex indices, counter-clockwise front faces.</summary>
    public int[] Indices { get; }

    /// <summary>The skin's joint node names, in skin order.</summary>
    public string[] JointNames { get; }

    /// <summary>The skin's inverse bind matrices (System.Numerics row-vector convention), identity when the file has none.</summary>
    public Matrix4x4[] InverseBindMatrices { get; }

    /// <summary>Bind-pose world position of each joint: the translation of the inverse of its inverse bind matrix.</summary>
    public Vector3 BindPosition(int joint)
    {
        if (!Matrix4x4.Invert(InverseBindMatrices[joint], out var bind))
        {
            throw new GltfFormatException(SourceName, $"inverse bind matrix of joint '{JointNames[joint]}' is singular");
        }

        return bind.Translation;
    }

    /// <summary>Index of the joint with this name in <see cref="JointNames"/>, or −1.</summary>
    public int JointIndex(string name) => Array.IndexOf(JointNames, name);

    public static GltfSkinnedMesh Read(string path) => FromGlb(GlbReader.Read(path));

    /// <summary>Extracts the first node that has both a mesh and a skin; its mesh must be one triangle primitive.</summary>
    public static GltfSkinnedMesh FromGlb(GlbFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var d = file.Document;
        var node = Array.Find(d.Nodes, n => n.Mesh is not null && n.Skin is not null)
            ?? throw file.Fail("no node has both a mesh and a skin");
        var mesh = d.Meshes[node.Mesh!.Value];
        var skin = d.Skins[node.Skin!.Value];
        if (mesh.Primitives.Length != 1)
        {
            throw file.Fail($"mesh '{mesh.Name}' has {mesh.Primitives.Length} primitives; expected one");
        }

        var p = mesh.Primitives[0];
        if (p.Mode is int mode && mode != 4)
        {
            throw file.Fail($"mesh '{mesh.Name}' has primitive mode {mode}; only triangles (4) are supported");
        }

        int Attribute(string semantic) => p.Attributes.TryGetValue(semantic, out int a)
            ? a
            : throw file.Fail($"mesh '{mesh.Name}' has no {semantic} attribute");

        var positions = file.ReadFloats(Attribute("POSITION"), "POSITION", "VEC3");
        int n = positions.Length / 3;
        var normals = p.Attributes.TryGetValue("NORMAL", out int na) ? file.ReadFloats(na, "NORMAL", "VEC3") : [];
        var uvs = p.Attributes.TryGetValue("TEXCOORD_0", out int ta) ? file.ReadFloats(ta, "TEXCOORD_0", "VEC2") : [];
        var joints = file.ReadUnsigned(Attribute("JOINTS_0"), "JOINTS_0", allowUInt32: false, "VEC4");
        var weights = file.ReadFloats(Attribute("WEIGHTS_0"), "WEIGHTS_0", "VEC4");
        SameCount(file, "NORMAL", normals.Length, 3, n);
        SameCount(file, "TEXCOORD_0", uvs.Length, 2, n);
        SameCount(file, "JOINTS_0", joints.Length, 4, n);
        SameCount(file, "WEIGHTS_0", weights.Length, 4, n);

        int[] indices;
        if (p.Indices is int ia)
        {
            indices = file.ReadUnsigned(ia, "indices", allowUInt32: true, "SCALAR");
        }
        else
        {
            indices = new int[n];
            for (int i = 0; i < n; i++)
            {
                indices[i] = i;
            }
        }

        if (indices.Length % 3 != 0)
        {
            throw file.Fail($"indices hold {indices.Length} entries, not a multiple of 3");
        }

        foreach (int i in indices)
        {
            if ((uint)i >= (uint)n)
            {
                throw file.Fail($"index {i} is outside the {n} vertices");
            }
        }

        if (skin.Joints.Length == 0)
        {
            throw file.Fail($"skin '{skin.Name}' has no joints");
        }

        foreach (int j in joints)
        {
            if (j >= skin.Joints.Length)
            {
                throw file.Fail($"JOINTS_0 refers to joint {j}, but the skin has {skin.Joints.Length}");
            }
        }

        var names = new string[skin.Joints.Length];
        for (int j = 0; j < names.Length; j++)
        {
            names[j] = d.Nodes[skin.Joints[j]].Name ?? $"joint{j}";
        }

        var ibm = new Matrix4x4[skin.Joints.Length];
        if (skin.InverseBindMatrices is int ibmAccessor)
        {
            var m = file.ReadFloats(ibmAccessor, "inverseBindMatrices", "MAT4");
            if (m.Length != 16 * names.Length)
            {
                throw file.Fail($"inverseBindMatrices hold {m.Length / 16} matrices for {names.Length} joints");
            }

            for (int j = 0; j < ibm.Length; j++)
            {
                var s = m.AsSpan(16 * j, 16);
                // glTF stores column-major column-vector matrices: read in order they are System.Numerics' row-vector layout.
                ibm[j] = new Matrix4x4(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
            }
        }
        else
        {
            Array.Fill(ibm, Matrix4x4.Identity);
        }

        return new GltfSkinnedMesh(file.SourceName, mesh.Name, positions, normals, uvs, joints, weights, indices, names, ibm);
    }

    private static void SameCount(GlbFile file, string what, int length, int components, int vertices)
    {
        if (length != 0 && length != components * vertices)
        {
            throw file.Fail($"{what} has {length / components} elements, POSITION has {vertices}");
        }
    }
}
