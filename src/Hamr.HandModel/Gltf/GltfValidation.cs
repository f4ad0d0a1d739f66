namespace Hamr.HandModel.Gltf;

/// <summary>
/// Checks a parsed document's cross-references before anything reads through them: every index points into its
/// array, buffer views lie inside their buffer and the buffer inside the BIN chunk, accessor codes are known, the
/// node hierarchy is a forest (one parent at most, no cycles), and transforms have the right lengths.
/// </summary>
internal static class GltfValidation
{
    public static void Check(GlbFile file)
    {
        var d = file.Document;
        NoNulls(file, d.Scenes, "scenes");
        NoNulls(file, d.Nodes, "nodes");
        NoNulls(file, d.Meshes, "meshes");
        NoNulls(file, d.Skins, "skins");
        NoNulls(file, d.Accessors, "accessors");
        NoNulls(file, d.BufferViews, "bufferViews");
        NoNulls(file, d.Buffers, "buffers");
        if (d.Asset is null || !d.Asset.Version.StartsWith("2.", StringComparison.Ordinal))
        {
            throw file.Fail($"asset.version is '{d.Asset?.Version}', expected 2.x");
        }

        CheckBuffers(file);
        CheckAccessors(file);
        if (d.Scene is int scene)
        {
            Index(file, scene, d.Scenes.Length, "scene");
        }

        for (int s = 0; s < d.Scenes.Length; s++)
        {
            foreach (int n in d.Scenes[s].Nodes)
            {
                Index(file, n, d.Nodes.Length, $"scenes[{s}].nodes");
            }
        }

        for (int i = 0; i < d.Nodes.Length; i++)
        {
            CheckNode(file, i);
        }

        _ = Parents(file); // rejects a node with two parents and cycles
        for (int m = 0; m < d.Meshes.Length; m++)
        {
            NoNulls(file, d.Meshes[m].Primitives, $"meshes[{m}].primitives");
            foreach (var p in d.Meshes[m].Primitives)
            {
                foreach (var (semantic, accessor) in p.Attributes)
                {
                    Index(file, accessor, d.Accessors.Length, $"meshes[{m}] attribute {semantic}");
                }

                if (p.Indices is int indices)
                {
                    Index(file, indices, d.Accessors.Length, $"meshes[{m}] indices");
                }
            }
        }

        for (int s = 0; s < d.Skins.Length; s++)
        {
            var skin = d.Skins[s];
            foreach (int j in skin.Joints)
            {
                Index(file, j, d.Nodes.Length, $"skins[{s}].joints");
            }

            if (skin.InverseBindMatrices is int ibm)
            {
                Index(file, ibm, d.Accessors.Length, $"skins[{s}].inverseBindMatrices");
            }

            if (skin.Skeleton is int root)
            {
                Index(file, root, d.Nodes.Length, $"skins[{s}].skeleton");
            }
        }
    }

    /// <summary>Parent of each node (−1 for roots); throws when a node has two parents or the children form a cycle.</summary>
    public static int[] Parents(GlbFile file)
    {
        var nodes = file.Document.Nodes;
        var parent = new int[nodes.Length];
        Array.Fill(parent, -1);
        for (int i = 0; i < nodes.Length; i++)
        {
            foreach (int c in nodes[i].Children)
            {
                Index(file, c, nodes.Length, $"nodes[{i}].children");
                if (parent[c] >= 0 || c == i)
                {
                    throw file.Fail($"node {c} has more than one parent (nodes {parent[c]} and {i}): the hierarchy must be a tree");
                }

                parent[c] = i;
            }
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            int steps = 0;
            for (int k = parent[i]; k >= 0; k = parent[k])
            {
                if (++steps > nodes.Length)
                {
                    throw file.Fail($"node {i} lies on a cycle of children");
                }
            }
        }

        return parent;
    }

