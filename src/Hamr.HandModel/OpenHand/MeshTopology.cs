namespace Hamr.HandModel.OpenHand;

/// <summary>
/// Counts that say whether a triangle mesh is a closed, consistently oriented 2-manifold: edges used once
/// (boundary), more than twice (non-manifold), or twice in the same direction (flipped neighbours); components;
/// Euler characteristic V − E + F (2 for a closed surface of genus 0).
/// </summary>
public readonly record struct MeshTopology(
    int Vertices,
    int Faces,
    int Edges,
    int BoundaryEdges,
    int NonManifoldEdges,
    int MisorientedEdges,
    int DegenerateFaces,
    int UnusedVertices,
    int Components)
{
    public int EulerCharacteristic => Vertices - UnusedVertices - Edges + Faces;

    /// <summary>Every edge shared by exactly two triangles in opposite directions, no degenerate triangle.</summary>
    public bool IsClosedOrientedManifold => BoundaryEdges == 0 && NonManifoldEdges == 0 && MisorientedEdges == 0 && DegenerateFaces == 0;

    /// <summary>Genus of a closed oriented connected surface, (2 − χ)/2; meaningless otherwise.</summary>
    public int Genus => (2 - EulerCharacteristic) / 2;

    public static MeshTopology Analyse(int[] faces, int vertexCount)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var directed = new Dictionary<(int, int), int>();
        int degenerate = 0;
        var used = new bool[vertexCount];
        var root = Enumerable.Range(0, vertexCount).ToArray();
        for (int f = 0; f < faces.Length; f += 3)
        {
            int a = faces[f], b = faces[f + 1], c = faces[f + 2];
            used[a] = used[b] = used[c] = true;
            if (a == b || b == c || a == c)
            {
                degenerate++;
                continue;
            }

            foreach (var (u, v) in new[] { (a, b), (b, c), (c, a) })
            {
                directed[(u, v)] = directed.GetValueOrDefault((u, v)) + 1;
            }

            Union(root, a, b);
            Union(root, b, c);
        }

        var undirected = new Dictionary<(int, int), int>();
        int misoriented = 0;
        foreach (var ((u, v), count) in directed)
        {
            var key = (Math.Min(u, v), Math.Max(u, v));
            undirected[key] = undirected.GetValueOrDefault(key) + count;
            if (count > 1)
            {
                misoriented++;
            }
        }

        int boundary = undirected.Values.Count(c => c == 1);
        int nonManifold = undirected.Values.Count(c => c > 2);
        int unused = used.Count(u => !u);
        int components = Enumerable.Range(0, vertexCount).Where(i => used[i]).Select(i => Find(root, i)).Distinct().Count();
        return new MeshTopology(vertexCount, faces.Length / 3, undirected.Count, boundary, nonManifold, misoriented, degenerate, unused, components);
    }

    public override string ToString() =>
        $"V {Vertices}, F {Faces}, E {Edges}, χ {EulerCharacteristic}, boundary edges {BoundaryEdges}, non-manifold edges {NonManifoldEdges}, " +
        $"misoriented edges {MisorientedEdges}, degenerate faces {DegenerateFaces}, unused vertices {UnusedVertices}, components {Components}";

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
