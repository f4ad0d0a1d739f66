using Hamr.HandModel.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Tests.Support;

namespace Hamr.HandModel.Tests;

public sealed class HandLayerTests
{
    private static readonly HandModel Plain = SyntheticHand.Create(shapeCount: 4);
    private static readonly HandModel WithPoseDirs = SyntheticHand.Create(shapeCount: 4, poseBlendShapes: true, seed: 2);

    private static float[] Random(int seed, int n, double scale)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    private static double[] D(ReadOnlySpan<float> x) => x.ToArray().Select(f => (double)f).ToArray();

    private static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what) =>
        Close(D(expected), actual, tolerance, what);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zero_pose_and_shape_reproduce_the_rest_mesh_joints_and_keypoints(bool poseDirs)
    {
        var model = poseDirs ? WithPoseDirs : Plain;
        var layer = new HandLayer(model);
        var output = layer.CreateOutput(1);
        layer.Forward([], new float[48], [], output);
        Close(model.TemplateVertices, output.Vertices, 1e-7, "vertices");
        Close(SyntheticHand.RestJoints, output.Joints, 1e-7, "joints");
        var tensors = layer.Forward(Tensor.Zeros(1, 4), Tensor.Zeros(1, 16, 3));
        Close(model.TemplateVertices, tensors.Vertices.ToArray(), 1e-7, "tensor vertices");
        // Keypoints: the rest joints and the tips in the 21-point order.
        for (int k = 0; k < 21; k++)
        {
            int src = HandJoints.KeypointFromJointsAndTips[k];
            var expected = src < 16 ? SyntheticHand.RestJoints.AsSpan(3 * src, 3) : SyntheticHand.RestTips.AsSpan(3 * (src - 16), 3);
            Close(expected, output.Keypoints.AsSpan(3 * k, 3), 1e-6, $"keypoint {HandJoints.KeypointNames[k]}");
        }
    }

    [Trait("Category", "Kernels")] // SparseSkinning's Vector128 code, rerun with intrinsics off by test.sh
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Plain_path_matches_the_double_reference(bool poseDirs)
    {
        var model = poseDirs ? WithPoseDirs : Plain;
        var layer = new HandLayer(model);
        const int b = 5; // ≥ 4: the blend shapes go through GEMM
        var beta = Random(1, b * 4, 1.5);
        var theta = Random(2, b * 48, 1.2);
        var translation = Random(3, b * 3, 0.3);
        var output = layer.CreateOutput(b);
        layer.Forward(beta, theta, translation, output);
        for (int i = 0; i < b; i++)
        {
            var r = LbsReference.Forward(model, D(beta.AsSpan(4 * i, 4)), D(theta.AsSpan(48 * i, 48)), D(translation.AsSpan(3 * i, 3)));
            int v3 = model.VertexCount * 3;
            Close(r.Vertices, output.Vertices.AsSpan(i * v3, v3), 2e-6, "vertices");
            Close(r.Joints, output.Joints.AsSpan(i * 48, 48), 2e-6, "joints");
            Close(r.Keypoints, output.Keypoints.AsSpan(i * 63, 63), 2e-6, "keypoints");
            Close(r.Transforms, output.Transforms.AsSpan(i * 256, 256), 2e-6, "transforms");
        }
    }

    [Trait("Category", "Kernels")] // SparseSkinning's Vector128 code, rerun with intrinsics off by test.sh
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Plain_and_autograd_paths_are_identical(bool poseDirs, bool matrices)
    {
        var model = poseDirs ? WithPoseDirs : Plain;
        var layer = new HandLayer(model);
        const int b = 3;
        var beta = Random(4, b * 4, 1.5);
        var theta = Random(5, b * 48, 1.2);
        var translation = Random(6, b * 3, 0.3);
        var output = layer.CreateOutput(b);
        HandLayerTensors tensors;
        if (matrices)
        {
            var rot = new float[b * 16 * 9];
            Geometry.Rotations.AxisAnglesToMatrices<float>(theta, rot);
            layer.ForwardRotations(beta, rot, translation, output);
            tensors = layer.Forward(Tensor.FromArray(beta, b, 4), Tensor.FromArray(rot, b, 16, 3, 3), Tensor.FromArray(translation, b, 3));
        }
        else
        {
            layer.Forward(beta, theta, translation, output);
            tensors = layer.Forward(Tensor.FromArray(beta, b, 4), Tensor.FromArray(theta, b, 16, 3), Tensor.FromArray(translation, b, 3));
        }
        Assert.Equal([b, model.VertexCount, 3], tensors.Vertices.GetShape());
        Assert.Equal([b, 16, 3], tensors.Joints.GetShape());
        Assert.Equal([b, 21, 3], tensors.Keypoints.GetShape());
        Assert.Equal([b, 16, 4, 4], tensors.Transforms.GetShape());
        Close(output.Vertices, tensors.Vertices.ToArray(), 1e-5, "vertices");
        Close(output.Joints, tensors.Joints.ToArray(), 1e-5, "joints");
        Close(output.Keypoints, tensors.Keypoints.ToArray(), 1e-5, "keypoints");
        Close(output.Transforms, tensors.Transforms.ToArray(), 1e-5, "transforms");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Autograd_gradients_in_theta_beta_and_translation_match_double_differences(bool poseDirs)
    {
        var model = poseDirs ? WithPoseDirs : Plain;
        var layer = new HandLayer(model);
        const int b = 2;
        var beta = Tensor.FromArray(Random(7, b * 4, 1.0), b, 4).RequireGrad();
        var theta = Tensor.FromArray(Random(8, b * 48, 1.0), b, 16, 3).RequireGrad();
        var translation = Tensor.FromArray(Random(9, b * 3, 0.2), b, 3).RequireGrad();
        GradCheck.AgainstReference(
            x =>
            {
                var r = layer.Forward(x[0], x[1], x[2]);
                // Every output in one tensor: vertices, keypoints (joints + tips) and the transforms' 3×4.
                return Tensor.Concat([r.Vertices.Reshape(b, -1), r.Keypoints.Reshape(b, -1), r.Transforms.Slice(2, 0, 3).Reshape(b, -1)], 1);
            },
            values =>
            {
                var result = new List<double>();
                for (int i = 0; i < b; i++)
                {
                    var r = LbsReference.Forward(model, values[0].AsSpan(4 * i, 4), values[1].AsSpan(48 * i, 48), values[2].AsSpan(3 * i, 3));
                    result.AddRange(r.Vertices);
                    result.AddRange(r.Keypoints);
                    for (int j = 0; j < 16; j++)
                    {
                        result.AddRange(r.Transforms.AsSpan(16 * j, 12).ToArray());
                    }
                }
                return [.. result];
            },
            [beta, theta, translation],
            forwardTolerance: 2e-6);
    }

    [Fact]
    public void Autograd_gradient_through_6D_rotations_matches_double_differences()
    {
        // The 6D route of a network: 6D [B, 16, 6] → matrices → layer, against the double reference of both.
        var layer = new HandLayer(WithPoseDirs);
        var sixD = Tensor.FromArray(Random(17, 2 * 16 * 6, 1.0), 2, 16, 6).RequireGrad();
        var beta = Tensor.FromArray(Random(18, 8, 1.0), 2, 4);
        GradCheck.AgainstReference(
            x => layer.Forward(beta, Geometry.Rotations.SixDToMatrix(x[0])).Keypoints,
            values =>
            {
                var result = new List<double>();
                for (int i = 0; i < 2; i++)
                {
                    var rotations = new double[16 * 9];
                    Geometry.Rotations.SixDsToMatrices<double>(values[0].AsSpan(96 * i, 96), rotations);
                    result.AddRange(LbsReference.ForwardRotations(WithPoseDirs, D(beta.ToArray().AsSpan(4 * i, 4)), rotations, []).Keypoints);
                }
                return [.. result];
            },
            [sixD],
            forwardTolerance: 2e-6);
    }

    [Fact]
    public void Autograd_gradient_at_zero_pose_matches_double_differences()
    {
        var layer = new HandLayer(WithPoseDirs);
        var theta = Tensor.Zeros(1, 16, 3).RequireGrad();
        var beta = Tensor.Zeros(1, 4);
        GradCheck.AgainstReference(
            x => layer.Forward(beta, x[0]).Vertices,
            values => LbsReference.Forward(WithPoseDirs, new double[4], values[0], []).Vertices,
            [theta]);
    }

    [Fact]
    public void Wrist_rotation_moves_every_vertex_rigidly_about_the_wrist()
    {
        var layer = new HandLayer(WithPoseDirs);
        var beta = Random(10, 4, 1.0);
        var theta = new float[48];
        theta[0] = 0.4f;
        theta[1] = -0.9f;
        theta[2] = 0.3f;
        var rest = layer.CreateOutput(1);
        var posed = layer.CreateOutput(1);
        layer.Forward(beta, new float[48], [], rest);
        layer.Forward(beta, theta, [], posed);
        var r = LbsReference.Rodrigues(theta[0], theta[1], theta[2]);
        var wrist = rest.Joints.AsSpan(0, 3);
        for (int i = 0; i < layer.VertexCount; i++)
        {
            var p = rest.Vertices.AsSpan(3 * i, 3);
            for (int c = 0; c < 3; c++)
            {
                double expected = wrist[c] + r[3 * c] * (p[0] - wrist[0]) + r[3 * c + 1] * (p[1] - wrist[1]) + r[3 * c + 2] * (p[2] - wrist[2]);
                Assert.True(Math.Abs(expected - posed.Vertices[3 * i + c]) < 1e-6, $"vertex {i}");
            }
        }
    }

    [Fact]
    public void Each_finger_joint_moves_only_the_vertices_weighted_on_it_or_its_descendants()
    {
        var layer = new HandLayer(Plain);
        var rest = layer.CreateOutput(1);
        var posed = layer.CreateOutput(1);
        layer.Forward([], new float[48], [], rest);
        for (int j = 1; j < 16; j++)
        {
            var theta = new float[48];
            theta[3 * j] = 0.5f;
            theta[3 * j + 1] = 0.3f;
            theta[3 * j + 2] = -0.4f;
            layer.Forward([], theta, [], posed);
            var subtree = Enumerable.Range(0, 16).Where(k => IsInSubtree(k, j)).ToArray();
            int moved = 0;
            for (int i = 0; i < layer.VertexCount; i++)
            {
                double weight = subtree.Sum(k => Plain.SkinWeights[16 * i + k]);
                double shift = Distance(rest.Vertices.AsSpan(3 * i, 3), posed.Vertices.AsSpan(3 * i, 3));
                if (weight == 0)
                {
                    Assert.True(shift == 0, $"joint {HandJoints.JointNames[j]} moved vertex {i}, which has no weight on it");
                }
                else if (shift > 1e-4)
                {
                    moved++;
                }
            }
            Assert.True(moved > 0, $"joint {HandJoints.JointNames[j]} moved nothing");
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

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Math.Sqrt((a[0] - b[0]) * (double)(a[0] - b[0]) + (a[1] - b[1]) * (double)(a[1] - b[1]) + (a[2] - b[2]) * (double)(a[2] - b[2]));

    [Fact]
    public void Transforms_are_rigid_and_map_rest_joints_to_posed_joints()
    {
        var layer = new HandLayer(Plain);
        var beta = Random(11, 4, 1.0);
        var theta = Random(12, 48, 1.0);
        float[] translation = [0.1f, -0.2f, 0.5f];
        var rest = layer.CreateOutput(1);
        var posed = layer.CreateOutput(1);
        layer.Forward(beta, new float[48], [], rest);
        layer.Forward(beta, theta, translation, posed);
        for (int j = 0; j < 16; j++)
        {
            var a = posed.Transforms.AsSpan(16 * j, 16);
            var p = rest.Joints.AsSpan(3 * j, 3);
            for (int r = 0; r < 3; r++)
            {
                double mapped = a[4 * r] * p[0] + a[4 * r + 1] * p[1] + a[4 * r + 2] * p[2] + a[4 * r + 3];
                Assert.True(Math.Abs(mapped - posed.Joints[3 * j + r]) < 1e-6, $"joint {j}");
                for (int c = 0; c < 3; c++)
                {
                    double dot = a[r] * a[c] + a[4 + r] * a[4 + c] + a[8 + r] * a[8 + c];
                    Assert.True(Math.Abs(dot - (r == c ? 1 : 0)) < 1e-6);
                }
            }
            Assert.Equal([0f, 0f, 0f, 1f], a[12..].ToArray());
        }
    }

    [Fact]
    public void Pose_blend_shapes_displace_the_vertex_by_the_rotation_feature()
    {
        // One pose direction: feature 0 (joint index1's R[0,0] − 1) moves vertex 0 (rigid on the wrist) along x.
        var m = Plain;
        var poseDirs = new float[m.VertexCount * 3 * 135];
        poseDirs[0] = 0.01f;                            // vertex 0, coordinate x, feature 0
        var withBlend = new HandModel("blend", Handedness.Right, m.TemplateVertices, m.Faces, m.ShapeDirs, poseDirs,
            m.JointRegressor, m.TipRegressor, m.Parents, m.SkinWeights);
        Assert.Equal(1f, m.SkinWeights[0]);
        var theta = new float[48];
        theta[4] = 0.7f;                                // index1 about y: R[0,0] = cos 0.7
        var a = new HandLayer(m).CreateOutput(1);
        var b = new HandLayer(withBlend).CreateOutput(1);
        new HandLayer(m).Forward([], theta, [], a);
        new HandLayer(withBlend).Forward([], theta, [], b);
        Assert.Equal(a.Vertices[0] + 0.01 * (Math.Cos(0.7) - 1), b.Vertices[0], 6);
        Assert.Equal(a.Vertices.AsSpan(1).ToArray(), b.Vertices.AsSpan(1).ToArray());
    }

    [Fact]
    public void Plain_forward_allocates_nothing_after_warm_up()
    {
        var layer = new HandLayer(WithPoseDirs);
        var output = layer.CreateOutput(4);
        var beta = Random(13, 16, 1.0);
        var theta = Random(14, 4 * 48, 1.0);
        var translation = Random(15, 12, 0.1);
        layer.Forward(beta, theta, translation, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            layer.Forward(beta, theta, translation, output);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Batched_forward_equals_one_hand_at_a_time_and_empty_beta_is_zero_shape()
    {
        var layer = new HandLayer(WithPoseDirs);
        // Five hands take the GEMM route for the blend shapes, one hand the row-by-row route.
        var theta = Random(16, 5 * 48, 1.0);
        var all = layer.CreateOutput(5);
        layer.Forward(new float[20], theta, [], all);
        var one = layer.CreateOutput(1);
        for (int i = 0; i < 5; i++)
        {
            layer.Forward([], theta.AsSpan(48 * i, 48), [], one);
            Close(one.Vertices, all.Vertices.AsSpan(i * one.Vertices.Length, one.Vertices.Length), 1e-6, "vertices");
            Close(one.Keypoints, all.Keypoints.AsSpan(i * 63, 63), 1e-6, "keypoints");
        }
    }

    [Fact]
    public void Wrong_input_sizes_are_rejected_with_the_expected_shape()
    {
        var layer = new HandLayer(Plain);
        var output = layer.CreateOutput(2);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward([], new float[48], [], output));
        Assert.Contains("[B, 16, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => layer.Forward(new float[3], new float[96], [], output));
        Assert.Throws<ArgumentException>(() => layer.Forward([], new float[96], new float[3], output));
        Assert.Throws<ArgumentException>(() => layer.Forward([], new float[96], [], SyntheticHandOutputOfOtherSize()));
        Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(2, 5), Tensor.Zeros(2, 16, 3)));
        Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(2, 4), Tensor.Zeros(2, 15, 3)));
        Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(2, 4), Tensor.Zeros(2, 16, 3), Tensor.Zeros(1, 3)));
    }

    private static HandLayerOutput SyntheticHandOutputOfOtherSize() => new HandLayer(SyntheticHand.Create(ringSize: 5)).CreateOutput(2);
}
