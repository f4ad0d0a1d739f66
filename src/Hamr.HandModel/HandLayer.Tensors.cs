using Hamr.Tensors;

namespace Hamr.HandModel;

// The autograd path: the same steps as the plain forward, built from engine ops (differentiable in β, θ and the
// translation), with custom ops (explicit backward) where composites of small ops were several times slower: the
// kinematic chain, the sparse skinning (SparseSkinning's kernels, shared with the plain path) and the sparse tips.
public sealed partial class HandLayer
{
    private Tensor _templateT = null!;          // [V, 3]
    private Tensor _shapeDirsTT = null!;        // [S, V·3]
    private Tensor? _poseDirsTT;                // [135, V·3]
    private Tensor _jointTemplateT = null!;     // [16, 3]
    private Tensor _jointShapeDirsTT = null!;   // [S, 16·3]
    private Tensor _identity = null!;           // [3, 3]
    private Tensor _rootMask = null!;           // [16, 1]: 0 for the root, whose J_rel is J_0 itself
    private int[] _parentOrRoot = null!;        // parent index, the root mapped to itself

    private void InitializeTensors()
    {
        int v = VertexCount, s = ShapeCount;
        _templateT = Tensor.Wrap(Model.TemplateVertices, v, 3);
        _shapeDirsTT = Tensor.Wrap(_shapeDirsT, s, _v3);
        _poseDirsTT = _poseDirsT.Length == 0 ? null : Tensor.Wrap(_poseDirsT, PoseFeatures, _v3);
        _jointTemplateT = Tensor.Wrap(_jointTemplate, J, 3);
        _jointShapeDirsTT = Tensor.Wrap(_jointShapeDirsT, s, J * 3);
        _identity = Tensor.FromArray([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], 3, 3);
        var parents = Model.Parents;
        _parentOrRoot = parents.Select((p, j) => p < 0 ? j : p).ToArray();
        _rootMask = Tensor.FromArray(parents.Select(p => p < 0 ? 0f : 1f).ToArray(), J, 1);
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

        // 5. Rigid transforms down the tree: G_j = G_parent·L_j  // [B, 16, 4, 4]
        var relative = rest - rest.IndexSelect(1, _parentOrRoot) * _rootMask;                   // [B, 16, 3]
        var local = Tensor.MakeRigid4x4(rot, relative);                                          // [B, 16, 4, 4]
        var global = KinematicChain(local);                                                      // [B, 16, 4, 4]

        // 6. Skinning transforms: A_j = [R_G | t_G − R_G·J_j]  // [B, 16, 3, 4]
        var rotG = global.Slice(2, 0, 3).Slice(3, 0, 3);                                         // [B, 16, 3, 3]
        var jointsPosed = global.Slice(2, 0, 3).Select(3, 3);                                    // [B, 16, 3]
        var tA = jointsPosed - (rotG * rest.Unsqueeze(-2)).Sum(-1);                              // [B, 16, 3]
        var skin = Tensor.Concat([rotG, tA.Unsqueeze(-1)], -1);                                  // [B, 16, 3, 4]

        // 7. Linear blend skinning (+ translation)  // [B, V, 3]
        var vertices = Skin(skin, posed, translation);

        // 8. Tips on the posed mesh, joints and transforms (+ translation)  // [B, 5, 3], [B, 16, 3], [B, 16, 4, 4]
        var tips = Tips(vertices, translation);
        var joints = jointsPosed;
        var transforms = Tensor.MakeRigid4x4(rotG, tA);
        if (translation is not null)
        {
            var t = translation.Unsqueeze(1);                                                    // [B, 1, 3]
            joints = joints + t;
            transforms = Tensor.MakeRigid4x4(rotG, tA + t);
        }
        var keypoints = Tensor.Concat([joints, tips], 1).IndexSelect(1, HandJoints.KeypointFromJointsAndTips);
        return new HandLayerTensors(vertices, joints, keypoints, transforms);
    }

    /// <summary>
    /// G_j = G_parent(j)·L_j over the tree as a custom op: local [B, 16, 4, 4] → global [B, 16, 4, 4]. Backward walks the
    /// joints in reverse (children after parents): dL_j = G_parentᵀ·dG_j, dG_parent += dG_j·L_jᵀ.
    /// </summary>
    private Tensor KinematicChain(Tensor local)
    {
        var l = local.Contiguous();
        int b = l.Dim(0);
        var parents = Model.Parents;
        var result = Tensor.Zeros(b, J, 4, 4);
        var ls = l.AsSpan();
        var gs = result.AsSpan();
        for (int i = 0; i < b; i++)
        {
            var li = ls.Slice(i * J * 16, J * 16);
            var gi = gs.Slice(i * J * 16, J * 16);
            for (int j = 0; j < J; j++)
            {
                if (parents[j] < 0)
                {
                    li.Slice(16 * j, 16).CopyTo(gi.Slice(16 * j, 16));
                }
                else
                {
                    Multiply4(gi.Slice(16 * parents[j], 16), li.Slice(16 * j, 16), gi.Slice(16 * j, 16), false, false);
                }
            }
        }
        return Tensor.CustomOp(result, "KinematicChain", [l], g =>
        {
            var dG = g.Contiguous().Clone().AsSpan();       // accumulates the parents' shares
            var dL = Tensor.Zeros(b, J, 4, 4);
            var dls = dL.AsSpan();
            var globals = result.AsSpan();
            var locals = l.AsSpan();
            Span<float> t = stackalloc float[16];
            for (int i = 0; i < b; i++)
            {
                int o = i * J * 16;
                for (int j = J - 1; j >= 0; j--)
                {
                    var dGj = dG.Slice(o + 16 * j, 16);
                    int p = parents[j];
                    if (p < 0)
                    {
                        dGj.CopyTo(dls.Slice(o + 16 * j, 16));
                        continue;
                    }
                    Multiply4(globals.Slice(o + 16 * p, 16), dGj, dls.Slice(o + 16 * j, 16), true, false);
                    Multiply4(dGj, locals.Slice(o + 16 * j, 16), t, false, true);
                    var dGp = dG.Slice(o + 16 * p, 16);
                    for (int k = 0; k < 16; k++)
                    {
                        dGp[k] += t[k];
                    }
                }
            }
            return [dL];
        });
    }