    private static void CheckBuffers(GlbFile file)
    {
        var d = file.Document;
        for (int b = 0; b < d.Buffers.Length; b++)
        {
            var buffer = d.Buffers[b];
            if (buffer.Uri is not null)
            {
                throw file.Fail($"buffers[{b}] refers to an external or data URI, which this reader does not support (GLB BIN only)");
            }

            if (b != 0)
            {
                throw file.Fail($"buffers[{b}] has no URI: only buffer 0 may be the GLB BIN chunk");
            }

            if (buffer.ByteLength < 0 || buffer.ByteLength > file.Binary.Length)
            {
                throw file.Fail($"buffers[0].byteLength is {buffer.ByteLength}, but the BIN chunk holds {file.Binary.Length} bytes");
            }
        }

        for (int v = 0; v < d.BufferViews.Length; v++)
        {
            var view = d.BufferViews[v];
            Index(file, view.Buffer, d.Buffers.Length, $"bufferViews[{v}].buffer");
            long bufferLength = d.Buffers[view.Buffer].ByteLength;
            if (view.ByteOffset < 0 || view.ByteLength < 0 || view.ByteOffset > bufferLength || view.ByteLength > bufferLength - view.ByteOffset)
            {
                throw file.Fail($"bufferViews[{v}] (offset {view.ByteOffset}, length {view.ByteLength}) lies outside buffer {view.Buffer} ({d.Buffers[view.Buffer].ByteLength} bytes)");
            }

            if (view.ByteStride is int stride && (stride < 4 || stride > 252 || stride % 4 != 0))
            {
                throw file.Fail($"bufferViews[{v}].byteStride is {stride}; glTF allows multiples of 4 from 4 to 252");
            }
        }
    }

    private static void CheckAccessors(GlbFile file)
    {
        var d = file.Document;
        for (int i = 0; i < d.Accessors.Length; i++)
        {
            var a = d.Accessors[i];
            int size = GltfComponent.Size(a.ComponentType);
            int n = GltfComponent.Components(a.Type);
            if (size == 0)
            {
                throw file.Fail($"accessors[{i}] has unknown componentType {a.ComponentType}");
            }

            if (n == 0)
            {
                throw file.Fail($"accessors[{i}] has unknown type '{a.Type}'");
            }

            if (size < 4 && a.Type is "MAT2" or "MAT3")
            {
                throw file.Fail($"accessors[{i}] is {a.Type} of {GltfComponent.Name(a.ComponentType)} (padded columns), which this reader does not support");
            }

            if (a.Count < 0 || a.ByteOffset < 0)
            {
                throw file.Fail($"accessors[{i}] has negative count or byteOffset");
            }

            if (a.ByteOffset % size != 0)
            {
                throw file.Fail($"accessors[{i}].byteOffset {a.ByteOffset} is not a multiple of its component size {size}");
            }

            if (a.BufferView is int view)
            {
                Index(file, view, d.BufferViews.Length, $"accessors[{i}].bufferView");
            }

            if (a.Min is { } min && min.Length != n || a.Max is { } max && max.Length != n)
            {
                throw file.Fail($"accessors[{i}] min/max do not have {n} entries");
            }
        }
    }

    private static void CheckNode(GlbFile file, int i)
    {
        var d = file.Document;
        var node = d.Nodes[i];
        if (node.Mesh is int mesh)
        {
            Index(file, mesh, d.Meshes.Length, $"nodes[{i}].mesh");
        }

        if (node.Skin is int skin)
        {
            Index(file, skin, d.Skins.Length, $"nodes[{i}].skin");
        }

        Length(file, node.Translation, 3, i, "translation");
        Length(file, node.Rotation, 4, i, "rotation");
        Length(file, node.Scale, 3, i, "scale");
        Length(file, node.Matrix, 16, i, "matrix");
        if (node.Matrix is not null && (node.Translation ?? node.Rotation ?? node.Scale) is not null)
        {
            throw file.Fail($"nodes[{i}] has both a matrix and TRS properties");
        }
    }

    private static void Length(GlbFile file, float[]? values, int expected, int node, string name)
    {
        if (values is null)
        {
            return;
        }

        if (values.Length != expected)
        {
            throw file.Fail($"nodes[{node}].{name} has {values.Length} numbers, expected {expected}");
        }

        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw file.Fail($"nodes[{node}].{name} holds a non-finite number");
            }
        }
    }

    private static void Index(GlbFile file, int index, int count, string where)
    {
        if ((uint)index >= (uint)count)
        {
            throw file.Fail($"{where} refers to index {index}, outside 0..{count - 1}");
        }
    }

    private static void NoNulls<T>(GlbFile file, T[] items, string name)
        where T : class
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] is null)
            {
                throw file.Fail($"{name}[{i}] is null");
            }
        }
    }
}
