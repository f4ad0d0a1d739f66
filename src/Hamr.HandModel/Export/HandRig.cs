using Hamr.Geometry;
using Hamr.HandModel.OpenHand;

namespace Hamr.HandModel.Export;

/// <summary>
/// The skeleton and skinned mesh of a rigged hand export, computed for one hand (β, θ, translation): 25 nodes named as
/// the WebXR hand joints (<see cref="WebXrJoints.Names"/>, in that order) in a proper hierarchy — wrist → each
/// metacarpal → proximal → intermediate → distal → tip (the thumb has no intermediate) — in a bind pose with
/// world-aligned frames (identity rotations) at the shaped rest joints; inverse bind matrices T(−p); and the mesh with
/// four influences per vertex.
/// <para>
/// Each node's local rotation is the pose's relative rotation of its MANO joint (<see cref="NodeJoint"/>), seen in the
/// export axes (C·R·Cᵀ); the four finger metacarpals (merged into the wrist in the hand model) and the five tips carry
/// identity. The root's translation holds the global translation. So node world matrix × inverse bind matrix is exactly
/// the layer's skinning transform A_j (in the export axes), and a viewer's linear blend skinning reproduces
/// <see cref="HandLayer"/>'s vertices up to the four-influence truncation.
/// </para>
/// Shape β is baked into the bind mesh and joint positions; pose blend shapes (MANO) are baked for the held pose, so
/// re-posing the rig in a viewer keeps that pose's correctives.
/// </summary>
public sealed class HandRig
{
    /// <summary>Nodes of the skeleton (the 25 WebXR joints).</summary>
    public const int NodeCount = 25;

    /// <summary>Parent of each node (WebXR order), −1 for the wrist: the metacarpals hang from the wrist, each joint from the previous of its finger.</summary>
    public static readonly int[] NodeParents = [-1, 0, 1, 2, 3, 0, 5, 6, 7, 8, 0, 10, 11, 12, 13, 0, 15, 16, 17, 18, 0, 20, 21, 22, 23];

    /// <summary>For each node, the MANO joint whose rotation it carries, or −1 (finger metacarpals and tips).</summary>
    public static readonly int[] NodeJoint = [.. WebXrJoints.Names.Select(n => Array.IndexOf(WebXrJoints.ManoJointSource, n))];

    /// <summary>For each of the 16 MANO joints, its node.</summary>
    public static readonly int[] JointNode = [.. WebXrJoints.ManoJointSource.Select(n => Array.IndexOf(WebXrJoints.Names, n))];

    /// <summary>For each of the 5 tips (thumb, index, middle, ring, pinky), its node.</summary>
    public static readonly int[] TipNode = [.. WebXrJoints.TipSource.Select(n => Array.IndexOf(WebXrJoints.Names, n))];

    /// <summary>
    /// Finger metacarpal nodes (index, middle, ring, pinky) and where each sits on the line from the wrist to its finger's
    /// MCP joint: the projection of right.glb's bind positions onto that line (the glb's metacarpal joints lie 5–7 mm off
    /// it). They carry no skin weight, so this only places the bones a viewer draws; as a fraction it follows β.
    /// </summary>
    private static readonly (int Node, int Mcp, double Fraction)[] Metacarpals =
    [
        (5, 1, 0.341),
        (10, 4, 0.320),
        (15, 10, 0.328),
        (20, 7, 0.502),
    ];

    private HandRig(HandModel model, ExportAxes axes)
    {
        Model = model;
        Axes = axes;
    }

    public HandModel Model { get; }

    public ExportAxes Axes { get; }

    /// <summary>The bind-pose mesh [V, 3]: shaped (and pose-blended) rest vertices in the export axes, metres.</summary>
    public float[] BindVertices { get; private set; } = [];

    /// <summary>Unit normals of the bind mesh [V, 3].</summary>
    public float[] BindNormals { get; private set; } = [];

    /// <summary>Bind-pose world position of each node [25, 3].</summary>
    public float[] BindNodePositions { get; } = new float[NodeCount * 3];

