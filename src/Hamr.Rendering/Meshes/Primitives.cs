using System.Numerics;

namespace Hamr.Rendering;

/// <summary>
/// Simple meshes with outward normals and counter-clockwise winding seen from outside: for tests, benchmarks and
/// overlay markers (joint spheres, bone capsules). All are centred at the origin.
/// </summary>
public static class Primitives
{
    /// <summary>An axis-aligned cube of edge <paramref name="size"/>: 24 vertices (flat normals, UVs per face), 12 triangles.</summary>
    public static RenderMesh Cube(float size = 1)
    {
        float h = size / 2;
        // Each face: outward normal n and two in-plane axes u, v with u × v = n, so (0,1,2) winds counter-clockwise seen from outside.
        ReadOnlySpan<(Vector3 N, Vector3 U, Vector3 V)> sides =
        [
            (Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ),
            (-Vector3.UnitX, Vector3.UnitZ, Vector3.UnitY),
            (Vector3.UnitY, Vector3.UnitZ, Vector3.UnitX),
            (-Vector3.UnitY, Vector3.UnitX, Vector3.UnitZ),
            (Vector3.UnitZ, Vector3.UnitX, Vector3.UnitY),
            (-Vector3.UnitZ, Vector3.UnitY, Vector3.UnitX),
        ];
        var positions = new float[72];
        var normals = new float[72];
        var uvs = new float[48];
        var triangles = new int[36];
        for (int f = 0; f < 6; f++)
        {
            var (n, u, v) = sides[f];
            for (int c = 0; c < 4; c++)
            {
                float su = c is 1 or 2 ? 1 : -1, sv = c >= 2 ? 1 : -1;
                Put(positions, 4 * f + c, h * (n + su * u + sv * v));
                Put(normals, 4 * f + c, n);
                uvs[2 * (4 * f + c)] = (su + 1) / 2;
                uvs[2 * (4 * f + c) + 1] = (sv + 1) / 2;
            }
            int b = 4 * f;
            ((ReadOnlySpan<int>)[b, b + 1, b + 2, b, b + 2, b + 3]).CopyTo(triangles.AsSpan(6 * f));
        }
        return new RenderMesh(positions, triangles) { Normals = normals, Uvs = uvs };
    }

