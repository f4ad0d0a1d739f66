using Hamr.Geometry;
using Hamr.HandModel.Export;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;
using Hamr.HandModel.Tests.Support;
using Xunit.Abstractions;

namespace Hamr.HandModel.Tests.Export;

public sealed class RiggedGlbTests(ITestOutputHelper output)
{
    public static TheoryData<Handedness, string> Cases => new()
    {
        { Handedness.Right, "rest" },
        { Handedness.Right, "fist" },
        { Handedness.Right, "random" },
        { Handedness.Left, "rest" },
        { Handedness.Left, "point" },
        { Handedness.Left, "random" },
    };

    private static (float[] Beta, float[] Theta, float[] Translation) Case(Handedness side, string name) => name switch
    {
        "rest" => (new float[10], new float[48], []),
        "fist" => (ExportHands.RandomBeta(11), ExportHands.Pose(side, NamedPose.Fist), []),
        "point" => (ExportHands.RandomBeta(12), ExportHands.Pose(side, NamedPose.Point), [0.05f, 0.02f, 0.6f]),
        _ => (ExportHands.RandomBeta(13), ExportHands.RandomPose(side, 14), [-0.03f, 0.01f, 0.45f]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skinning_the_rigged_glb_like_a_viewer_reproduces_the_layers_vertices(Handedness side, string pose)
    {
        var model = ExportHands.Model(side);
        var (beta, theta, translation) = Case(side, pose);
        foreach (var axes in new[] { ExportAxes.YUp, ExportAxes.Source })
        {
            var rig = HandRig.Create(model, beta, theta, translation, axes);
            var skinned = GlbInspector.Skin(HandGlb.Rigged(rig));
            var expected = ExportHands.Vertices(model, beta, theta, translation);
            ExportFrame.ApplyToPoints(axes, expected);
            double max = MaxError(skinned, expected, model.Uv!.UvToVertex);
            output.WriteLine($"{side} {pose} {axes}: max |viewer skinning − HandLayer| = {max * 1e6:0.00} µm (dropped weight {rig.MaxDroppedWeight:0.###})");
            Assert.Equal(0, rig.MaxDroppedWeight); // the open model has at most four influences a vertex
            Assert.True(max < 5e-6, $"{max * 1e6:0.00} µm");
        }
    }

    [Fact]
    public void The_skeleton_has_the_webxr_names_in_a_parent_child_hierarchy()
    {
        var rig = HandRig.Create(ExportHands.Right, [], ExportHands.Pose(Handedness.Right, NamedPose.Relaxed));
        var file = GlbReader.Read(HandGlb.Rigged(rig), "rigged.glb");
        var d = file.Document;
        Assert.Equal([.. WebXrJoints.Names, "hand-right"], d.Nodes.Select(n => n.Name));
        Assert.Equal([0, 25], d.Scenes[d.Scene!.Value].Nodes);
        var parents = new int[d.Nodes.Length];
        Array.Fill(parents, -1);
        for (int n = 0; n < d.Nodes.Length; n++)
        {
            foreach (int c in d.Nodes[n].Children)
            {
                parents[c] = n;
            }
        }

        int Node(string name) => Array.IndexOf(WebXrJoints.Names, name);
        Assert.Equal(-1, parents[Node("wrist")]);
        foreach (var finger in new[] { "index-finger", "middle-finger", "ring-finger", "pinky-finger" })
        {
            Assert.Equal(Node("wrist"), parents[Node($"{finger}-metacarpal")]);
            Assert.Equal(Node($"{finger}-metacarpal"), parents[Node($"{finger}-phalanx-proximal")]);
            Assert.Equal(Node($"{finger}-phalanx-proximal"), parents[Node($"{finger}-phalanx-intermediate")]);
            Assert.Equal(Node($"{finger}-phalanx-intermediate"), parents[Node($"{finger}-phalanx-distal")]);
            Assert.Equal(Node($"{finger}-phalanx-distal"), parents[Node($"{finger}-tip")]);
            Assert.Null(d.Nodes[Node($"{finger}-metacarpal")].Rotation); // fixed to the wrist
        }

        Assert.Equal(Node("wrist"), parents[Node("thumb-metacarpal")]);
        Assert.Equal(Node("thumb-phalanx-distal"), parents[Node("thumb-tip")]);
        Assert.Equal(-1, parents[25]);
        var skin = d.Skins.Single();
        Assert.Equal(Enumerable.Range(0, 25), skin.Joints);
        Assert.Equal(0, skin.Skeleton);
        Assert.Equal(0, d.Nodes[25].Skin);
        Assert.Null(d.Nodes[25].Translation); // glTF ignores a skinned mesh node's transform; we give it none
        var mesh = GltfSkinnedMesh.FromGlb(file);
        Assert.Equal(WebXrJoints.Names, mesh.JointNames);
    }

    [Theory]
    [InlineData(ExportAxes.Source)]
    [InlineData(ExportAxes.YUp)]
    public void Node_rotations_are_the_poses_relative_rotations_as_unit_quaternions(ExportAxes axes)
    {
        var theta = ExportHands.RandomPose(Handedness.Right, 21);
        var rig = HandRig.Create(ExportHands.Right, ExportHands.RandomBeta(22), theta, [], axes);
        var (sx, sy, sz) = ExportFrame.Signs(axes);
        int[] s = [sx, sy, sz];
        var q = new float[4];
        var r = new float[9];
        var expected = new float[9];
        for (int n = 0; n < HandRig.NodeCount; n++)
        {
            var xyzw = rig.NodeRotations.AsSpan(4 * n, 4);
            double norm = Math.Sqrt(xyzw.ToArray().Sum(x => (double)x * x));
            Assert.True(Math.Abs(norm - 1) < 1e-6, $"node {n}: |q| = {norm}");
            (q[0], q[1], q[2], q[3]) = (xyzw[3], xyzw[0], xyzw[1], xyzw[2]);
            Rotations.QuaternionToMatrix<float>(q, r);
            int j = HandRig.NodeJoint[n];
            if (j < 0)
            {
                Assert.Equal([0f, 0f, 0f, 1f], xyzw.ToArray());
                continue;
            }

            Rotations.AxisAngleToMatrix<float>(theta.AsSpan(3 * j, 3), expected);
            for (int k = 0; k < 9; k++)
            {
                Assert.Equal(s[k / 3] * s[k % 3] * expected[k], r[k], 1e-6f);
            }
        }
    }

    [Fact]
    public void The_rest_rig_of_the_right_hand_sits_on_the_source_glbs_joints()
    {
        var rig = HandRig.Create(ExportHands.Right, [], new float[48], [], ExportAxes.Source);
        var wrist = SharedAssets.RightBuild.Report.WristInSourceMeters;
        double jointMax = 0, tipMax = 0, metacarpalMax = 0;
        for (int n = 0; n < HandRig.NodeCount; n++)
        {
            var name = WebXrJoints.Names[n];
            var reference = SharedAssets.ReferenceBindPosition("right", name);
            double error = Math.Sqrt(Enumerable.Range(0, 3).Sum(c => Math.Pow(rig.BindNodePositions[(3 * n) + c] + wrist[c] - reference[c], 2)));
            if (HandRig.NodeJoint[n] >= 0)
            {
                jointMax = Math.Max(jointMax, error);
            }
            else if (name.EndsWith("-tip", StringComparison.Ordinal))
            {
                tipMax = Math.Max(tipMax, error);
            }
            else
            {
                metacarpalMax = Math.Max(metacarpalMax, error);
            }
        }

        output.WriteLine($"rest rig vs right.glb: joints {jointMax * 1e3:0.000} mm, tips {tipMax * 1e3:0.000} mm, finger metacarpals {metacarpalMax * 1e3:0.0} mm");
        Assert.True(jointMax < 1e-4, $"joints {jointMax * 1e3} mm");
        Assert.True(tipMax < 3e-3, $"tips {tipMax * 1e3} mm");
        Assert.True(metacarpalMax < 8e-3, $"metacarpals {metacarpalMax * 1e3} mm");
    }

    [Fact]
    public void Weights_are_four_normalised_influences_on_distinct_joints()
    {
        var rig = HandRig.Create(ExportHands.Left, [], new float[48]);
        var file = GlbReader.Read(HandGlb.Rigged(rig), "rigged.glb");
        var mesh = GltfSkinnedMesh.FromGlb(file);
        var primitive = file.Document.Meshes[0].Primitives[0];
        Assert.Equal(GltfComponent.UnsignedByte, file.Document.Accessors[primitive.Attributes["JOINTS_0"]].ComponentType);
        Assert.Equal(GltfComponent.Float, file.Document.Accessors[primitive.Attributes["WEIGHTS_0"]].ComponentType);
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            var w = mesh.Weights.AsSpan(4 * i, 4).ToArray();
            var j = mesh.Joints.AsSpan(4 * i, 4).ToArray();
            Assert.True(Math.Abs(w.Sum(x => (double)x) - 1) < 2e-7, $"vertex {i}: weights sum to {w.Sum()}");
            var used = j.Where((_, k) => w[k] > 0).ToArray();
            Assert.Equal(used.Length, used.Distinct().Count());
            Assert.All(used, n => Assert.True(HandRig.NodeJoint[n] >= 0, $"vertex {i} weights node {n}, which no MANO joint drives"));
            Assert.All(j.Where((_, k) => w[k] == 0), n => Assert.Equal(0, n));
        }
    }

    [Fact]
    public void Top_four_truncation_keeps_the_largest_weights_renormalised()
    {
        float[] weights = [0.05f, 0.3f, 0.1f, 0.2f, 0.05f, 0.3f, 0f, 0f];
        int[] map = [10, 11, 12, 13, 14, 15, 16, 17];
        var joints = new byte[4];
        var kept = new float[4];
        double dropped = SkinInfluences.Reduce(weights, 8, map, joints, kept);
        Assert.Equal([11, 15, 13, 12], joints);
        Assert.Equal(0.1, dropped, 6);
        Assert.Equal(new[] { 0.3f / 0.9f, 0.3f / 0.9f, 0.2f / 0.9f, 0.1f / 0.9f }, kept, new FloatTolerance(1e-6f));

        SkinInfluences.Reduce([0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f], 8, map, joints, kept);
        Assert.Equal([11, 0, 0, 0], joints);
        Assert.Equal([1f, 0f, 0f, 0f], kept);
        Assert.Throws<ArgumentException>(() => SkinInfluences.Reduce(new float[8], 8, map, joints, kept));
        Assert.Throws<ArgumentException>(() => SkinInfluences.Reduce([0f, -1f, 2f, 0f, 0f, 0f, 0f, 0f], 8, map, joints, kept));
    }

    [Fact]
    public void With_more_than_four_influences_the_truncation_error_is_small_and_reported()
    {
        // MANO's weights spread over more joints than the open model's; spread the open model's the same way (neighbour
        // averaging on the mesh) to measure what keeping four costs.
        var model = SmoothedWeights(ExportHands.Right, iterations: 6);
        int many = Enumerable.Range(0, model.VertexCount).Count(i => model.SkinWeights.AsSpan(16 * i, 16).ToArray().Count(w => w > 0) > 4);
        foreach (var (name, theta) in new[] { ("fist", ExportHands.Pose(Handedness.Right, NamedPose.Fist)), ("random", ExportHands.RandomPose(Handedness.Right, 31)) })
        {
            var beta = ExportHands.RandomBeta(32);
            var rig = HandRig.Create(model, beta, theta);
            var skinned = GlbInspector.Skin(HandGlb.Rigged(rig));
            var expected = ExportHands.Vertices(model, beta, theta);
            ExportFrame.ApplyToPoints(ExportAxes.YUp, expected);
            double max = MaxError(skinned, expected, model.Uv!.UvToVertex, out double mean);
            output.WriteLine($"{name}: {many} of {model.VertexCount} vertices have > 4 influences, largest dropped weight {rig.MaxDroppedWeight:P1}; " +
                $"|viewer − HandLayer| max {max * 1e3:0.000} mm, mean {mean * 1e3:0.0000} mm");
            Assert.True(many > 0 && rig.MaxDroppedWeight > 0);
            Assert.True(max > 1e-6 && max < 3e-3, $"{max * 1e3} mm");
        }
    }

    [Fact]
    public void Pose_blend_shapes_of_the_held_pose_are_baked_into_the_bind_mesh()
    {
        var model = SyntheticHand.Create(poseBlendShapes: true);
        var theta = new float[48];
        var random = new Hamr.Tensors.TensorRandom(41);
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = 0.4f * random.NextGaussian();
        }

        float[] beta = [0.5f, -1f, 0.3f, 0.2f];
        var rig = HandRig.Create(model, beta, theta, [0.1f, 0f, 0.3f]);
        var skinned = GlbInspector.Skin(HandGlb.Rigged(rig));
        var expected = ExportHands.Vertices(model, beta, theta, [0.1f, 0f, 0.3f]);
        ExportFrame.ApplyToPoints(ExportAxes.YUp, expected);
        Assert.True(MaxError(skinned, expected, [.. Enumerable.Range(0, model.VertexCount)]) < 5e-6);
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        var model = ExportHands.Right;
        Assert.Throws<ArgumentException>(() => HandRig.Create(model, [], new float[45]));
        Assert.Throws<ArgumentException>(() => HandRig.Create(model, new float[3], new float[48]));
        Assert.Throws<ArgumentException>(() => HandRig.Create(model, [], new float[48], [1f, 2f]));
        var theta = new float[48];
        theta[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => HandRig.Create(model, [], theta));
    }