    /// <summary>Each node's local translation [25, 3] (the root's includes the global translation).</summary>
    public float[] NodeTranslations { get; } = new float[NodeCount * 3];

    /// <summary>Each node's local rotation [25, 4] as a unit quaternion in glTF order (x, y, z, w).</summary>
    public float[] NodeRotations { get; } = new float[NodeCount * 4];

    /// <summary>Inverse bind matrices [25, 16], column-major (glTF): translations by −<see cref="BindNodePositions"/>.</summary>
    public float[] InverseBindMatrices { get; } = new float[NodeCount * 16];

    /// <summary>JOINTS_0 [V, 4]: node indices of each vertex's four largest skin weights.</summary>
    public byte[] Joints { get; private set; } = [];

    /// <summary>WEIGHTS_0 [V, 4]: those weights renormalised to sum to 1.</summary>
    public float[] Weights { get; private set; } = [];

    /// <summary>The largest fraction of a vertex's skin weight the four-influence truncation dropped (0 for the open model).</summary>
    public double MaxDroppedWeight { get; private set; }

    /// <summary>
    /// The rig of <paramref name="model"/> holding pose θ [16, 3] (axis-angle, MANO order) with shape β [S] (or empty
    /// for 0) and a global translation [3] (or empty), as <see cref="HandLayer.Forward"/> takes them.
    /// </summary>
    public static HandRig Create(HandModel model, ReadOnlySpan<float> beta, ReadOnlySpan<float> theta, ReadOnlySpan<float> translation = default, ExportAxes axes = ExportAxes.YUp)
    {
        ArgumentNullException.ThrowIfNull(model);
        const int J = HandModel.JointCount;
        if (beta.Length != 0 && beta.Length != model.ShapeCount)
        {
            throw new ArgumentException($"β holds {beta.Length} values; {model.Name} takes {model.ShapeCount} (or none)", nameof(beta));
        }

        if (theta.Length != J * 3)
        {
            throw new ArgumentException($"θ holds {theta.Length} values, not [16, 3] = 48", nameof(theta));
        }

        if (translation.Length is not (0 or 3))
        {
            throw new ArgumentException($"translation holds {translation.Length} values, not 3 (or none)", nameof(translation));
        }

        foreach (float x in (ReadOnlySpan<float>)[.. beta, .. theta, .. translation])
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException("β, θ and the translation must be finite");
            }
        }

        var rig = new HandRig(model, axes);
        int v = model.VertexCount, s = model.ShapeCount;

        // 1. Rotations R_j (double), the bind mesh v_shaped (+ pose blend of this pose) and the rest joints J_reg·v_shaped.
        var rotations = new double[J * 9];
        for (int j = 0; j < J; j++)
        {
            Rotations.AxisAngleToMatrix<double>([theta[3 * j], theta[(3 * j) + 1], theta[(3 * j) + 2]], rotations.AsSpan(9 * j, 9));
        }

        var shaped = new double[3 * v];
        for (int i = 0; i < 3 * v; i++)
        {
            double x = model.TemplateVertices[i];
            for (int k = 0; k < beta.Length; k++)
            {
                x += model.ShapeDirs[(i * s) + k] * (double)beta[k];
            }

            shaped[i] = x;
        }

        var joints = Regress(model.JointRegressor, J, shaped);
        var bind = (double[])shaped.Clone();
        if (model.HasPoseBlendShapes)
        {
            const int P = (J - 1) * 9;
            for (int i = 0; i < 3 * v; i++)
            {
                double x = 0;
                for (int f = 0; f < P; f++)
                {
                    int e = f % 9;
                    x += model.PoseDirs[(i * P) + f] * (rotations[9 + f] - (e is 0 or 4 or 8 ? 1 : 0));
                }

                bind[i] += x;
            }
        }

        var tips = Regress(model.TipRegressor, HandModel.TipCount, bind);

        // 2. Bind positions of the 25 nodes: MANO joints, tips, and the finger metacarpals on the wrist→MCP lines.
        var nodes = new double[NodeCount * 3];
        for (int j = 0; j < J; j++)
        {
            joints.AsSpan(3 * j, 3).CopyTo(nodes.AsSpan(3 * JointNode[j], 3));
        }

        for (int t = 0; t < HandModel.TipCount; t++)
        {
            tips.AsSpan(3 * t, 3).CopyTo(nodes.AsSpan(3 * TipNode[t], 3));
        }

        foreach (var (node, mcp, fraction) in Metacarpals)
        {
            for (int c = 0; c < 3; c++)
            {
                nodes[(3 * node) + c] = joints[c] + (fraction * (joints[(3 * mcp) + c] - joints[c]));
            }
        }

        // 3. Into the export axes: points p → C·p, rotations R → C·R·Cᵀ.
        var (sx, sy, sz) = ExportFrame.Signs(axes);
        ReadOnlySpan<double> sign = [sx, sy, sz];
        for (int i = 0; i < bind.Length; i++)
        {
            bind[i] *= sign[i % 3];
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] *= sign[i % 3];
        }

        ExportFrame.ApplyToRotations(axes, rotations);

        Span<double> wxyz = stackalloc double[4];
        // 4. Node locals: translation = p_node − p_parent (the root: p_wrist + C·t), rotation = R of the node's joint.
        for (int n = 0; n < NodeCount; n++)
        {
            int parent = NodeParents[n];
            for (int c = 0; c < 3; c++)
            {
                double local = nodes[(3 * n) + c] - (parent < 0 ? 0 : nodes[(3 * parent) + c]);
                if (parent < 0 && translation.Length == 3)
                {
                    local += sign[c] * translation[c];
                }

                rig.NodeTranslations[(3 * n) + c] = (float)local;
                rig.BindNodePositions[(3 * n) + c] = (float)nodes[(3 * n) + c];
            }

            var q = rig.NodeRotations.AsSpan(4 * n, 4);
            int joint = NodeJoint[n];
            if (joint < 0)
            {
                q[3] = 1f; // identity (x, y, z, w) = (0, 0, 0, 1)
            }
            else
            {
                Rotations.MatrixToQuaternion<double>(rotations.AsSpan(9 * joint, 9), wxyz);
                double norm = Math.Sqrt((wxyz[0] * wxyz[0]) + (wxyz[1] * wxyz[1]) + (wxyz[2] * wxyz[2]) + (wxyz[3] * wxyz[3]));
                (q[0], q[1], q[2], q[3]) = ((float)(wxyz[1] / norm), (float)(wxyz[2] / norm), (float)(wxyz[3] / norm), (float)(wxyz[0] / norm));
            }

            var ibm = rig.InverseBindMatrices.AsSpan(16 * n, 16);
            ibm[0] = ibm[5] = ibm[10] = ibm[15] = 1f;
            for (int c = 0; c < 3; c++)
            {
                ibm[12 + c] = (float)-nodes[(3 * n) + c];
            }
        }

        // 5. The mesh: bind vertices and normals, four influences per vertex on the MANO joints' nodes.
        rig.BindVertices = [.. bind.Select(x => (float)x)];
        rig.BindNormals = MeshNormals.Compute(rig.BindVertices, model.Faces);
        rig.Joints = new byte[v * SkinInfluences.PerVertex];
        rig.Weights = new float[v * SkinInfluences.PerVertex];
        rig.MaxDroppedWeight = SkinInfluences.Reduce(model.SkinWeights, J, JointNode, rig.Joints, rig.Weights);
        return rig;
    }

    /// <summary>[rows, V] · points [V, 3] in double.</summary>
    private static double[] Regress(float[] regressor, int rows, double[] points)
    {
        int v = points.Length / 3;
        var result = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < v; i++)
            {
                double w = regressor[(r * v) + i];
                if (w != 0)
                {
                    result[3 * r] += w * points[3 * i];
                    result[(3 * r) + 1] += w * points[(3 * i) + 1];
                    result[(3 * r) + 2] += w * points[(3 * i) + 2];
                }
            }
        }

        return result;
    }
}
