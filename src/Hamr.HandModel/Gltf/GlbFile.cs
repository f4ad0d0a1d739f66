using System.Buffers.Binary;
using System.Numerics;

namespace Hamr.HandModel.Gltf;

/// <summary>
/// A parsed GLB: the document and its BIN chunk, with typed, bounds-checked reads of accessors (honouring
/// <c>byteStride</c>, <c>byteOffset</c> and <c>normalized</c>) and the nodes' world transforms.
/// </summary>
public sealed class GlbFile
{
    internal GlbFile(string sourceName, GltfDocument document, ReadOnlyMemory<byte> binary, bool hasBinary)
    {
        SourceName = sourceName;
        Document = document;
        Binary = binary;
        HasBinary = hasBinary;
    }

    /// <summary>The file name (or description) used in error messages.</summary>
    public string SourceName { get; }

    public GltfDocument Document { get; }

    /// <summary>The BIN chunk (buffer 0), empty when the file has none.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    public bool HasBinary { get; }

    /// <summary>Most elements an accessor without a buffer view (all zeros) may declare.</summary>
    public const int MaxZeroElements = 1 << 16;

    /// <summary>
    /// Reads a float accessor (or a normalised integer one, mapped to [0, 1] / [−1, 1] as the spec says) of one of the
    /// allowed element <paramref name="types"/>; returns count × components values, row-major.
    /// </summary>
    public float[] ReadFloats(int accessor, string what, params string[] types)
    {
        var a = Accessor(accessor, what);
        RequireType(a, accessor, what, types);
        if (a.ComponentType != GltfComponent.Float && !a.Normalized)
        {
            throw Fail($"{what} (accessor {accessor}) has component type {GltfComponent.Name(a.ComponentType)} without normalized: expected FLOAT or normalised integers");
        }

        if (a.ComponentType == GltfComponent.UnsignedInt)
        {
            throw Fail($"{what} (accessor {accessor}) is normalised UNSIGNED_INT, which glTF does not allow");
        }

        int n = GltfComponent.Components(a.Type);
        var layout = Layout(a, accessor, what);
        var result = new float[a.Count * n];
        ForEachElement(a, layout, (element, dst) =>
        {
            for (int c = 0; c < n; c++)
            {
                result[dst + c] = a.ComponentType switch
                {
                    GltfComponent.Float => BinaryPrimitives.ReadSingleLittleEndian(element[(4 * c)..]),
                    GltfComponent.UnsignedByte => element[c] / 255f,
                    GltfComponent.UnsignedShort => BinaryPrimitives.ReadUInt16LittleEndian(element[(2 * c)..]) / 65535f,
                    GltfComponent.Byte => Math.Max((sbyte)element[c] / 127f, -1f),
                    _ => Math.Max(BinaryPrimitives.ReadInt16LittleEndian(element[(2 * c)..]) / 32767f, -1f),
                };
            }
        });
        foreach (float v in result)
        {
            if (!float.IsFinite(v))
            {
                throw Fail($"{what} (accessor {accessor}) holds a non-finite value");
            }
        }

        return result;
    }

    /// <summary>
    /// Reads an unsigned-integer accessor (UNSIGNED_BYTE, UNSIGNED_SHORT or, when <paramref name="allowUInt32"/>,
    /// UNSIGNED_INT; not normalised) of one of the allowed element types, e.g. indices or JOINTS_0.
    /// </summary>
    public int[] ReadUnsigned(int accessor, string what, bool allowUInt32, params string[] types)
    {
        var a = Accessor(accessor, what);
        RequireType(a, accessor, what, types);
        bool ok = a.ComponentType is GltfComponent.UnsignedByte or GltfComponent.UnsignedShort
            || (allowUInt32 && a.ComponentType == GltfComponent.UnsignedInt);
        if (!ok || a.Normalized)
        {
            throw Fail($"{what} (accessor {accessor}) has component type {GltfComponent.Name(a.ComponentType)}{(a.Normalized ? " normalized" : "")}: expected unsigned {(allowUInt32 ? "8/16/32" : "8/16")}-bit integers");
        }

        int n = GltfComponent.Components(a.Type);
        var layout = Layout(a, accessor, what);
        var result = new int[a.Count * n];
        ForEachElement(a, layout, (element, dst) =>
        {
            for (int c = 0; c < n; c++)
            {
                long value = a.ComponentType switch
                {
                    GltfComponent.UnsignedByte => element[c],
                    GltfComponent.UnsignedShort => BinaryPrimitives.ReadUInt16LittleEndian(element[(2 * c)..]),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(element[(4 * c)..]),
                };
                if (value > int.MaxValue)
                {
                    throw Fail($"{what} (accessor {accessor}) holds {value}, too large");
                }

                result[dst + c] = (int)value;
            }
        });
        return result;
    }

