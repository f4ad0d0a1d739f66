namespace Hamr.HandModel.Export;

/// <summary>
/// Per-vertex normals of a triangle mesh: the area-weighted mean of the adjacent faces' normals (each face adds its
/// unnormalised cross product, whose length is twice its area), normalised. Faces are counter-clockwise seen from
/// outside, so normals point outward.
/// </summary>
public static class MeshNormals
{
    /// <summary>Normals [N, 3] of positions [N, 3] and triangles [F, 3].</summary>
    public static float[] Compute(ReadOnlySpan<float> positions, ReadOnlySpan<int> faces)
    {
        var normals = new float[positions.Length];
        Compute(positions, faces, normals);
        return normals;
    }

    /// <summary>
    /// Writes unit normals [N, 3]. A vertex that no face with area touches gets (0, 0, 1), so the result is always unit
    /// length (glTF requires it).
    /// </summary>
    public static void Compute(ReadOnlySpan<float> positions, ReadOnlySpan<int> faces, Span<float> normals)
    {
        if (positions.Length % 3 != 0 || normals.Length != positions.Length)
        {
            throw new ArgumentException($"positions [N, 3] and normals [N, 3] needed, got {positions.Length} and {normals.Length} values");
        }

        if (faces.Length % 3 != 0)
        {
            throw new ArgumentException($"faces hold {faces.Length} indices, not a multiple of 3", nameof(faces));
        }

        int n = positions.Length / 3;
        // Accumulate in double: thousands of small cross products per vertex ring lose nothing that way.
        var sum = new double[positions.Length];
        for (int f = 0; f < faces.Length; f += 3)
        {
            int a = faces[f], b = faces[f + 1], c = faces[f + 2];
            if ((uint)a >= (uint)n || (uint)b >= (uint)n || (uint)c >= (uint)n)
            {
                throw new ArgumentException($"face {f / 3} refers to vertex {Math.Max(a, Math.Max(b, c))}, outside 0..{n - 1}", nameof(faces));
            }

            double ux = positions[3 * b] - positions[3 * a], uy = positions[(3 * b) + 1] - positions[(3 * a) + 1], uz = positions[(3 * b) + 2] - positions[(3 * a) + 2];
            double vx = positions[3 * c] - positions[3 * a], vy = positions[(3 * c) + 1] - positions[(3 * a) + 1], vz = positions[(3 * c) + 2] - positions[(3 * a) + 2];
            double nx = (uy * vz) - (uz * vy), ny = (uz * vx) - (ux * vz), nz = (ux * vy) - (uy * vx);
            foreach (int i in (ReadOnlySpan<int>)[a, b, c])
            {
                sum[3 * i] += nx;
                sum[(3 * i) + 1] += ny;
                sum[(3 * i) + 2] += nz;
            }
        }

        for (int i = 0; i < n; i++)
        {
            double x = sum[3 * i], y = sum[(3 * i) + 1], z = sum[(3 * i) + 2];
            double length = Math.Sqrt((x * x) + (y * y) + (z * z));
            if (length > 0 && double.IsFinite(length))
            {
                normals[3 * i] = (float)(x / length);
                normals[(3 * i) + 1] = (float)(y / length);
                normals[(3 * i) + 2] = (float)(z / length);
            }
            else
            {
                normals[3 * i] = 0f;
                normals[(3 * i) + 1] = 0f;
                normals[(3 * i) + 2] = 1f;
            }
        }
    }
}
