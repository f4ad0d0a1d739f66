namespace Hamr.HandModel.OpenHand;

/// <summary>
/// A mesh whose seam-split vertices were merged by position: geometry vertices and triangles for skinning and shape,
/// plus the UV layout that keeps the seams for texturing (UV triangles parallel to <see cref="Faces"/>).
/// </summary>
public sealed class WeldedMesh
{
    internal WeldedMesh(float[] positions, int[] faces, UvLayout uv, int[] weldedOfSource, int[] representative, float maxMergeDistance)
    {
        Positions = positions;
        Faces = faces;
        Uv = uv;
        WeldedOfSource = weldedOfSource;
        Representative = representative;
        MaxMergeDistance = maxMergeDistance;
    }

    public int VertexCount => Positions.Length / 3;

    /// <summary>[V, 3] positions (each the first source copy's).</summary>
    public float[] Positions { get; }

    /// <summary>[F, 3] triangles in welded indices, same order and winding as the source.</summary>
    public int[] Faces { get; }

    /// <summary>UV vertices (one per distinct welded vertex and UV), UV triangles parallel to <see cref="Faces"/>, and the UV → vertex map.</summary>
    public UvLayout Uv { get; }

    /// <summary>[N]: the welded vertex of each source vertex.</summary>
    public int[] WeldedOfSource { get; }

    /// <summary>[V]: the first source vertex of each welded vertex (welded vertices are numbered in that order).</summary>
    public int[] Representative { get; }

    /// <summary>Largest distance between two source vertices that were merged (metres).</summary>
    public float MaxMergeDistance { get; }
}

/// <summary>Welds vertices split along UV seams: source vertices closer than a tolerance become one geometry vertex.</summary>
public static class SeamWelder
{
    /// <summary>
    /// Merges vertices within <paramref name="tolerance"/> (Euclidean, transitively), numbering welded vertices by
    /// first appearance; UV vertices are the distinct (welded vertex, UV) pairs. Throws when a triangle collapses.
    /// </summary>
    public static WeldedMesh Weld(float[] positions, int[] indices, float[] uvs, float tolerance)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(uvs);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        int n = positions.Length / 3;
        if (uvs.Length != 2 * n)
        {
            throw new ArgumentException($"uvs hold {uvs.Length / 2} entries for {n} vertices", nameof(uvs));
        }

        // 1. Pairs within the tolerance, found by a sweep over x (sorted), joined with union-find.
        var order = Enumerable.Range(0, n).OrderBy(i => positions[3 * i]).ThenBy(i => i).ToArray();
        var root = Enumerable.Range(0, n).ToArray();
        float tol2 = tolerance * tolerance;
        float maxMerge = 0;
        for (int a = 0; a < n; a++)
        {
            int i = order[a];
            for (int b = a + 1; b < n && positions[3 * order[b]] - positions[3 * i] <= tolerance; b++)
            {
                int j = order[b];
                float d2 = Distance2(positions, i, j);
                if (d2 <= tol2)
                {
                    Union(root, i, j);
                    maxMerge = Math.Max(maxMerge, MathF.Sqrt(d2));
                }
            }
        }

        // 2. Welded vertices numbered by their first source vertex.
        var weldedOfRoot = new Dictionary<int, int>();
        var weldedOfSource = new int[n];
        var representative = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int r = Find(root, i);
            if (!weldedOfRoot.TryGetValue(r, out int w))
            {
                w = representative.Count;
                weldedOfRoot[r] = w;
                representative.Add(i);
            }

            weldedOfSource[i] = w;
        }

        var welded = new float[3 * representative.Count];
        for (int w = 0; w < representative.Count; w++)
        {
            positions.AsSpan(3 * representative[w], 3).CopyTo(welded.AsSpan(3 * w));
        }

        // 3. Faces in welded indices; UV vertices = distinct (welded vertex, exact UV) pairs in first-use order.
        var faces = new int[indices.Length];
        var uvFaces = new int[indices.Length];
        var uvOfKey = new Dictionary<(int Vertex, float U, float V), int>();
        var uvList = new List<float>();
        var uvToVertex = new List<int>();
        for (int k = 0; k < indices.Length; k++)
        {
            int s = indices[k];
            int w = weldedOfSource[s];
            faces[k] = w;
            var key = (w, uvs[2 * s], uvs[(2 * s) + 1]);
            if (!uvOfKey.TryGetValue(key, out int u))
            {
                u = uvToVertex.Count;
                uvOfKey[key] = u;
                uvList.Add(key.Item2);
                uvList.Add(key.Item3);
                uvToVertex.Add(w);
            }

            uvFaces[k] = u;
        }

        for (int f = 0; f < faces.Length; f += 3)
        {
            if (faces[f] == faces[f + 1] || faces[f + 1] == faces[f + 2] || faces[f] == faces[f + 2])
            {
                throw new InvalidOperationException($"triangle {f / 3} collapses when welding at tolerance {tolerance} m");
            }
        }

        return new WeldedMesh(welded, faces, new UvLayout([.. uvList], uvFaces, [.. uvToVertex]), weldedOfSource, [.. representative], maxMerge);
    }

    private static float Distance2(float[] p, int i, int j)
    {
        float dx = p[3 * i] - p[3 * j], dy = p[(3 * i) + 1] - p[(3 * j) + 1], dz = p[(3 * i) + 2] - p[(3 * j) + 2];
        return (dx * dx) + (dy * dy) + (dz * dz);
    }

    private static int Find(int[] root, int i)
    {
        while (root[i] != i)
        {
            root[i] = root[root[i]];
            i = root[i];
        }

        return i;
    }

    private static void Union(int[] root, int i, int j)
    {
        int a = Find(root, i), b = Find(root, j);
        if (a != b)
        {
            root[Math.Max(a, b)] = Math.Min(a, b);
        }
    }
}
