using Hamr.HandModel.Loaders.Pickle;

namespace Hamr.HandModel.Loaders.Mano;

/// <summary>Choices for <see cref="ManoLoader"/>.</summary>
public sealed record ManoLoadOptions
{
    /// <summary>Which published fingertip vertices make the tip regressor (default <see cref="ManoFingertips.Smplx"/>).</summary>
    public ManoFingertips Fingertips { get; init; } = ManoFingertips.Smplx;

    /// <summary>
    /// Explicit tip vertices (thumb, index, middle, ring, pinky) overriding <see cref="Fingertips"/>: for meshes other
    /// than MANO's 778 vertices (the test fixtures) or another convention.
    /// </summary>
    public IReadOnlyList<int>? TipVertices { get; init; }
}

/// <summary>
/// Loads the official MANO model (<c>MANO_RIGHT.pkl</c>/<c>MANO_LEFT.pkl</c>, v1.2) into a <see cref="HandModel"/>
/// without Python or chumpy, through the safe <see cref="PickleReader"/>. Keys read: v_template [V,3],
/// shapedirs [V,3,S] (a chumpy Select over a Ch in the real files; Ch or plain arrays anywhere are fine),
/// posedirs [V,3,135], J_regressor [16,V] (scipy CSC), weights [V,16], kintree_table [2,16], f [F,3],
/// hands_components [45,45] and hands_mean [45] (the pose PCA). V is whatever v_template has (MANO: 778) and every
/// other key must agree with it. Fingertips come from a named convention (<see cref="ManoFingertipTable"/>).
/// Left or right: from the geometry (MANO_RIGHT's rest wrist lies on the +x side of its finger joints, at about
/// (0.0957, 0.0064, 0.0062) m with the fingers toward −x; MANO_LEFT mirrors x), cross-checked with the file name
/// when it says LEFT or RIGHT, and with the caller's expectation. Values are returned as stored; note that
/// MANO_LEFT.pkl v1.2's shapedirs have the x component's sign of the right hand (smplx issue #48, which
/// downstream code patches by negating shapedirs[:, 0, :]); the loader does not alter them.
/// </summary>
public static class ManoLoader
{
    /// <summary>Pose blend shape count: 15 joints × 9 rotation-matrix entries.</summary>
    public const int PoseDirCount = (HandModel.JointCount - 1) * 9;

    /// <summary>Size of MANO's pose PCA space (15 joints × 3 axis-angle components).</summary>
    public const int PcaSize = (HandModel.JointCount - 1) * 3;

    /// <summary>Vertex count accepted at most (MANO: 778), so that a hostile file cannot size huge dense arrays.</summary>
    public const int MaxVertices = 1 << 20;

    /// <summary>Loads a MANO pickle file; <paramref name="expected"/>, when given, must match the hand in the file.</summary>
    public static HandModel Load(string path, Handedness? expected = null, ManoLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromPickle(PickleReader.ReadFile(path), path, expected, options ?? new ManoLoadOptions());
    }

    /// <summary>Loads a MANO pickle held in memory; <paramref name="sourceName"/> names it (and its file name may say LEFT/RIGHT).</summary>
    public static HandModel Load(byte[] data, string sourceName, Handedness? expected = null, ManoLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return FromPickle(PickleReader.Read(data, sourceName), sourceName, expected, options ?? new ManoLoadOptions());
    }

