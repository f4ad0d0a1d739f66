namespace Hamr.HandModel.Tests.Support;

/// <summary>
/// A small hand-like <see cref="HandModel"/> for tests and benchmarks until the open model lands: a right hand in
/// MANO's joint order with its palm facing +z, fingers along +y and the thumb on the +x side (metres). Each of the 16
/// bones (the wrist's bone runs to middle1, the last joint of each finger to its tip) carries rings of vertices; rings in
/// a bone's first half blend with the parent joint, the rest are rigid to the bone's joint. Joints regress to the
/// centres of their first rings, tips to the last rings of the distal bones. Shape and pose blend shapes are seeded
/// noise. Shared with the benchmarks (linked into bench/Hamr.Benchmarks).
/// </summary>
public static class SyntheticHand
{
    /// <summary>Rest joints [16, 3] in MANO order.</summary>
    public static readonly float[] RestJoints =
    [
        0f, 0f, 0f,
        0.025f, 0.085f, 0f, 0.027f, 0.125f, 0f, 0.028f, 0.150f, 0f,
        0.005f, 0.090f, 0f, 0.005f, 0.135f, 0f, 0.005f, 0.163f, 0f,
        -0.030f, 0.075f, 0f, -0.034f, 0.105f, 0f, -0.036f, 0.125f, 0f,
        -0.013f, 0.085f, 0f, -0.015f, 0.128f, 0f, -0.016f, 0.155f, 0f,
        0.020f, 0.020f, 0.005f, 0.045f, 0.045f, 0.012f, 0.060f, 0.070f, 0.015f,
    ];

    /// <summary>Tips [5, 3] in the order thumb, index, middle, ring, pinky.</summary>
    public static readonly float[] RestTips =
    [
        0.068f, 0.090f, 0.017f,
        0.029f, 0.170f, 0f,
        0.005f, 0.185f, 0f,
        -0.017f, 0.175f, 0f,
        -0.038f, 0.140f, 0f,
    ];

    /// <summary>The distal joint of each tip (thumb3, index3, middle3, ring3, pinky3).</summary>
    private static readonly int[] TipJoint = [15, 3, 6, 12, 9];

    /// <summary>Vertex count of <see cref="Create"/> with these arguments: 16 bones × rings × ring size.</summary>
    public static int VertexCount(int ringSize, int ringsPerBone) => 16 * ringsPerBone * ringSize;

    public static HandModel Create(int ringSize = 4, int ringsPerBone = 2, int shapeCount = 4, bool poseBlendShapes = false, int seed = 1)
    {
        if (ringSize < 3 || ringsPerBone < 2)
        {
            throw new ArgumentException("rings need at least 3 vertices and bones at least 2 rings");
        }
        int v = VertexCount(ringSize, ringsPerBone);
        var rng = new Random(seed);
        var template = new float[3 * v];
        var weights = new float[16 * v];
        var regressor = new float[16 * v];
        var tips = new float[5 * v];
        var faces = new List<int>();
        var parents = HandJoints.Parents;
        int vertex = 0;
        for (int j = 0; j < 16; j++)
        {
            var (start, end) = Bone(j);
            double dx = end[0] - start[0], dy = end[1] - start[1], dz = end[2] - start[2];
            double len = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            (dx, dy, dz) = (dx / len, dy / len, dz / len);
            // A basis (u, w) perpendicular to the bone.
            double ux = -dy, uy = dx, uz = 0;
            double un = Math.Sqrt(ux * ux + uy * uy);
            (ux, uy) = (ux / un, uy / un);
            double wx = dy * uz - dz * uy, wy = dz * ux - dx * uz, wz = dx * uy - dy * ux;
            for (int r = 0; r < ringsPerBone; r++)
            {
                double t = r / (double)(ringsPerBone - 1);
                int ringStart = vertex;
                for (int k = 0; k < ringSize; k++, vertex++)
                {
                    double phi = 2 * Math.PI * k / ringSize + 0.3;
                    double radius = j == 0 ? 0.02 : 0.008;
                    double c = Math.Cos(phi) * radius, s = Math.Sin(phi) * radius;
                    template[3 * vertex] = (float)(start[0] + t * (end[0] - start[0]) + c * ux + s * wx);
                    template[3 * vertex + 1] = (float)(start[1] + t * (end[1] - start[1]) + c * uy + s * wy);
                    template[3 * vertex + 2] = (float)(start[2] + t * (end[2] - start[2]) + c * uz + s * wz);
                    float own = j == 0 || t >= 0.5 ? 1f : (float)(0.5 + t);
                    weights[16 * vertex + j] = own;
                    if (own < 1f)
                    {
                        weights[16 * vertex + parents[j]] = 1f - own;
                    }
                    if (r == 0)
                    {
                        regressor[j * v + vertex] = 1f / ringSize;
                    }
                    int tip = Array.IndexOf(TipJoint, j);
                    if (r == ringsPerBone - 1 && tip >= 0)
                    {
                        tips[tip * v + vertex] = 1f / ringSize;
                    }
                    if (r > 0)
                    {
                        int a = vertex - ringSize, b = ringStart - ringSize + (k + 1) % ringSize, c2 = vertex, d = ringStart + (k + 1) % ringSize;
                        faces.AddRange([a, b, d, a, d, c2]);
                    }
                }
            }
        }
        var shapeDirs = new float[3 * v * shapeCount];
        for (int i = 0; i < shapeDirs.Length; i++)
        {
            shapeDirs[i] = (float)(Gaussian(rng) * 0.003);
        }
        var poseDirs = poseBlendShapes ? new float[3 * v * 135] : [];
        for (int i = 0; i < poseDirs.Length; i++)
        {
            poseDirs[i] = (float)(Gaussian(rng) * 0.002);
        }
        return new HandModel("synthetic-hand", Handedness.Right, template, [.. faces], shapeDirs, poseDirs, regressor, tips, (int[])parents.Clone(), weights);
    }

    /// <summary>Start and end of joint j's bone: to its first child, or to its tip for the distal joints.</summary>
    private static (float[] Start, float[] End) Bone(int j)
    {
        var start = RestJoints.AsSpan(3 * j, 3).ToArray();
        int tip = Array.IndexOf(TipJoint, j);
        if (tip >= 0)
        {
            return (start, RestTips.AsSpan(3 * tip, 3).ToArray());
        }
        int child = j == 0 ? 4 : j + 1;
        return (start, RestJoints.AsSpan(3 * child, 3).ToArray());
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
