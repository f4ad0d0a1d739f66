using Hamr.Tensors;

namespace Hamr.HandModel;

// The autograd path: the same steps as the plain forward, built from engine ops (differentiable in β, θ and the
// translation), with one custom op for the sparse skinning (SparseSkinning's forward and backward).
public sealed partial class HandLayer
{
    private Tensor _templateT = null!;          // [V, 3]
    private Tensor _shapeDirsTT = null!;        // [S, V·3]
    private Tensor? _poseDirsTT;                // [135, V·3]
    private Tensor _jointTemplateT = null!;     // [16, 3]
    private Tensor _jointShapeDirsTT = null!;   // [S, 16·3]
    private Tensor _tipRegressorT = null!;      // [5, V]
    private Tensor _identity = null!;           // [3, 3]
    private Tensor _rootMask = null!;           // [16, 1]: 0 for the root, whose J_rel is J_0 itself
    private int[] _parentOrRoot = null!;        // parent index, the root mapped to itself
    private int[][] _levels = null!;            // joints by depth in the tree: each level's parents come earlier
    private int[][] _levelParentPositions = null!;
    private int[] _levelOrderInverse = null!;

    private void InitializeTensors()
    {
        int v = VertexCount, s = ShapeCount;
        _templateT = Tensor.Wrap(Model.TemplateVertices, v, 3);
        _shapeDirsTT = Tensor.Wrap(_shapeDirsT, s, _v3);
        _poseDirsTT = _poseDirsT.Length == 0 ? null : Tensor.Wrap(_poseDirsT, PoseFeatures, _v3);
        _jointTemplateT = Tensor.Wrap(_jointTemplate, J, 3);
        _jointShapeDirsTT = Tensor.Wrap(_jointShapeDirsT, s, J * 3);
        _tipRegressorT = Tensor.Wrap(Model.TipRegressor, HandModel.TipCount, v);
        _identity = Tensor.FromArray([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], 3, 3);
        var parents = Model.Parents;
        _parentOrRoot = parents.Select((p, j) => p < 0 ? j : p).ToArray();
        _rootMask = Tensor.FromArray(parents.Select(p => p < 0 ? 0f : 1f).ToArray(), J, 1);

        var depth = new int[J];
        for (int j = 0; j < J; j++)
        {
            depth[j] = parents[j] < 0 ? 0 : depth[parents[j]] + 1;
        }
        _levels = Enumerable.Range(0, depth.Max() + 1).Select(d => Enumerable.Range(0, J).Where(j => depth[j] == d).ToArray()).ToArray();
        var order = _levels.SelectMany(l => l).ToList();
        _levelParentPositions = _levels.Select(l => l.Select(j => parents[j] < 0 ? -1 : order.IndexOf(parents[j])).ToArray()).ToArray();
        _levelOrderInverse = Enumerable.Range(0, J).Select(j => order.IndexOf(j)).ToArray();
    }