    /// <summary>Each node's local transform (System.Numerics row-vector convention: p' = p · M).</summary>
    public Matrix4x4 LocalMatrix(int node)
    {
        var n = Document.Nodes[node];
        if (n.Matrix is { } m)
        {
            return new Matrix4x4(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15]);
        }

        var t = n.Translation is { } tr ? new Vector3(tr[0], tr[1], tr[2]) : Vector3.Zero;
        var r = n.Rotation is { } q ? Quaternion.Normalize(new Quaternion(q[0], q[1], q[2], q[3])) : Quaternion.Identity;
        var s = n.Scale is { } sc ? new Vector3(sc[0], sc[1], sc[2]) : Vector3.One;
        return Matrix4x4.CreateScale(s) * Matrix4x4.CreateFromQuaternion(r) * Matrix4x4.CreateTranslation(t);
    }

    /// <summary>World transform of every node (identity above the roots); the hierarchy was checked to be a forest.</summary>
    public Matrix4x4[] WorldMatrices()
    {
        var nodes = Document.Nodes;
        var world = new Matrix4x4[nodes.Length];
        var parent = GltfValidation.Parents(this);
        var done = new bool[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            Resolve(i);
        }

        return world;

        void Resolve(int i)
        {
            // Iterative walk to the nearest resolved ancestor: no recursion depth to exhaust on deep chains.
            var chain = new Stack<int>();
            for (int k = i; k >= 0 && !done[k]; k = parent[k])
            {
                chain.Push(k);
            }

            while (chain.Count > 0)
            {
                int k = chain.Pop();
                world[k] = parent[k] < 0 ? LocalMatrix(k) : LocalMatrix(k) * world[parent[k]];
                done[k] = true;
            }
        }
    }

    internal GltfFormatException Fail(string problem) => new(SourceName, problem);

    private GltfAccessor Accessor(int accessor, string what)
    {
        if ((uint)accessor >= (uint)Document.Accessors.Length)
        {
            throw Fail($"{what}: accessor {accessor} does not exist ({Document.Accessors.Length} accessors)");
        }

        return Document.Accessors[accessor];
    }

    private void RequireType(GltfAccessor a, int accessor, string what, string[] types)
    {
        if (types.Length > 0 && Array.IndexOf(types, a.Type) < 0)
        {
            throw Fail($"{what} (accessor {accessor}) is {a.Type}, expected {string.Join(" or ", types)}");
        }
    }

    /// <summary>
    /// Where an accessor's elements lie in the BIN chunk, after checking that they fit (so nothing is allocated for a
    /// count the file cannot back); start −1 means no buffer view (all zeros, bounded by <see cref="MaxZeroElements"/>).
    /// </summary>
    private (long Start, long Stride, int ElementSize) Layout(GltfAccessor a, int accessor, string what)
    {
        int n = GltfComponent.Components(a.Type);
        int elementSize = GltfComponent.Size(a.ComponentType) * n;
        if (a.Sparse is not null)
        {
            throw Fail($"{what} (accessor {accessor}) is sparse, which this reader does not support");
        }

        if (a.BufferView is not int viewIndex)
        {
            if (a.Count > MaxZeroElements)
            {
                throw Fail($"{what} (accessor {accessor}) has no buffer view and {a.Count} elements, more than {MaxZeroElements}");
            }

            return (-1, elementSize, elementSize);
        }

        var view = Document.BufferViews[viewIndex];
        long stride = view.ByteStride ?? elementSize;
        if (stride < elementSize)
        {
            throw Fail($"{what} (accessor {accessor}): byteStride {stride} is smaller than the element size {elementSize}");
        }

        long span = a.Count == 0 ? 0 : (stride * (a.Count - 1L)) + elementSize;
        if (a.ByteOffset > view.ByteLength || span > view.ByteLength - a.ByteOffset)
        {
            throw Fail($"{what} (accessor {accessor}): {a.Count} elements of {elementSize} bytes at stride {stride} from offset {a.ByteOffset} run past its buffer view ({view.ByteLength} bytes)");
        }

        long start = view.ByteOffset + a.ByteOffset;
        if (start + span > Binary.Length)
        {
            throw Fail($"{what} (accessor {accessor}): data ends at byte {start + span}, past the BIN chunk ({Binary.Length} bytes)");
        }

        return (start, stride, elementSize);
    }

    /// <summary>Calls <paramref name="visit"/> with each element's bytes and its first output index.</summary>
    private void ForEachElement(GltfAccessor a, (long Start, long Stride, int ElementSize) layout, ElementVisitor visit)
    {
        if (layout.Start < 0)
        {
            return; // no buffer view: the result arrays start zeroed
        }

        int n = GltfComponent.Components(a.Type);
        var bytes = Binary.Span;
        for (int i = 0; i < a.Count; i++)
        {
            visit(bytes.Slice((int)(layout.Start + (layout.Stride * i)), layout.ElementSize), i * n);
        }
    }

    private delegate void ElementVisitor(ReadOnlySpan<byte> element, int outputIndex);
}
