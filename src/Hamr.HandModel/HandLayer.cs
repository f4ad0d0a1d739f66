using System.Numerics.Tensors;
using Hamr.Geometry;
using Hamr.Tensors.Kernels;

namespace Hamr.HandModel;

/// <summary>
/// The differentiable hand: mesh, joints, keypoints and joint transforms from shape β and pose θ, as smplx's
/// <c>lbs</c> (Loper et al. 2015; Romero et al. 2017): shape blend → joints by regressor → pose blend → rigid
/// transforms down the kinematic tree → linear blend skinning, then tips, keypoints and the global translation.
/// Two implementations of the same steps: a plain float path for inference (this file; batched, allocation-free) and
/// an autograd path for training (<c>HandLayer.Tensors.cs</c>). Pose θ is one axis-angle per joint in MANO order,
/// each relative to its parent in world-aligned rest frames; θ₀ rotates the whole hand about the wrist.
/// </summary>
public sealed partial class HandLayer
{
    private const int J = HandModel.JointCount;
    private const int PoseFeatures = (J - 1) * 9;

    private readonly int _v3;
    private readonly float[] _shapeDirsT;       // [S, V·3]: row s = shape direction s (transposed for axpy rows)
    private readonly float[] _poseDirsT;        // [135, V·3] or empty
    private readonly float[] _jointTemplate;    // [16, 3] = J_reg · template
    private readonly float[] _jointShapeDirsT;  // [S, 16·3] = (J_reg · shapedirs)ᵀ
    private readonly SparseRows _skinWeights;   // [V, 16]
    private readonly SparseRows _tipRegressor;  // [5, V]
    private readonly float[] _tipRowSums;       // [5]

    public HandLayer(HandModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        int v = model.VertexCount, s = model.ShapeCount;
        _v3 = 3 * v;
        _shapeDirsT = Transpose(model.ShapeDirs, _v3, s);
        _poseDirsT = model.HasPoseBlendShapes ? Transpose(model.PoseDirs, _v3, PoseFeatures) : [];

        // The joint regressor is linear, so J(β) = J_reg·(T + S·β) = J_reg·T + (J_reg·S)·β: precomputed once (in
        // double) instead of a [16, V]·[V, 3] product per hand.
        _jointTemplate = new float[J * 3];
        _jointShapeDirsT = new float[s * J * 3];
        var reg = model.JointRegressor;
        for (int j = 0; j < J; j++)
        {
            for (int c = 0; c < 3; c++)
            {
                double t = 0;
                var dirs = new double[s];
                for (int i = 0; i < v; i++)
                {
                    double w = reg[j * v + i];
                    if (w == 0)
                    {
                        continue;
                    }
                    t += w * model.TemplateVertices[3 * i + c];
                    for (int k = 0; k < s; k++)
                    {
                        dirs[k] += w * model.ShapeDirs[(3 * i + c) * s + k];
                    }
                }
                _jointTemplate[3 * j + c] = (float)t;
                for (int k = 0; k < s; k++)
                {
                    _jointShapeDirsT[k * J * 3 + 3 * j + c] = (float)dirs[k];
                }
            }
        }
        _skinWeights = new SparseRows(model.SkinWeights, v, J);
        _tipRegressor = new SparseRows(model.TipRegressor, HandModel.TipCount, v);
        _tipRowSums = new float[HandModel.TipCount];
        for (int t = 0; t < HandModel.TipCount; t++)
        {
            _tipRowSums[t] = TensorPrimitives.Sum(model.TipRegressor.AsSpan(t * v, v));
        }
        InitializeTensors();
    }

    public HandModel Model { get; }

    public int VertexCount => Model.VertexCount;

    public int ShapeCount => Model.ShapeCount;

    /// <summary>Joints per vertex on average in the sparse skinning (MANO's dense weights have more than the open model's).</summary>
    public double SkinJointsPerVertex => _skinWeights.NonZeros / (double)VertexCount;

    /// <summary>Output buffers for a batch of <paramref name="batchSize"/> hands.</summary>
    public HandLayerOutput CreateOutput(int batchSize) => new(batchSize, VertexCount);

    /// <summary>
    /// Plain forward for B = output.BatchSize hands: β [B, S] (or empty for β = 0), θ [B, 16, 3] axis-angle,
    /// translation [B, 3] (or empty). Allocates nothing.
    /// </summary>
    public void Forward(ReadOnlySpan<float> beta, ReadOnlySpan<float> theta, ReadOnlySpan<float> translation, HandLayerOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int b = CheckInputs(beta, translation, output);
        if (theta.Length != b * J * 3)
        {
            throw new ArgumentException($"θ holds {theta.Length} values; a batch of {b} needs [B, 16, 3] = {b * J * 3}", nameof(theta));
        }
        Rotations.AxisAnglesToMatrices(theta, output.Rotations.AsSpan());
        ForwardBatch(beta, translation, output);
    }