    /// <summary>
    /// Autograd forward: β [B, S], pose θ [B, 16, 3] axis-angle or [B, 16, 3, 3] rotation matrices (for 6D users),
    /// translation [B, 3] or null. Differentiable in all three.
    /// </summary>
    public HandLayerTensors Forward(Tensor beta, Tensor pose, Tensor? translation = null)
    {
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(pose);
        int b = beta.Rank == 2 && beta.Dim(1) == ShapeCount ? beta.Dim(0)
            : throw new ArgumentException($"β must be [B, {ShapeCount}], got {Format(beta)}", nameof(beta));
        bool axisAngle = pose.Rank == 3 && pose.Dim(0) == b && pose.Dim(1) == J && pose.Dim(2) == 3;
        bool matrices = pose.Rank == 4 && pose.Dim(0) == b && pose.Dim(1) == J && pose.Dim(2) == 3 && pose.Dim(3) == 3;
        if (!axisAngle && !matrices)
        {
            throw new ArgumentException($"pose must be [{b}, 16, 3] or [{b}, 16, 3, 3], got {Format(pose)}", nameof(pose));
        }
        if (translation is not null && (translation.Rank != 2 || translation.Dim(0) != b || translation.Dim(1) != 3))
        {
            throw new ArgumentException($"translation must be [{b}, 3], got {Format(translation)}", nameof(translation));
        }

        // 1. Shape blend: v_shaped = T + β·S  // [B, V, 3]
        var shaped = Tensor.MatMul(beta, _shapeDirsTT).Reshape(b, VertexCount, 3) + _templateT;

        // 2. Rest joints J = J_reg·v_shaped, precomputed as J_reg·T + β·(J_reg·S)  // [B, 16, 3]
        var rest = Tensor.MatMul(beta, _jointShapeDirsTT).Reshape(b, J, 3) + _jointTemplateT;

        // 3. Rotations  // [B, 16, 3, 3]
        var rot = axisAngle ? Tensor.Rodrigues(pose) : pose;

        // 4. Pose blend from the 15 finger joints' R − I: 135 features  // [B, V, 3]
        var posed = shaped;
        if (_poseDirsTT is not null)
        {
            var features = (rot.Slice(1, 1, J - 1) - _identity).Reshape(b, PoseFeatures);      // [B, 135]
            posed = shaped + Tensor.MatMul(features, _poseDirsTT).Reshape(b, VertexCount, 3);
        }

        // 5. Rigid transforms down the tree, one batched product per depth level  // [B, 16, 4, 4]
        var relative = rest - rest.IndexSelect(1, _parentOrRoot) * _rootMask;                   // [B, 16, 3]
        var local = Tensor.MakeRigid4x4(rot, relative);                                          // [B, 16, 4, 4]
        var global = local.IndexSelect(1, _levels[0]);
        for (int l = 1; l < _levels.Length; l++)
        {
            var parentsG = global.IndexSelect(1, _levelParentPositions[l]);
            global = Tensor.Concat([global, Tensor.MatMul(parentsG, local.IndexSelect(1, _levels[l]))], 1);
        }
        global = global.IndexSelect(1, _levelOrderInverse);                                      // joint order

        // 6. Skinning transforms: A_j = [R_G | t_G − R_G·J_j]  // [B, 16, 3, 4]
        var rotG = global.Slice(2, 0, 3).Slice(3, 0, 3);                                         // [B, 16, 3, 3]
        var jointsPosed = global.Slice(2, 0, 3).Select(3, 3);                                    // [B, 16, 3]
        var tA = jointsPosed - Tensor.MatMul(rotG, rest.Unsqueeze(-1)).Squeeze(-1);              // [B, 16, 3]
        var skin = Tensor.Concat([rotG, tA.Unsqueeze(-1)], -1);                                  // [B, 16, 3, 4]

        // 7. Linear blend skinning  // [B, V, 3]
        var vertices = Skin(skin, posed);

        // 8. Tips on the posed mesh, 21 keypoints, translation  // [B, 5, 3], [B, 21, 3]
        var tips = Tensor.MatMul(_tipRegressorT, vertices);
        var joints = jointsPosed;
        var transforms = Tensor.MakeRigid4x4(rotG, tA);
        if (translation is not null)
        {
            var t = translation.Unsqueeze(1);                                                    // [B, 1, 3]
            vertices = vertices + t;
            tips = tips + t;
            joints = joints + t;
            transforms = Tensor.MakeRigid4x4(rotG, tA + t);
        }
        var keypoints = Tensor.Concat([joints, tips], 1).IndexSelect(1, HandJoints.KeypointFromJointsAndTips);
        return new HandLayerTensors(vertices, joints, keypoints, transforms);
    }

    /// <summary>The sparse skinning kernel as a custom op: transforms [B, 16, 3, 4], v_posed [B, V, 3] → [B, V, 3].</summary>
    private Tensor Skin(Tensor transforms, Tensor posed)
    {
        var a = transforms.Contiguous();
        var p = posed.Contiguous();
        int b = a.Dim(0), v3 = _v3;
        var result = Tensor.Zeros(b, VertexCount, 3);
        var aSpan = a.AsSpan();
        var pSpan = p.AsSpan();
        var rSpan = result.AsSpan();
        for (int i = 0; i < b; i++)
        {
            SparseSkinning.Forward(_skinWeights, aSpan.Slice(i * J * 12, J * 12), pSpan.Slice(i * v3, v3), 0f, 0f, 0f, rSpan.Slice(i * v3, v3));
        }
        return Tensor.CustomOp(result, "LinearBlendSkinning", [a, p], g =>
        {
            var gs = g.Contiguous().AsSpan();
            var ga = Tensor.Zeros(b, J, 3, 4);
            var gp = Tensor.Zeros(b, VertexCount, 3);
            var gaSpan = ga.AsSpan();
            var gpSpan = gp.AsSpan();
            var aValues = a.AsSpan();
            var pValues = p.AsSpan();
            for (int i = 0; i < b; i++)
            {
                SparseSkinning.Backward(_skinWeights, aValues.Slice(i * J * 12, J * 12), pValues.Slice(i * v3, v3),
                    gs.Slice(i * v3, v3), gpSpan.Slice(i * v3, v3), gaSpan.Slice(i * J * 12, J * 12));
            }
            return [a.RequiresGrad ? ga : null, p.RequiresGrad ? gp : null];
        });
    }

    private static string Format(Tensor t) => "[" + string.Join(", ", t.GetShape()) + "]";
}