    /// <summary>c = op(a)·op(b) for row-major 4×4 matrices, op = transpose where asked.</summary>
    private static void Multiply4(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool transposeA, bool transposeB)
    {
        for (int r = 0; r < 4; r++)
        {
            for (int col = 0; col < 4; col++)
            {
                float s = 0;
                for (int k = 0; k < 4; k++)
                {
                    s += (transposeA ? a[4 * k + r] : a[4 * r + k]) * (transposeB ? b[4 * col + k] : b[4 * k + col]);
                }
                c[4 * r + col] = s;
            }
        }
    }

    /// <summary>
    /// The sparse skinning kernel as a custom op: transforms [B, 16, 3, 4], v_posed [B, V, 3] and an optional
    /// translation [B, 3] → vertices [B, V, 3].
    /// </summary>
    private Tensor Skin(Tensor transforms, Tensor posed, Tensor? translation)
    {
        var a = transforms.Contiguous();
        var p = posed.Contiguous();
        var t = translation?.Contiguous();
        int b = a.Dim(0), v3 = _v3;
        var result = Tensor.Zeros(b, VertexCount, 3);
        var aSpan = a.AsSpan();
        var pSpan = p.AsSpan();
        var rSpan = result.AsSpan();
        var tSpan = t is null ? default : t.AsSpan();
        for (int i = 0; i < b; i++)
        {
            var (tx, ty, tz) = t is null ? (0f, 0f, 0f) : (tSpan[3 * i], tSpan[3 * i + 1], tSpan[3 * i + 2]);
            SparseSkinning.Forward(_skinWeights, aSpan.Slice(i * J * 12, J * 12), pSpan.Slice(i * v3, v3), tx, ty, tz, rSpan.Slice(i * v3, v3));
        }
        Tensor[] inputs = t is null ? [a, p] : [a, p, t];
        return Tensor.CustomOp(result, "LinearBlendSkinning", inputs, g =>
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
            var grads = new Tensor?[inputs.Length];
            grads[0] = a.RequiresGrad ? ga : null;
            grads[1] = p.RequiresGrad ? gp : null;
            if (t is { RequiresGrad: true })
            {
                grads[2] = SumPoints(gs, b, VertexCount);
            }
            return grads;
        });
    }

    /// <summary>
    /// The sparse tip regressor as a custom op on the translated vertices [B, V, 3] → tips [B, 5, 3]; a row that does
    /// not sum to 1 would scale the translation, so (1 − Σ row)·t is added back (as on the plain path).
    /// </summary>
    private Tensor Tips(Tensor vertices, Tensor? translation)
    {
        const int T = HandModel.TipCount;
        var v = vertices.Contiguous();
        var t = translation?.Contiguous();
        int b = v.Dim(0), v3 = _v3;
        var result = Tensor.Zeros(b, T, 3);
        var vs = v.AsSpan();
        var rs = result.AsSpan();
        for (int i = 0; i < b; i++)
        {
            var ri = rs.Slice(i * T * 3, T * 3);
            _tipRegressor.MultiplyPoints(vs.Slice(i * v3, v3), ri);
            if (t is not null)
            {
                var ts = t.AsSpan();
                for (int r = 0; r < T; r++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        ri[3 * r + c] += (1f - _tipRowSums[r]) * ts[3 * i + c];
                    }
                }
            }
        }
        Tensor[] inputs = t is null ? [v] : [v, t];
        return Tensor.CustomOp(result, "TipRegressor", inputs, g =>
        {
            var gs = g.Contiguous().AsSpan();
            var gv = Tensor.Zeros(b, VertexCount, 3);
            var o = gv.AsSpan();
            Tensor? gt = t is { RequiresGrad: true } ? Tensor.Zeros(b, 3) : null;
            for (int i = 0; i < b; i++)
            {
                var gi = gs.Slice(i * T * 3, T * 3);
                _tipRegressor.MultiplyPointsTransposed(gi, o.Slice(i * v3, v3));
                if (gt is not null)
                {
                    var gts = gt.AsSpan();
                    for (int r = 0; r < T; r++)
                    {
                        for (int c = 0; c < 3; c++)
                        {
                            gts[3 * i + c] += (1f - _tipRowSums[r]) * gi[3 * r + c];
                        }
                    }
                }
            }
            return t is null ? [gv] : [gv, gt];
        });
    }

    /// <summary>Σ over points of [B, N, 3] → [B, 3].</summary>
    private static Tensor SumPoints(ReadOnlySpan<float> points, int b, int n)
    {
        var sum = Tensor.Zeros(b, 3);
        var s = sum.AsSpan();
        for (int i = 0; i < b; i++)
        {
            double x = 0, y = 0, z = 0;
            var pi = points.Slice(i * n * 3, n * 3);
            for (int k = 0; k < pi.Length; k += 3)
            {
                x += pi[k];
                y += pi[k + 1];
                z += pi[k + 2];
            }
            s[3 * i] = (float)x;
            s[3 * i + 1] = (float)y;
            s[3 * i + 2] = (float)z;
        }
        return sum;
    }

    private static string Format(Tensor t) => "[" + string.Join(", ", t.GetShape()) + "]";
}