    /// <summary>
    /// Plain forward from per-joint rotation matrices [B, 16, 3, 3] (row-major; for 6D or quaternion users) instead of
    /// axis-angle. Otherwise as <see cref="Forward"/>.
    /// </summary>
    public void ForwardRotations(ReadOnlySpan<float> beta, ReadOnlySpan<float> rotations, ReadOnlySpan<float> translation, HandLayerOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int b = CheckInputs(beta, translation, output);
        if (rotations.Length != b * J * 9)
        {
            throw new ArgumentException($"rotations hold {rotations.Length} values; a batch of {b} needs [B, 16, 3, 3] = {b * J * 9}", nameof(rotations));
        }
        rotations.CopyTo(output.Rotations);
        ForwardBatch(beta, translation, output);
    }

    private int CheckInputs(ReadOnlySpan<float> beta, ReadOnlySpan<float> translation, HandLayerOutput output)
    {
        int b = output.BatchSize;
        if (output.VertexCount != VertexCount)
        {
            throw new ArgumentException($"output was made for {output.VertexCount} vertices, the model has {VertexCount}", nameof(output));
        }
        if (beta.Length != 0 && beta.Length != b * ShapeCount)
        {
            throw new ArgumentException($"β holds {beta.Length} values; a batch of {b} needs [B, {ShapeCount}] = {b * ShapeCount} (or none)", nameof(beta));
        }
        if (translation.Length != 0 && translation.Length != b * 3)
        {
            throw new ArgumentException($"translation holds {translation.Length} values; a batch of {b} needs [B, 3] = {b * 3} (or none)", nameof(translation));
        }
        return b;
    }

    /// <summary>The whole batch; the rotations [B, 16, 9] are already in output.Rotations.</summary>
    private void ForwardBatch(ReadOnlySpan<float> beta, ReadOnlySpan<float> translation, HandLayerOutput output)
    {
        int b = output.BatchSize, s = ShapeCount;
        var posed = output.Posed.AsSpan();           // [B, V·3]
        var rest = output.RestJoints.AsSpan();       // [B, 16·3]
        var rot = output.Rotations.AsSpan();         // [B, 16·9]

        // 1. Shape blend: v_shaped = T + β·S (one GEMM from 4 hands on)  // [B, V, 3]
        // 2. Rest joints by the regressor, J = J_reg·v_shaped, in its precomputed form J_reg·T + β·(J_reg·S)  // [B, 16, 3]
        for (int i = 0; i < b; i++)
        {
            Model.TemplateVertices.CopyTo(posed.Slice(i * _v3, _v3));
            _jointTemplate.CopyTo(rest.Slice(i * J * 3, J * 3));
        }
        if (!beta.IsEmpty)
        {
            AddProducts(beta, _shapeDirsT, posed, b, s, _v3);
            AddProducts(beta, _jointShapeDirsT, rest, b, s, J * 3);
        }

        // 3. Pose blend: v_posed = v_shaped + (R − I)·P over the 15 finger joints' 9 entries (135 features)  // [B, V, 3]
        if (_poseDirsT.Length != 0)
        {
            var features = output.PoseFeatures.AsSpan();   // [B, 135]
            for (int i = 0; i < b; i++)
            {
                for (int k = 0; k < PoseFeatures; k++)
                {
                    int e = k % 9;
                    features[i * PoseFeatures + k] = rot[i * J * 9 + 9 + k] - (e == 0 || e == 4 || e == 8 ? 1f : 0f);
                }
            }
            AddProducts(features, _poseDirsT, posed, b, PoseFeatures, _v3);
        }

        for (int i = 0; i < b; i++)
        {
            ArticulateOne(i, translation, output);
        }
    }

