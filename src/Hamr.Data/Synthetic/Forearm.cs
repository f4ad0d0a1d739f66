using System.Numerics;

namespace Hamr.Data.Synthetic;

/// <summary>
/// A forearm for the hand, so crops show an arm leaving the frame instead of a hand cut off at the wrist: an
/// elliptic tube along the hand's axis from just inside the wrist to 40 cm back (past the elbow, so its end is rarely in view), widening over its first 22 cm, closed
/// at its far end, moving rigidly with the wrist joint. It is bare skin or wears a sleeve that starts 5, 8 or 12 cm
/// from the wrist with a slightly wider cuff. Bare skin takes, around the arm, the colours of the hand's skin around
/// its wrist (see <see cref="SurfacePoint"/>), so the seam where the two meshes cross does not stand out. Its vertices follow the hand's in the render mesh; its faces come after
/// the hand's, which is how the hand-only mask tells them apart.
/// </summary>
internal sealed class Forearm
{
    public const int Segments = 20;

    /// <summary>Distance of each ring behind the wrist joint (metres); pairs at one distance make a sharp sleeve edge.</summary>
    private static readonly float[] s_rings = [-0.012f, 0.026f, 0.05f, 0.05f, 0.08f, 0.08f, 0.12f, 0.12f, 0.22f, 0.40f];

    /// <summary>
    /// Each ring's size relative to the hand's cross-section near its wrist end: inside the hand smaller (the hand wins
    /// the z-buffer there), just past the hand's end a little larger, so the arm swallows the hand's rim and the two
    /// surfaces cross at an angle (a clean seam instead of z-fighting where they would nearly coincide).
    /// </summary>
    private static readonly float[] s_ringScales = [0.85f, 1.04f, 1.04f, 1.04f, 1.04f, 1.04f, 1.04f, 1.04f, 1.04f, 1.04f];

    /// <summary>First ring of the sleeve for each sleeve choice (the second ring of a pair).</summary>
    private static readonly int[] s_sleeveStarts = [3, 5, 7];

    private readonly Vector3 _axis;      // from the wrist toward the elbow
    private readonly Vector3 _across;    // palm width direction
    private readonly Vector3 _normal;    // palm normal
    private readonly Vector3 _offset;    // centre of the wrist's cross-section relative to the wrist joint
    private readonly float _halfWidth;
    private readonly float _halfThickness;

    public Forearm(HandRestGeometry rest)
    {
        _axis = -rest.FingerAxis;
        _normal = rest.PalmNormal;
        _across = Vector3.Normalize(Vector3.Cross(rest.FingerAxis, rest.PalmNormal));
        // The hand's cross-section near the wrist end (from the rest mesh): its centre and half extents.
        var p = rest.Positions;
        var wrist = rest.Keypoint(0);
        float end = float.MinValue;
        for (int i = 0; i < p.Length; i += 3)
        {
            end = MathF.Max(end, Vector3.Dot(new Vector3(p[i], p[i + 1], p[i + 2]) - wrist, _axis));
        }
        float minA = float.MaxValue, maxA = float.MinValue, minN = float.MaxValue, maxN = float.MinValue;
        for (int i = 0; i < p.Length; i += 3)
        {
            var d = new Vector3(p[i], p[i + 1], p[i + 2]) - wrist;
            float along = Vector3.Dot(d, _axis);
            if (along > end - 0.02f && along < end - 0.005f)
            {
                float a = Vector3.Dot(d, _across), n = Vector3.Dot(d, _normal);
                (minA, maxA, minN, maxN) = (MathF.Min(minA, a), MathF.Max(maxA, a), MathF.Min(minN, n), MathF.Max(maxN, n));
            }
        }
        _halfWidth = (maxA - minA) / 2;
        _halfThickness = (maxN - minN) / 2;
        _offset = (minA + maxA) / 2 * _across + (minN + maxN) / 2 * _normal;
        var faces = new List<int>();
        for (int r = 0; r + 1 < s_rings.Length; r++)
        {
            for (int s = 0; s < Segments; s++)
            {
                int a = r * Segments + s, b = r * Segments + (s + 1) % Segments, c = a + Segments, d = b + Segments;
                faces.AddRange([a, c, b, b, c, d]);
            }
        }
        int cap = s_rings.Length * Segments;
        for (int s = 0; s < Segments; s++)
        {
            int a = (s_rings.Length - 1) * Segments + s, b = (s_rings.Length - 1) * Segments + (s + 1) % Segments;
            faces.AddRange([a, cap, b]);
        }
        Faces = [.. faces];
        FixWinding();
    }

