using System.Numerics;
using Hamr.Imaging;

namespace Hamr.Rendering;

/// <summary>
/// A triangle mesh to draw: positions [V·3] in camera space (metres), triangles [F·3] as vertex indices (a triangle
/// whose vertices wind counter-clockwise on screen faces the camera), and optional per-vertex normals [V·3],
/// linear RGB colours [V·3] in [0, 1], texture coordinates [V·2] with a texture. UV (0, 0) is the top-left corner of
/// the texture image and (1, 1) its bottom-right (glTF convention). Arrays are used in place: update
/// <see cref="Positions"/> between frames without reallocating.
/// </summary>
public sealed class RenderMesh
{
    public RenderMesh(float[] positions, int[] triangles)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(triangles);
        Positions = positions;
        Triangles = triangles;
    }

    public float[] Positions { get; }

    public int[] Triangles { get; }

    public float[]? Normals { get; set; }

    public float[]? Colors { get; set; }

    public float[]? Uvs { get; set; }

    /// <summary>Texture sampled at <see cref="Uvs"/> (gray, gray+alpha, RGB or RGBA; alpha is ignored).</summary>
    public Image? Texture { get; set; }

    public int VertexCount => Positions.Length / 3;

    public int TriangleCount => Triangles.Length / 3;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first inconsistency (lengths, indices, values).</summary>
    public void Validate()
    {
        if (Positions.Length % 3 != 0)
        {
            throw new ArgumentException($"mesh positions hold {Positions.Length} floats, not a multiple of 3");
        }
        if (Triangles.Length % 3 != 0)
        {
            throw new ArgumentException($"mesh triangles hold {Triangles.Length} indices, not a multiple of 3");
        }
        int v = VertexCount;
        CheckLength(Normals, 3 * v, "normals");
        CheckLength(Colors, 3 * v, "colours");
        CheckLength(Uvs, 2 * v, "UVs");
        var tris = Triangles.AsSpan();
        for (int i = 0; i < tris.Length; i++)
        {
            if ((uint)tris[i] >= (uint)v)
            {
                throw new ArgumentException($"triangle {i / 3} refers to vertex {tris[i]}, outside 0..{v - 1}");
            }
        }
        var p = Positions.AsSpan();
        for (int i = 0; i < p.Length; i++)
        {
            if (!float.IsFinite(p[i]))
            {
                throw new ArgumentException($"vertex {i / 3} has a non-finite coordinate {p[i]}");
            }
        }
    }

    /// <summary>Sets <see cref="Normals"/> to area-weighted averages of the adjacent faces' normals.</summary>
    public void ComputeVertexNormals()
    {
        var normals = Normals is { Length: var n } && n == Positions.Length ? Normals : new float[Positions.Length];
        Array.Clear(normals);
        var tris = Triangles;
        for (int f = 0; f < tris.Length; f += 3)
        {
            int a = tris[f], b = tris[f + 1], c = tris[f + 2];
            var pa = Position(a);
            // Not normalised: the cross product's length is twice the area, which weights the average.
            var fn = Vector3.Cross(Position(b) - pa, Position(c) - pa);
            Accumulate(normals, a, fn);
            Accumulate(normals, b, fn);
            Accumulate(normals, c, fn);
        }
        for (int i = 0; i < normals.Length; i += 3)
        {
            var nv = new Vector3(normals[i], normals[i + 1], normals[i + 2]);
            float len = nv.Length();
            nv = len > 0 ? nv / len : Vector3.Zero;
            normals[i] = nv.X;
            normals[i + 1] = nv.Y;
            normals[i + 2] = nv.Z;
        }
        Normals = normals;
    }

    /// <summary>Applies an affine transform to the positions (and its rotation part to the normals) in place.</summary>
    public void Transform(Matrix4x4 transform)
    {
        for (int i = 0; i < Positions.Length; i += 3)
        {
            var p = Vector3.Transform(Position(i / 3), transform);
            Positions[i] = p.X;
            Positions[i + 1] = p.Y;
            Positions[i + 2] = p.Z;
        }
        if (Normals is { } normals && Matrix4x4.Invert(transform, out var inverse))
        {
            // Normals transform by the inverse transpose, which keeps them perpendicular under non-uniform scaling.
            var normalMatrix = Matrix4x4.Transpose(inverse);
            for (int i = 0; i + 2 < normals.Length; i += 3)
            {
                var nv = Vector3.TransformNormal(new Vector3(normals[i], normals[i + 1], normals[i + 2]), normalMatrix);
                nv = nv.LengthSquared() > 0 ? Vector3.Normalize(nv) : nv;
                normals[i] = nv.X;
                normals[i + 1] = nv.Y;
                normals[i + 2] = nv.Z;
            }
        }
    }

    /// <summary>Moves every vertex by <paramref name="offset"/> metres.</summary>
    public void Translate(Vector3 offset) => Transform(Matrix4x4.CreateTranslation(offset));

    /// <summary>Position of vertex <paramref name="index"/>.</summary>
    public Vector3 Position(int index) => new(Positions[3 * index], Positions[3 * index + 1], Positions[3 * index + 2]);

    /// <summary>One mesh holding all of <paramref name="parts"/> (attributes kept only when every part has them).</summary>
    public static RenderMesh Merge(params RenderMesh[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var positions = new List<float>();
        var triangles = new List<int>();
        bool normals = parts.All(p => p.Normals is not null);
        bool colors = parts.All(p => p.Colors is not null);
        bool uvs = parts.All(p => p.Uvs is not null);
        var n = new List<float>();
        var c = new List<float>();
        var t = new List<float>();
        foreach (var part in parts)
        {
            int baseIndex = positions.Count / 3;
            positions.AddRange(part.Positions);
            triangles.AddRange(part.Triangles.Select(i => i + baseIndex));
            if (normals)
            {
                n.AddRange(part.Normals!);
            }
            if (colors)
            {
                c.AddRange(part.Colors!);
            }
            if (uvs)
            {
                t.AddRange(part.Uvs!);
            }
        }
        return new RenderMesh(positions.ToArray(), triangles.ToArray())
        {
            Normals = normals ? n.ToArray() : null,
            Colors = colors ? c.ToArray() : null,
            Uvs = uvs ? t.ToArray() : null,
        };
    }

    private static void CheckLength(float[]? values, int expected, string what)
    {
        if (values is not null && values.Length != expected)
        {
            throw new ArgumentException($"mesh {what} hold {values.Length} floats, expected {expected} for {expected / (what == "UVs" ? 2 : 3)} vertices");
        }
    }

    private static void Accumulate(float[] normals, int vertex, Vector3 n)
    {
        normals[3 * vertex] += n.X;
        normals[3 * vertex + 1] += n.Y;
        normals[3 * vertex + 2] += n.Z;
    }
}