    /// <summary>A sphere made by subdividing an icosahedron: 10·4^s + 2 vertices, 20·4^s triangles.</summary>
    public static RenderMesh Icosphere(float radius = 1, int subdivisions = 2)
    {
        if (subdivisions is < 0 or > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(subdivisions), subdivisions, "subdivisions must be 0..7");
        }
        float t = (1 + MathF.Sqrt(5)) / 2;
        var vertices = new List<Vector3>
        {
            new(-1, t, 0), new(1, t, 0), new(-1, -t, 0), new(1, -t, 0),
            new(0, -1, t), new(0, 1, t), new(0, -1, -t), new(0, 1, -t),
            new(t, 0, -1), new(t, 0, 1), new(-t, 0, -1), new(-t, 0, 1),
        };
        for (int i = 0; i < vertices.Count; i++)
        {
            vertices[i] = Vector3.Normalize(vertices[i]);
        }
        var faces = new List<int>
        {
            0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
        };
        for (int s = 0; s < subdivisions; s++)
        {
            var midpoints = new Dictionary<(int, int), int>();
            var next = new List<int>(faces.Count * 4);
            for (int f = 0; f < faces.Count; f += 3)
            {
                int a = faces[f], b = faces[f + 1], c = faces[f + 2];
                int ab = Midpoint(vertices, midpoints, a, b), bc = Midpoint(vertices, midpoints, b, c), ca = Midpoint(vertices, midpoints, c, a);
                next.AddRange([a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca]);
            }
            faces = next;
        }
        var positions = new float[vertices.Count * 3];
        var normals = new float[vertices.Count * 3];
        for (int i = 0; i < vertices.Count; i++)
        {
            Put(normals, i, vertices[i]);
            Put(positions, i, vertices[i] * radius);
        }
        return new RenderMesh(positions, faces.ToArray()) { Normals = normals };
    }

    /// <summary>
    /// A capsule (cylinder with hemispherical caps) along Y from −length/2 to +length/2 (cap centres), with
    /// <paramref name="segments"/> vertices around, <paramref name="capRings"/> rings per cap between pole and
    /// equator and <paramref name="bodyRings"/> extra rings along the cylinder:
    /// 2 + (2·capRings + bodyRings)·segments vertices, 2·segments·(2·capRings + bodyRings) triangles.
    /// </summary>
    public static RenderMesh Capsule(float radius, float length, int segments = 12, int capRings = 3, int bodyRings = 0)
    {
        if (segments < 3 || capRings < 1 || bodyRings < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(segments), "capsule needs segments ≥ 3, capRings ≥ 1, bodyRings ≥ 0");
        }
        // Ring k (top to bottom): polar angle and the cap centre it hangs from.
        var rings = new List<(float Y, float R, Vector2 N)>();
        float half = length / 2;
        for (int k = 1; k <= capRings; k++)
        {
            float a = MathF.PI / 2 * k / capRings;
            rings.Add((half + radius * MathF.Cos(a), radius * MathF.Sin(a), new Vector2(MathF.Sin(a), MathF.Cos(a))));
        }
        for (int k = 1; k <= bodyRings; k++)
        {
            rings.Add((half - length * k / (bodyRings + 1), radius, new Vector2(1, 0)));
        }
        for (int k = capRings; k >= 1; k--)
        {
            float a = MathF.PI / 2 * k / capRings;
            rings.Add((-half - radius * MathF.Cos(a), radius * MathF.Sin(a), new Vector2(MathF.Sin(a), -MathF.Cos(a))));
        }
        int count = 2 + rings.Count * segments;
        var positions = new float[count * 3];
        var normals = new float[count * 3];
        Put(positions, 0, new Vector3(0, half + radius, 0));
        Put(normals, 0, Vector3.UnitY);
        for (int r = 0; r < rings.Count; r++)
        {
            for (int s = 0; s < segments; s++)
            {
                float phi = 2 * MathF.PI * s / segments;
                float c = MathF.Cos(phi), sn = MathF.Sin(phi);
                var (y, rad, n) = rings[r];
                Put(positions, 1 + r * segments + s, new Vector3(rad * c, y, rad * sn));
                Put(normals, 1 + r * segments + s, new Vector3(n.X * c, n.Y, n.X * sn));
            }
        }
        int bottom = count - 1;
        Put(positions, bottom, new Vector3(0, -half - radius, 0));
        Put(normals, bottom, -Vector3.UnitY);
        var triangles = new List<int>();
        // Around +Y, increasing φ runs from +X to +Z, i.e. clockwise seen from above: wind (pole, s+1, s) outward.
        for (int s = 0; s < segments; s++)
        {
            int s1 = (s + 1) % segments;
            triangles.AddRange([0, 1 + s1, 1 + s]);
        }
        for (int r = 0; r + 1 < rings.Count; r++)
        {
            int a = 1 + r * segments, b = a + segments;
            for (int s = 0; s < segments; s++)
            {
                int s1 = (s + 1) % segments;
                triangles.AddRange([a + s, a + s1, b + s1, a + s, b + s1, b + s]);
            }
        }
        int last = 1 + (rings.Count - 1) * segments;
        for (int s = 0; s < segments; s++)
        {
            int s1 = (s + 1) % segments;
            triangles.AddRange([bottom, last + s, last + s1]);
        }
        return new RenderMesh(positions, triangles.ToArray()) { Normals = normals };
    }

    /// <summary>
    /// A <paramref name="width"/>×<paramref name="height"/> rectangle in the z = 0 plane split into n×n quads, facing −Z
    /// (towards a camera looking down +Z): (n+1)² vertices, 2n² triangles, UV (0,0) at (−w/2, −h/2) and (1,1) at (w/2, h/2).
    /// </summary>
    public static RenderMesh Plane(float width = 1, float height = 1, int subdivisions = 1)
    {
        if (subdivisions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(subdivisions), subdivisions, "subdivisions must be ≥ 1");
        }
        int n = subdivisions, row = n + 1;
        var positions = new float[row * row * 3];
        var normals = new float[row * row * 3];
        var uvs = new float[row * row * 2];
        for (int j = 0; j <= n; j++)
        {
            for (int i = 0; i <= n; i++)
            {
                float u = (float)i / n, v = (float)j / n;
                int k = j * row + i;
                Put(positions, k, new Vector3((u - 0.5f) * width, (v - 0.5f) * height, 0));
                Put(normals, k, -Vector3.UnitZ);
                uvs[2 * k] = u;
                uvs[2 * k + 1] = v;
            }
        }
        var triangles = new int[n * n * 6];
        int t = 0;
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int a = j * row + i, b = a + 1, c = a + row + 1, d = a + row;
                // x right, y down: (a, d, c) winds counter-clockwise on screen, i.e. faces −Z.
                ((ReadOnlySpan<int>)[a, d, c, a, c, b]).CopyTo(triangles.AsSpan(t));
                t += 6;
            }
        }
        return new RenderMesh(positions, triangles) { Normals = normals, Uvs = uvs };
    }

    private static int Midpoint(List<Vector3> vertices, Dictionary<(int, int), int> cache, int a, int b)
    {
        var key = a < b ? (a, b) : (b, a);
        if (!cache.TryGetValue(key, out int index))
        {
            index = vertices.Count;
            vertices.Add(Vector3.Normalize((vertices[a] + vertices[b]) / 2));
            cache[key] = index;
        }
        return index;
    }

    private static void Put(float[] array, int index, Vector3 v)
    {
        array[3 * index] = v.X;
        array[3 * index + 1] = v.Y;
        array[3 * index + 2] = v.Z;
    }
}
