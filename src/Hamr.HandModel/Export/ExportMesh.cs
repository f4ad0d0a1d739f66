namespace Hamr.HandModel.Export;

/// <summary>
/// A triangle mesh ready for the writers: positions [N, 3] (metres, already in the export axes), triangles [F, 3]
/// (counter-clockwise seen from outside), unit normals [N, 3] (computed by <see cref="MeshNormals"/> unless given), an
/// optional <see cref="UvLayout"/> over the same vertices (its own UV vertices and UV triangles, so seams stay split in
/// UV space only), and optional RGB colours [N, 3].
/// </summary>
public sealed class ExportMesh
{
    public ExportMesh(string name, float[] positions, int[] faces, float[]? normals = null, UvLayout? uv = null, byte[]? colors = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(faces);
        if (positions.Length == 0 || positions.Length % 3 != 0)
        {
            throw new ArgumentException($"{name}: positions hold {positions.Length} values, not a positive multiple of 3", nameof(positions));
        }

        int n = positions.Length / 3;
        if (faces.Length % 3 != 0)
        {
            throw new ArgumentException($"{name}: faces hold {faces.Length} indices, not a multiple of 3", nameof(faces));
        }

        foreach (int f in faces)
        {
            if ((uint)f >= (uint)n)
            {
                throw new ArgumentException($"{name}: face index {f} outside 0..{n - 1}", nameof(faces));
            }
        }

        foreach (float p in positions)
        {
            if (!float.IsFinite(p))
            {
                throw new ArgumentException($"{name}: positions hold a non-finite value", nameof(positions));
            }
        }

        if (normals is not null && normals.Length != positions.Length)
        {
            throw new ArgumentException($"{name}: normals hold {normals.Length} values, positions {positions.Length}", nameof(normals));
        }

        if (colors is not null && colors.Length != positions.Length)
        {
            throw new ArgumentException($"{name}: colours hold {colors.Length} values, need [N, 3] = {positions.Length}", nameof(colors));
        }

        if (uv is not null)
        {
            CheckUv(name, uv, n, faces.Length);
        }

        Name = name;
        Positions = positions;
        Faces = faces;
        Normals = normals ?? MeshNormals.Compute(positions, faces);
        Uv = uv;
        Colors = colors;
    }

    /// <summary>A name for the mesh inside files that have one (GLB, OBJ's object line).</summary>
    public string Name { get; }

    public int VertexCount => Positions.Length / 3;

    public int FaceCount => Faces.Length / 3;

    /// <summary>[N, 3], metres.</summary>
    public float[] Positions { get; }

    /// <summary>[F, 3] vertex indices.</summary>
    public int[] Faces { get; }

    /// <summary>[N, 3] unit normals.</summary>
    public float[] Normals { get; }

    /// <summary>Texture layout (glTF convention: origin at the image's top-left, v down), or null.</summary>
    public UvLayout? Uv { get; }

    /// <summary>[N, 3] RGB colours (8 bits), or null.</summary>
    public byte[]? Colors { get; }

    /// <summary>
    /// The mesh of a hand: <paramref name="vertices"/> [V, 3] of <paramref name="model"/> (e.g. one hand of
    /// <see cref="HandLayerOutput.Vertices"/>), mapped into <paramref name="axes"/>, with the model's faces and UV layout.
    /// </summary>
    public static ExportMesh FromHand(HandModel model, ReadOnlySpan<float> vertices, ExportAxes axes = ExportAxes.YUp, byte[]? colors = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (vertices.Length != model.VertexCount * 3)
        {
            throw new ArgumentException($"{model.Name}: vertices hold {vertices.Length} values, the model needs [V, 3] = {model.VertexCount * 3}", nameof(vertices));
        }

        var positions = vertices.ToArray();
        ExportFrame.ApplyToPoints(axes, positions);
        return new ExportMesh(model.Name, positions, model.Faces, uv: model.Uv, colors: colors);
    }

    private static void CheckUv(string name, UvLayout uv, int vertexCount, int faceIndexCount)
    {
        if (uv.Uvs.Length != 2 * uv.UvVertexCount)
        {
            throw new ArgumentException($"{name}: UV layout holds {uv.Uvs.Length} UV values for {uv.UvVertexCount} UV vertices");
        }

        if (uv.UvFaces.Length != faceIndexCount)
        {
            throw new ArgumentException($"{name}: UV layout has {uv.UvFaces.Length / 3} triangles, the mesh {faceIndexCount / 3}");
        }

        foreach (int f in uv.UvFaces)
        {
            if ((uint)f >= (uint)uv.UvVertexCount)
            {
                throw new ArgumentException($"{name}: UV face index {f} outside 0..{uv.UvVertexCount - 1}");
            }
        }

        foreach (int v in uv.UvToVertex)
        {
            if ((uint)v >= (uint)vertexCount)
            {
                throw new ArgumentException($"{name}: UV vertex copies vertex {v}, outside 0..{vertexCount - 1}");
            }
        }
    }
}
