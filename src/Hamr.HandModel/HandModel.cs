namespace Hamr.HandModel;

/// <summary>Which hand a model, a prediction or a sample is.</summary>
public enum Handedness
{
    Right,
    Left,
}

/// <summary>
/// The data of a MANO-style parametric hand (plain arrays, float32, metres), as in smplx's <c>lbs</c>:
/// a template mesh, linear shape and pose blend shapes, a joint regressor, a kinematic tree of
/// <see cref="JointCount"/> articulated joints in MANO order (wrist, index 1–3, middle 1–3, pinky 1–3, ring 1–3,
/// thumb 1–3) and linear-blend-skinning weights; plus 5 fingertips as fixed combinations of vertices. Both the
/// open model (from the WebXR hand) and official MANO load into this type; <c>HandLayer</c> evaluates it.
/// Layouts are row-major and named in the comments by their shape.
/// </summary>
public sealed class HandModel
{
    /// <summary>Articulated joints (MANO: 16).</summary>
    public const int JointCount = 16;

    /// <summary>Fingertips (thumb, index, middle, ring, pinky).</summary>
    public const int TipCount = 5;

    public HandModel(
        string name,
        Handedness side,
        float[] templateVertices,
        int[] faces,
        float[] shapeDirs,
        float[] poseDirs,
        float[] jointRegressor,
        float[] tipRegressor,
        int[] parents,
        float[] skinWeights)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(templateVertices);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(shapeDirs);
        ArgumentNullException.ThrowIfNull(poseDirs);
        ArgumentNullException.ThrowIfNull(jointRegressor);
        ArgumentNullException.ThrowIfNull(tipRegressor);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(skinWeights);
        if (templateVertices.Length == 0 || templateVertices.Length % 3 != 0)
        {
            throw new ArgumentException($"{name}: template holds {templateVertices.Length} floats, not a positive multiple of 3", nameof(templateVertices));
        }

        int v = templateVertices.Length / 3;
        Require(name, faces.Length % 3 == 0, "faces length is not a multiple of 3");
        foreach (int f in faces)
        {
            Require(name, (uint)f < (uint)v, $"face index {f} outside 0..{v - 1}");
        }

        Require(name, shapeDirs.Length % (v * 3) == 0, $"shapeDirs length {shapeDirs.Length} is not a multiple of V·3 = {v * 3}");
        Require(name, poseDirs.Length == 0 || poseDirs.Length == v * 3 * (JointCount - 1) * 9, $"poseDirs length {poseDirs.Length} is neither 0 nor V·3·135 = {v * 3 * 135}");
        Require(name, jointRegressor.Length == JointCount * v, $"jointRegressor length {jointRegressor.Length} is not 16·V = {JointCount * v}");
        Require(name, tipRegressor.Length == TipCount * v, $"tipRegressor length {tipRegressor.Length} is not 5·V = {TipCount * v}");
        Require(name, parents.Length == JointCount && parents[0] == -1, "parents must hold 16 entries with the root (-1) first");
        for (int j = 1; j < JointCount; j++)
        {
            Require(name, parents[j] >= 0 && parents[j] < j, $"parent of joint {j} is {parents[j]}: parents must come before their children");
        }

        Require(name, skinWeights.Length == v * JointCount, $"skinWeights length {skinWeights.Length} is not V·16 = {v * JointCount}");

        Name = name;
        Side = side;
        VertexCount = v;
        TemplateVertices = templateVertices;
        Faces = faces;
        ShapeCount = shapeDirs.Length / (v * 3);
        ShapeDirs = shapeDirs;
        PoseDirs = poseDirs;
        JointRegressor = jointRegressor;
        TipRegressor = tipRegressor;
        Parents = parents;
        SkinWeights = skinWeights;
    }

    /// <summary>A short name, e.g. "open-hand-right" or "MANO_RIGHT".</summary>
    public string Name { get; }

    public Handedness Side { get; }

    public int VertexCount { get; }

    public int FaceCount => Faces.Length / 3;

    /// <summary>Number of shape coefficients β (10 for MANO and the open model).</summary>
    public int ShapeCount { get; }

    /// <summary>Rest mesh at β = 0, θ = 0: [V, 3], metres.</summary>
    public float[] TemplateVertices { get; }

    /// <summary>Triangles, counter-clockwise seen from outside: [F, 3] vertex indices.</summary>
    public int[] Faces { get; }

    /// <summary>Shape blend shapes: [V, 3, S] (MANO's <c>shapedirs</c> layout), metres per unit β.</summary>
    public float[] ShapeDirs { get; }

    /// <summary>Pose blend shapes: [V, 3, 135] (MANO's <c>posedirs</c>), or empty when the model has none.</summary>
    public float[] PoseDirs { get; }

    public bool HasPoseBlendShapes => PoseDirs.Length != 0;

    /// <summary>Joint regressor: [16, V]; rest joints = JointRegressor · vertices (after the shape blend).</summary>
    public float[] JointRegressor { get; }

    /// <summary>Fingertip regressor: [5, V] in order thumb, index, middle, ring, pinky, applied to posed vertices.</summary>
    public float[] TipRegressor { get; }

    /// <summary>Parent of each joint ([16], root −1), parents before children.</summary>
    public int[] Parents { get; }

    /// <summary>Skinning weights: [V, 16], rows sum to 1.</summary>
    public float[] SkinWeights { get; }

    /// <summary>Optional texture layout for rendering and export (null when the model has none).</summary>
    public UvLayout? Uv { get; init; }

    /// <summary>Optional PCA pose space (MANO's <c>hands_components</c> [45, 45] rows = components, and <c>hands_mean</c> [45]).</summary>
    public PosePca? PosePca { get; init; }

    private static void Require(string name, bool ok, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name}: {problem}");
        }
    }
}

/// <summary>
/// A texture layout over a welded mesh: UV vertices (a geometry vertex on a UV seam has several), the triangles in
/// UV-vertex indices, and for each UV vertex the geometry vertex it copies.
/// </summary>
public sealed record UvLayout(float[] Uvs, int[] UvFaces, int[] UvToVertex)
{
    public int UvVertexCount => UvToVertex.Length;
}

/// <summary>MANO's linear pose space over the 15 finger joints' axis-angles (45 values).</summary>
public sealed record PosePca(float[] Components, float[] Mean);
