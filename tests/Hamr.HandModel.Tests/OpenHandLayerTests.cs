using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Tests.Support;
using Hamr.Tensors;

namespace Hamr.HandModel.Tests;

/// <summary>The layer on the real open hand (1159 vertices, 10 shapes, no pose blend shapes), right and left.</summary>
public sealed class OpenHandLayerTests
{
    private static readonly HandModel s_right = OpenHandModel.LoadRight();
    private static readonly HandModel s_left = OpenHandModel.LoadLeft();
    private static readonly HandLayer s_layer = new(s_right);

    private static float[] Random(int seed, int n, double scale)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    private static HandLayerOutput Forward(HandLayer layer, float[] beta, float[] theta, float[]? translation = null)
    {
        var output = layer.CreateOutput(theta.Length / 48);
        layer.Forward(beta, theta, translation ?? [], output);
        return output;
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Math.Sqrt((a[0] - b[0]) * (double)(a[0] - b[0]) + (a[1] - b[1]) * (double)(a[1] - b[1]) + (a[2] - b[2]) * (double)(a[2] - b[2]));

    [Fact]
    public void Zero_pose_and_shape_reproduce_the_rest_mesh_on_both_paths()
    {
        // Up to float rounding: skinning sums w_j·v with weights that sum to 1 in float (≈ 1e-7 relative).
        var plain = Forward(s_layer, [], new float[48]);
        AssertClose(s_right.TemplateVertices, plain.Vertices, 1e-7, "plain, empty β");
        var zeros = Forward(s_layer, new float[10], new float[48]);
        AssertClose(s_right.TemplateVertices, zeros.Vertices, 1e-7, "plain, β = 0");
        var tensors = s_layer.Forward(Tensor.Zeros(1, 10), Tensor.Zeros(1, 16, 3));
        AssertClose(s_right.TemplateVertices, tensors.Vertices.ToArray(), 1e-7, "autograd");
        // The 16 transforms are the identity at rest.
        for (int j = 0; j < 16; j++)
        {
            for (int e = 0; e < 16; e++)
            {
                Assert.Equal(e % 5 == 0 ? 1f : 0f, plain.Transforms[16 * j + e], 6);
            }
        }
    }

    [Fact]
    public void Rest_keypoints_sit_at_the_glb_joints_and_the_tips_within_a_few_millimetres()
    {
        var output = Forward(s_layer, [], new float[48]);
        var wrist = SharedAssets.ReferenceBindPosition("right", "wrist");
        double worstJoint = 0, worstTip = 0;
        for (int k = 0; k < HandJoints.KeypointCount; k++)
        {
            int source = HandJoints.KeypointFromJointsAndTips[k];
            string name = source < 16 ? WebXrJoints.ManoJointSource[source] : WebXrJoints.TipSource[source - 16];
            var glb = SharedAssets.ReferenceBindPosition("right", name);
            float[] expected = [(float)(glb[0] - wrist[0]), (float)(glb[1] - wrist[1]), (float)(glb[2] - wrist[2])];
            double error = Distance(output.Keypoints.AsSpan(3 * k, 3), expected);
            if (source < 16)
            {
                worstJoint = Math.Max(worstJoint, error);
            }
            else
            {
                worstTip = Math.Max(worstTip, error);
            }
            Assert.True(error < (source < 16 ? 1e-4 : 3e-3), $"{HandJoints.KeypointNames[k]} is {error * 1000:0.###} mm from the GLB's {name}");
        }
        Assert.True(worstJoint < 1e-4 && worstTip < 3e-3);
    }

    [Fact]
    public void Wrist_rotation_with_translation_moves_every_vertex_rigidly_about_the_wrist()
    {
        var beta = Random(1, 10, 1.5);
        var theta = new float[48];
        theta[0] = 1.1f;
        theta[1] = -0.6f;
        theta[2] = 2.0f;
        float[] translation = [0.05f, -0.1f, 0.4f];
        var rest = Forward(s_layer, beta, new float[48]);
        var posed = Forward(s_layer, beta, theta, translation);
        var r = LbsReference.Rodrigues(theta[0], theta[1], theta[2]);
        var wrist = rest.Joints.AsSpan(0, 3);
        double worst = 0;
        for (int i = 0; i < s_right.VertexCount; i++)
        {
            var p = rest.Vertices.AsSpan(3 * i, 3);
            for (int c = 0; c < 3; c++)
            {
                double expected = wrist[c] + translation[c]
                    + r[3 * c] * (p[0] - wrist[0]) + r[3 * c + 1] * (p[1] - wrist[1]) + r[3 * c + 2] * (p[2] - wrist[2]);
                worst = Math.Max(worst, Math.Abs(expected - posed.Vertices[3 * i + c]));
            }
        }
        Assert.True(worst < 1e-6, $"worst vertex off the rigid motion by {worst * 1e6:0.###} µm");
    }

    [Fact]
    public void Each_finger_joint_moves_only_the_vertices_skinned_to_its_chain()
    {
        var rest = Forward(s_layer, [], new float[48]);
        var posed = s_layer.CreateOutput(1);
        for (int j = 1; j < 16; j++)
        {
            var theta = new float[48];
            theta[3 * j] = 0.6f;
            theta[3 * j + 1] = -0.3f;
            theta[3 * j + 2] = 0.4f;
            s_layer.Forward([], theta, [], posed);
            var chain = Enumerable.Range(0, 16).Where(c => IsInSubtree(c, j)).ToArray();
            int moved = 0, weighted = 0;
            for (int i = 0; i < s_right.VertexCount; i++)
            {
                // Weight on the chain below j: j and its descendants (the rest of its finger).
                double weight = chain.Sum(c => (double)s_right.SkinWeights[16 * i + c]);
                double shift = Distance(rest.Vertices.AsSpan(3 * i, 3), posed.Vertices.AsSpan(3 * i, 3));
                if (weight == 0)
                {
                    Assert.True(shift == 0, $"{HandJoints.JointNames[j]} moved vertex {i} by {shift * 1000:0.###} mm; it has no weight on that chain");
                }
                else
                {
                    weighted++;
                    if (weight > 0.5 && shift > 1e-3)
                    {
                        moved++;
                    }
                }
            }
            Assert.True(weighted > 10, $"{HandJoints.JointNames[j]} has only {weighted} skinned vertices");
            Assert.True(moved > weighted / 3, $"{HandJoints.JointNames[j]} moved {moved} of its {weighted} skinned vertices by more than 1 mm");
        }
    }

    private static bool IsInSubtree(int k, int root)
    {
        for (; k >= 0; k = HandJoints.Parents[k])
        {
            if (k == root)
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public void Plain_and_autograd_paths_agree_on_random_poses_and_shapes()
    {
        const int b = 4; // the plain path's blend shapes go through GEMM from 4 hands on
        var beta = Random(2, b * 10, 2.0);
        var theta = Random(3, b * 48, 1.5);
        var translation = Random(4, b * 3, 0.3);
        var plain = Forward(s_layer, beta, theta, translation);
        var tensors = s_layer.Forward(Tensor.FromArray(beta, b, 10), Tensor.FromArray(theta, b, 16, 3), Tensor.FromArray(translation, b, 3));
        AssertClose(plain.Vertices, tensors.Vertices.ToArray(), 2e-6, "vertices");
        AssertClose(plain.Joints, tensors.Joints.ToArray(), 2e-6, "joints");
        AssertClose(plain.Keypoints, tensors.Keypoints.ToArray(), 2e-6, "keypoints");
        AssertClose(plain.Transforms, tensors.Transforms.ToArray(), 2e-6, "transforms");

        // And one hand at a time (the plain path's row-by-row blend) gives the batch's answer.
        var one = s_layer.CreateOutput(1);
        for (int i = 0; i < b; i++)
        {
            s_layer.Forward(beta.AsSpan(10 * i, 10), theta.AsSpan(48 * i, 48), translation.AsSpan(3 * i, 3), one);
            AssertClose(one.Vertices, plain.Vertices.AsSpan(i * one.Vertices.Length, one.Vertices.Length).ToArray(), 1e-6, $"hand {i}");
        }
    }

    [Fact]
    public void Plain_path_matches_the_double_reference_on_the_real_model()
    {
        var beta = Random(5, 10, 2.0);
        var theta = Random(6, 48, 1.5);
        float[] translation = [0.02f, 0.03f, -0.1f];
        var plain = Forward(s_layer, beta, theta, translation);
        var r = LbsReference.Forward(s_right, beta.Select(x => (double)x).ToArray(), theta.Select(x => (double)x).ToArray(), translation.Select(x => (double)x).ToArray());
        AssertClose(r.Vertices.Select(x => (float)x).ToArray(), plain.Vertices, 2e-6, "vertices");
        AssertClose(r.Keypoints.Select(x => (float)x).ToArray(), plain.Keypoints, 2e-6, "keypoints");
    }

    [Theory]
    [InlineData(5)]   // index2 (PIP), x
    [InlineData(40)]  // thumb1 (CMC), y
    [InlineData(2)]   // wrist, z
    public void Autograd_gradient_in_theta_matches_float_central_differences(int entry)
    {
        // Loss = Σ vertices·w + Σ keypoints·w' with fixed random weights, at a random pose and shape.
        var beta = Random(7, 10, 1.0);
        var theta = Random(8, 48, 0.8);
        var wv = Random(9, s_right.VertexCount * 3, 1.0);
        var wk = Random(10, 63, 1.0);
        var thetaT = Tensor.FromArray(theta, 1, 16, 3).RequireGrad();
        var r = s_layer.Forward(Tensor.FromArray(beta, 1, 10), thetaT);
        var loss = (r.Vertices * Tensor.FromArray(wv, 1, s_right.VertexCount, 3)).Sum() + (r.Keypoints * Tensor.FromArray(wk, 1, 21, 3)).Sum();
        loss.Backward();
        double analytic = thetaT.Grad!.ToArray()[entry];

        double Loss(float delta)
        {
            var t = (float[])theta.Clone();
            t[entry] += delta;
            var o = Forward(s_layer, beta, t);
            double sum = 0;
            for (int i = 0; i < wv.Length; i++)
            {
                sum += o.Vertices[i] * (double)wv[i];
            }
            for (int i = 0; i < wk.Length; i++)
            {
                sum += o.Keypoints[i] * (double)wk[i];
            }
            return sum;
        }
        const float h = 1e-3f;
        double numeric = (Loss(h) - Loss(-h)) / (2 * h);
        Assert.True(Math.Abs(numeric) > 1e-3, $"entry {entry}: the loss barely depends on it ({numeric})");
        Assert.True(Math.Abs(analytic - numeric) < 0.01 * Math.Abs(numeric) + 1e-3, $"entry {entry}: autograd {analytic}, central differences {numeric}");
    }

    [Fact]
    public void Left_model_under_the_mirrored_pose_gives_the_mirrored_mesh_joints_and_keypoints()
    {
        var left = new HandLayer(s_left);
        const int b = 3;
        var beta = Random(11, b * 10, 1.5);
        var theta = Random(12, b * 48, 1.2);
        var translation = Random(13, b * 3, 0.2);
        var right = Forward(s_layer, beta, theta, translation);

        var mirroredTheta = (float[])theta.Clone();
        HandModelMirror.MirrorPose(mirroredTheta);
        var mirroredTranslation = (float[])translation.Clone();
        HandModelMirror.MirrorPoints(mirroredTranslation);
        var leftOut = Forward(left, beta, mirroredTheta, mirroredTranslation);

        foreach (var (what, r, l) in new[] { ("vertices", right.Vertices, leftOut.Vertices), ("joints", right.Joints, leftOut.Joints), ("keypoints", right.Keypoints, leftOut.Keypoints) })
        {
            var expected = (float[])r.Clone();
            HandModelMirror.MirrorPoints(expected);
            AssertClose(expected, l, 1e-6, what);
        }

        // The left hand is really a different hand: the mirrored pose on the right model does not give the same mesh.
        var wrong = Forward(s_layer, beta, mirroredTheta, mirroredTranslation);
        var mirroredRight = (float[])right.Vertices.Clone();
        HandModelMirror.MirrorPoints(mirroredRight);
        Assert.True(mirroredRight.Zip(wrong.Vertices, (a, c) => Math.Abs(a - c)).Max() > 0.01);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