    private static HandModel FromPickle(object? root, string source, Handedness? expected, ManoLoadOptions options)
    {
        if (root is not PickleDict dict)
        {
            throw new ManoFormatException(source, null, $"the pickle holds {PickleDescribe.Of(root)}, not a dict of MANO arrays");
        }

        var keys = new ManoKeys(dict, source);
        const int J = HandModel.JointCount;

        // 1. The template fixes V; every other key must agree.
        var template = keys.Array("v_template", 3L * MaxVertices);
        if (template.Rank != 2 || template.Shape[1] != 3 || template.Shape[0] < 1 || template.Shape[0] > MaxVertices)
        {
            throw keys.Shape("v_template", template, "[V, 3] with V ≥ 1");
        }

        int v = template.Shape[0];
        string vNote = $"V = {v} from v_template";
        var faces = keys.Array("f", 3L * 4 * MaxVertices);
        if (faces.Rank != 2 || faces.Shape[1] != 3)
        {
            throw keys.Shape("f", faces, "[F, 3]");
        }

        var shapeDirs = keys.Array("shapedirs", 3L * v * 400);
        if (shapeDirs.Rank != 3 || shapeDirs.Shape[0] != v || shapeDirs.Shape[1] != 3 || shapeDirs.Shape[2] < 1)
        {
            throw keys.Shape("shapedirs", shapeDirs, $"[{v}, 3, S] ({vNote})");
        }

        var poseDirs = keys.Exact("posedirs", [v, 3, PoseDirCount], vNote);
        var jointRegressor = keys.Exact("J_regressor", [J, v], vNote);
        var weights = keys.Exact("weights", [v, J], vNote);
        var kintree = keys.Exact("kintree_table", [2, J], null);
        var components = keys.Exact("hands_components", [PcaSize, PcaSize], null);
        var mean = keys.Exact("hands_mean", [PcaSize], null);

        // 2. Integer data: faces index vertices; the kinematic tree must be MANO's.
        int[] faceIndices = keys.Indices("f", faces.Data, v);
        int[] parents = ParentsFromKintree(kintree.Data, keys);

        // 3. Which hand, then the fingertips of the chosen convention for it.
        var templateF = ToFloats(template.Data);
        var regressorF = ToFloats(jointRegressor.Data);
        var side = DecideSide(source, expected, ManoHandedness.FromGeometry(templateF, regressorF, v), ManoHandedness.FromFileName(source));
        var tips = options.TipVertices?.ToArray() ?? ManoFingertipTable.Vertices(options.Fingertips, side);
        string tipSource = options.TipVertices is null ? $"the {options.Fingertips} fingertip convention" : "ManoLoadOptions.TipVertices";
        if (tips.Length != HandModel.TipCount)
        {
            throw new ManoFormatException(source, null, $"{tipSource} gives {tips.Length} tip vertices, not {HandModel.TipCount}");
        }

        var tipRegressor = new float[HandModel.TipCount * v];
        for (int t = 0; t < tips.Length; t++)
        {
            if ((uint)tips[t] >= (uint)v)
            {
                throw new ManoFormatException(source, null, $"fingertip vertex {tips[t]} of {tipSource} is outside 0..{v - 1} ({vNote}; MANO has {ManoFingertipTable.ManoVertexCount}); pass ManoLoadOptions.TipVertices");
            }

            tipRegressor[(t * v) + tips[t]] = 1;
        }

        string name = Path.GetFileNameWithoutExtension(source);
        return new HandModel(
            string.IsNullOrEmpty(name) ? "MANO" : name,
            side,
            templateF,
            faceIndices,
            ToFloats(shapeDirs.Data),
            ToFloats(poseDirs.Data),
            regressorF,
            tipRegressor,
            parents,
            ToFloats(weights.Data))
        {
            PosePca = new PosePca(ToFloats(components.Data), ToFloats(mean.Data)),
        };
    }

    /// <summary>
    /// Parents from kintree_table as SMPL/MANO's own code reads it: row 1 holds each column's joint id, row 0 its
    /// parent's id; the root's entry is ignored (MANO stores 2^32 − 1 there).
    /// </summary>
    private static int[] ParentsFromKintree(double[] table, ManoKeys keys)
    {
        const int J = HandModel.JointCount;
        var columnOfId = new Dictionary<double, int>();
        for (int col = 0; col < J; col++)
        {
            if (!columnOfId.TryAdd(table[J + col], col))
            {
                throw keys.Problem("kintree_table", $"joint id {table[J + col]} appears twice in row 1");
            }
        }

        var parents = new int[J];
        parents[0] = -1;
        for (int col = 1; col < J; col++)
        {
            parents[col] = columnOfId.TryGetValue(table[col], out int p)
                ? p
                : throw keys.Problem("kintree_table", $"parent id {table[col]} of column {col} is no joint's id");
        }

        if (!parents.AsSpan().SequenceEqual(HandJoints.Parents))
        {
            throw keys.Problem("kintree_table", $"gives parents [{string.Join(", ", parents)}], not MANO's [{string.Join(", ", HandJoints.Parents)}]");
        }

        return parents;
    }

    private static Handedness DecideSide(string source, Handedness? expected, Handedness? geometry, Handedness? named)
    {
        if (geometry is { } g && named is { } n && g != n)
        {
            throw new ManoFormatException(source, null, $"the file name says {n} but the model is a {g} hand (its rest wrist lies on the {(g == Handedness.Right ? "+x" : "−x")} side of its finger joints)");
        }

        var side = geometry ?? named ?? expected
            ?? throw new ManoFormatException(source, null, "cannot tell left from right (flat geometry, no LEFT/RIGHT in the name): pass the expected hand");
        if (expected is { } e && e != side)
        {
            throw new ManoFormatException(source, null, $"expected a {e} hand, the file holds a {side} hand");
        }

        return side;
    }

    private static float[] ToFloats(double[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }
}