    public static int SleeveChoices => s_sleeveStarts.Length;

    /// <summary>Vertices: the rings, then the centre of the far cap.</summary>
    public int VertexCount => s_rings.Length * Segments + 1;

    /// <summary>Triangles over this forearm's own vertices, counter-clockwise seen from outside (right hand).</summary>
    public int[] Faces { get; }

    /// <summary>
    /// Writes the forearm's rest positions and normals (right hand, relative to the wrist joint, scaled by
    /// <paramref name="scale"/> for the hand's size), and whether each vertex is sleeve (<paramref name="sleeve"/> −1: none).
    /// </summary>
    public void Build(float scale, int sleeve, Span<Vector3> positions, Span<Vector3> normals, Span<bool> isSleeve)
    {
        int firstSleeveRing = sleeve < 0 ? int.MaxValue : s_sleeveStarts[sleeve];
        for (int r = 0; r < s_rings.Length; r++)
        {
            float t = s_rings[r];
            float grow = Math.Clamp((t - 0.026f) / 0.2f, 0f, 1f);
            bool cloth = r >= firstSleeveRing;
            float cuff = (cloth ? 1.12f : 1f) * s_ringScales[r];
            // Toward the elbow the forearm widens and becomes rounder.
            float a = scale * cuff * _halfWidth * (1 + 0.25f * grow), b = scale * cuff * _halfThickness * (1 + 0.55f * grow);
            var centre = scale * (_offset + t * _axis);
            for (int s = 0; s < Segments; s++)
            {
                float phi = 2 * MathF.PI * s / Segments;
                float c = MathF.Cos(phi), si = MathF.Sin(phi);
                int v = r * Segments + s;
                positions[v] = centre + a * c * _across + b * si * _normal;
                normals[v] = Vector3.Normalize(b * c * _across + a * si * _normal);
                isSleeve[v] = cloth;
            }
        }
        int cap = s_rings.Length * Segments;
        positions[cap] = scale * (_offset + s_rings[^1] * _axis);
        normals[cap] = _axis;
        isSleeve[cap] = sleeve >= 0;
    }

    /// <summary>A point on the forearm's surface (rest, right hand, β = 0): segment <paramref name="segment"/>'s angle,
    /// <paramref name="t"/> metres behind the wrist joint, at the hand's cross-section size.</summary>
    public Vector3 SurfacePoint(int segment, float t)
    {
        float phi = 2 * MathF.PI * segment / Segments;
        return _offset + t * _axis + _halfWidth * MathF.Cos(phi) * _across + _halfThickness * MathF.Sin(phi) * _normal;
    }

    /// <summary>Segment of each vertex (its angle around the arm; the cap centre counts as segment 0).</summary>
    public static int SegmentOf(int vertex) => vertex % Segments;

    /// <summary>Orients the triangles counter-clockwise seen from outside (the ring order above may wind either way).</summary>
    private void FixWinding()
    {
        Span<Vector3> positions = new Vector3[VertexCount];
        Span<Vector3> normals = new Vector3[VertexCount];
        Span<bool> sleeve = new bool[VertexCount];
        Build(1, -1, positions, normals, sleeve);
        int a0 = Faces[0], b0 = Faces[1], c0 = Faces[2];
        var faceNormal = Vector3.Cross(positions[b0] - positions[a0], positions[c0] - positions[a0]);
        if (Vector3.Dot(faceNormal, normals[a0]) < 0)
        {
            for (int f = 0; f < Faces.Length; f += 3)
            {
                (Faces[f + 1], Faces[f + 2]) = (Faces[f + 2], Faces[f + 1]);
            }
        }
    }
}