    private static double MaxError(float[] skinned, float[] expected, int[] toVertex) => MaxError(skinned, expected, toVertex, out _);

    private static double MaxError(float[] skinned, float[] expected, int[] toVertex, out double mean)
    {
        Assert.Equal(toVertex.Length * 3, skinned.Length);
        double max = 0, sum = 0;
        for (int u = 0; u < toVertex.Length; u++)
        {
            int v = toVertex[u];
            double dx = skinned[3 * u] - expected[3 * v], dy = skinned[(3 * u) + 1] - expected[(3 * v) + 1], dz = skinned[(3 * u) + 2] - expected[(3 * v) + 2];
            double e = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            max = Math.Max(max, e);
            sum += e;
        }

        mean = sum / toVertex.Length;
        return max;
    }

    private static HandModel SmoothedWeights(HandModel m, int iterations)
    {
        var neighbours = Enumerable.Range(0, m.VertexCount).Select(_ => new HashSet<int>()).ToArray();
        for (int f = 0; f < m.Faces.Length; f += 3)
        {
            for (int k = 0; k < 3; k++)
            {
                neighbours[m.Faces[f + k]].Add(m.Faces[f + ((k + 1) % 3)]);
                neighbours[m.Faces[f + ((k + 1) % 3)]].Add(m.Faces[f + k]);
            }
        }

        var w = (float[])m.SkinWeights.Clone();
        for (int it = 0; it < iterations; it++)
        {
            var next = new float[w.Length];
            for (int i = 0; i < m.VertexCount; i++)
            {
                for (int j = 0; j < 16; j++)
                {
                    next[(16 * i) + j] = (0.5f * w[(16 * i) + j]) + (0.5f * neighbours[i].Average(n => w[(16 * n) + j]));
                }
            }

            w = next;
        }

        return new HandModel(m.Name, m.Side, m.TemplateVertices, m.Faces, m.ShapeDirs, m.PoseDirs, m.JointRegressor, m.TipRegressor, m.Parents, w) { Uv = m.Uv };
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