    /// <summary>Steps 4–8 for hand <paramref name="i"/>: its v_posed, rest joints and rotations are in the scratch.</summary>
    private void ArticulateOne(int i, ReadOnlySpan<float> translation, HandLayerOutput output)
    {
        var posed = output.Posed.AsSpan(i * _v3, _v3);             // [V, 3]
        var rest = output.RestJoints.AsSpan(i * J * 3, J * 3);     // [16, 3]
        var rot = output.Rotations.AsSpan(i * J * 9, J * 9);       // [16, 9]

        // 4. Rigid transforms down the tree: G_j = G_parent·[R_j | J_j − J_parent], G_0 = [R_0 | J_0]  // [16, 3, 4]
        var global = output.Global.AsSpan();
        var parents = Model.Parents;
        for (int j = 0; j < J; j++)
        {
            var g = global.Slice(12 * j, 12);
            var r = rot.Slice(9 * j, 9);
            int p = parents[j];
            if (p < 0)
            {
                for (int row = 0; row < 3; row++)
                {
                    g[4 * row] = r[3 * row];
                    g[4 * row + 1] = r[3 * row + 1];
                    g[4 * row + 2] = r[3 * row + 2];
                    g[4 * row + 3] = rest[3 * j + row];
                }
                continue;
            }
            var gp = global.Slice(12 * p, 12);
            float dx = rest[3 * j] - rest[3 * p], dy = rest[3 * j + 1] - rest[3 * p + 1], dz = rest[3 * j + 2] - rest[3 * p + 2];
            for (int row = 0; row < 3; row++)
            {
                float a0 = gp[4 * row], a1 = gp[4 * row + 1], a2 = gp[4 * row + 2];
                g[4 * row] = a0 * r[0] + a1 * r[3] + a2 * r[6];
                g[4 * row + 1] = a0 * r[1] + a1 * r[4] + a2 * r[7];
                g[4 * row + 2] = a0 * r[2] + a1 * r[5] + a2 * r[8];
                g[4 * row + 3] = a0 * dx + a1 * dy + a2 * dz + gp[4 * row + 3];
            }
        }

        // 5. Skinning transforms: A_j = G_j with the rest joint's translation removed, t_A = t_G − R_G·J_j  // [16, 3, 4]
        var skin = output.Skinning.AsSpan();
        global.CopyTo(skin);
        for (int j = 0; j < J; j++)
        {
            var a = skin.Slice(12 * j, 12);
            for (int row = 0; row < 3; row++)
            {
                a[4 * row + 3] -= a[4 * row] * rest[3 * j] + a[4 * row + 1] * rest[3 * j + 1] + a[4 * row + 2] * rest[3 * j + 2];
            }
        }

        // 6. Linear blend skinning (+ translation): v = Σ_j w_vj·A_j·(v_posed, 1) + t  // [V, 3]
        float tx = 0, ty = 0, tz = 0;
        if (!translation.IsEmpty)
        {
            (tx, ty, tz) = (translation[3 * i], translation[3 * i + 1], translation[3 * i + 2]);
        }
        var vertices = output.Vertices.AsSpan(i * _v3, _v3);
        SparseSkinning.Forward(_skinWeights, skin, posed, tx, ty, tz, vertices);

        // 7. Tips by the tip regressor on the posed vertices (translation included: its rows sum to 1)  // [5, 3]
        var tips = output.Tips.AsSpan();
        _tipRegressor.MultiplyPoints(vertices, tips);
        for (int t = 0; t < HandModel.TipCount; t++)
        {
            // Rows that do not sum to 1 would scale the translation; take it out and put it back exactly.
            float sum = _tipRowSums[t];
            tips[3 * t] += tx * (1f - sum);
            tips[3 * t + 1] += ty * (1f - sum);
            tips[3 * t + 2] += tz * (1f - sum);
        }

        // 8. Posed joints = G_j's translation (+ t); 21 keypoints from joints and tips; transforms as 4×4 (+ t).
        var joints = output.Joints.AsSpan(i * J * 3, J * 3);
        var transforms = output.Transforms.AsSpan(i * J * 16, J * 16);
        for (int j = 0; j < J; j++)
        {
            joints[3 * j] = global[12 * j + 3] + tx;
            joints[3 * j + 1] = global[12 * j + 7] + ty;
            joints[3 * j + 2] = global[12 * j + 11] + tz;
            var m = transforms.Slice(16 * j, 16);
            skin.Slice(12 * j, 12).CopyTo(m);
            m[3] += tx;
            m[7] += ty;
            m[11] += tz;
            m[12] = 0f;
            m[13] = 0f;
            m[14] = 0f;
            m[15] = 1f;
        }
        var keypoints = output.Keypoints.AsSpan(i * HandJoints.KeypointCount * 3, HandJoints.KeypointCount * 3);
        for (int k = 0; k < HandJoints.KeypointCount; k++)
        {
            int src = HandJoints.KeypointFromJointsAndTips[k];
            var from = src < J ? joints.Slice(3 * src, 3) : tips.Slice(3 * (src - J), 3);
            from.CopyTo(keypoints.Slice(3 * k, 3));
        }
    }

    // From this many hands on, one GEMM reads the blend shapes once for the batch (with posedirs, 2.2 MB for MANO:
    // ~4× faster per hand at batch 32); below it GEMM's packing of B costs more than it saves, so rows are added
    // one by one (skipping zero coefficients: θ = 0 or β = 0 costs nothing).
    private const int GemmMinBatch = 4;

    /// <summary>target [b, n] += coefficients [b, k] · rows [k, n].</summary>
    private static void AddProducts(ReadOnlySpan<float> coefficients, float[] rows, Span<float> target, int b, int k, int n)
    {
        if (b >= GemmMinBatch)
        {
            Gemm.Sgemm(false, false, b, n, k, 1f, coefficients, k, rows, n, 1f, target, n);
            return;
        }
        for (int i = 0; i < b; i++)
        {
            var t = target.Slice(i * n, n);
            for (int r = 0; r < k; r++)
            {
                float c = coefficients[i * k + r];
                if (c != 0f)
                {
                    TensorPrimitives.MultiplyAdd(rows.AsSpan(r * n, n), c, t, t);
                }
            }
        }
    }

    private static float[] Transpose(float[] source, int rows, int columns)
    {
        var result = new float[source.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[c * rows + r] = source[r * columns + c];
            }
        }
        return result;
    }
}
