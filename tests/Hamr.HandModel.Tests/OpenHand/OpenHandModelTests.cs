using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Tests.Support;
using Hamr.Tensors;
using Xunit.Abstractions;

namespace Hamr.HandModel.Tests.OpenHand;

public sealed class OpenHandModelTests(ITestOutputHelper output)
{
    private static readonly HandModel s_right = OpenHandModel.LoadRight();

    // The reduction 25 → 16 written out again, independently of WebXrJoints: MANO joint of each WebXR joint's weight.
    private static readonly Dictionary<string, string> s_manoOfWebXr = new()
    {
        ["wrist"] = "wrist",
        ["index-finger-metacarpal"] = "wrist",
        ["middle-finger-metacarpal"] = "wrist",
        ["ring-finger-metacarpal"] = "wrist",
        ["pinky-finger-metacarpal"] = "wrist",
        ["index-finger-phalanx-proximal"] = "index1",
        ["index-finger-phalanx-intermediate"] = "index2",
        ["index-finger-phalanx-distal"] = "index3",
        ["index-finger-tip"] = "index3",
        ["middle-finger-phalanx-proximal"] = "middle1",
        ["middle-finger-phalanx-intermediate"] = "middle2",
        ["middle-finger-phalanx-distal"] = "middle3",
        ["middle-finger-tip"] = "middle3",
        ["ring-finger-phalanx-proximal"] = "ring1",
        ["ring-finger-phalanx-intermediate"] = "ring2",
        ["ring-finger-phalanx-distal"] = "ring3",
        ["ring-finger-tip"] = "ring3",
        ["pinky-finger-phalanx-proximal"] = "pinky1",
        ["pinky-finger-phalanx-intermediate"] = "pinky2",
        ["pinky-finger-phalanx-distal"] = "pinky3",
        ["pinky-finger-tip"] = "pinky3",
        ["thumb-metacarpal"] = "thumb1",
        ["thumb-phalanx-proximal"] = "thumb2",
        ["thumb-phalanx-distal"] = "thumb3",
        ["thumb-tip"] = "thumb3",
    };

    [Fact]
    public void Embedded_right_hand_is_what_the_converter_makes_from_right_glb()
    {
        var built = SharedAssets.RightBuild.Model;
        Assert.Equal(built.TemplateVertices, s_right.TemplateVertices);
        Assert.Equal(built.Faces, s_right.Faces);
        Assert.Equal(built.SkinWeights, s_right.SkinWeights);
        AssertClose(built.ShapeDirs, s_right.ShapeDirs, 1e-6f);
        AssertClose(built.JointRegressor, s_right.JointRegressor, 1e-5f);
        AssertClose(built.TipRegressor, s_right.TipRegressor, 1e-5f);
        Assert.Equal(built.Uv!.UvFaces, s_right.Uv!.UvFaces);
    }

    [Fact]
    public void Right_hand_has_mano_shape_and_the_welded_mesh()
    {
        Assert.Equal("open-hand-right", s_right.Name);
        Assert.Equal(Handedness.Right, s_right.Side);
        Assert.Equal(1159, s_right.VertexCount);
        Assert.Equal(2314, s_right.FaceCount);
        Assert.Equal(10, s_right.ShapeCount);
        Assert.False(s_right.HasPoseBlendShapes);
        Assert.Equal(HandJoints.Parents, s_right.Parents);
        Assert.NotNull(s_right.Uv);
        Assert.True(MeshTopology.Analyse(s_right.Faces, s_right.VertexCount).IsClosedOrientedManifold);
    }

    [Fact]
    public void Skin_weights_sum_to_one_and_are_the_glb_weights_summed_into_mano_joints()
    {
        var glb = GltfSkinnedMesh.Read(SharedAssets.RightGlb);
        var wrist = SharedAssets.ReferenceBindPosition("right", "wrist");
        int v = s_right.VertexCount;
        for (int i = 0; i < v; i++)
        {
            Assert.Equal(1.0, s_right.SkinWeights.AsSpan(i * 16, 16).ToArray().Sum(w => (double)w), 1e-5);
        }

        // Each GLB vertex's weights, mapped by name, land on the model vertex at the same place.
        var nearest = NearestVertex.Map(glb.Positions, s_right.TemplateVertices, wrist, out double worst);
        Assert.True(worst < 1e-6, $"a GLB vertex is {worst} m from every model vertex");
        for (int s = 0; s < glb.VertexCount; s++)
        {
            int i = nearest[s];
            var expected = new double[16];
            for (int c = 0; c < 4; c++)
            {
                string mano = s_manoOfWebXr[glb.JointNames[glb.Joints[(s * 4) + c]]];
                expected[Array.IndexOf(HandJoints.JointNames, mano)] += glb.Weights[(s * 4) + c];
            }

            double total = expected.Sum();
            for (int j = 0; j < 16; j++)
            {
                Assert.Equal(expected[j] / total, s_right.SkinWeights[(i * 16) + j], 1e-6);
            }
        }
    }

    [Fact]
    public void Rest_keypoints_from_the_regressors_sit_at_the_glb_joints_and_tips()
    {
        var keypoints = HandModelMeasures.RestKeypoints(s_right);
        var wrist = SharedAssets.ReferenceBindPosition("right", "wrist");
        for (int q = 0; q < 21; q++)
        {
            string source = q < 16 ? WebXrJoints.ManoJointSource[q] : WebXrJoints.TipSource[q - 16];
            var expected = SharedAssets.ReferenceBindPosition("right", source);
            double error = Distance(keypoints.AsSpan(q * 3, 3), [expected[0] - wrist[0], expected[1] - wrist[1], expected[2] - wrist[2]]);
            Assert.True(error < (q < 16 ? 1e-4 : 1e-3), $"{source}: {error * 1000:0.###} mm from the GLB joint");
        }
    }

    [Fact]
    public void Regressor_rows_are_sparse_non_negative_local_and_sum_to_one()
    {
        var keypoints = HandModelMeasures.RestKeypoints(s_right);
        int v = s_right.VertexCount;
        for (int q = 0; q < 21; q++)
        {
            var row = q < 16 ? s_right.JointRegressor.AsSpan(q * v, v) : s_right.TipRegressor.AsSpan((q - 16) * v, v);
            Assert.Equal(1.0, row.ToArray().Sum(w => (double)w), 1e-5);
            int nonZero = 0;
            for (int i = 0; i < v; i++)
            {
                Assert.True(row[i] >= 0);
                if (row[i] > 0)
                {
                    nonZero++;
                    Assert.True(Distance(s_right.TemplateVertices.AsSpan(i * 3, 3), keypoints.AsSpan(q * 3, 3)) < 0.03, $"row {q} uses vertex {i} far from its joint");
                }
            }

            Assert.InRange(nonZero, 3, 64);
        }
    }

    [Fact]
    public void Shape_components_are_orthogonal_with_descending_variance()
    {
        // ShapeDirs column k = √λ_k · d_k with unit, mutually orthogonal d_k (Euclidean metric over the 3V coordinates).
        int s = s_right.ShapeCount, n = s_right.VertexCount * 3;
        var gram = new double[s, s];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < s; a++)
            {
                for (int b = 0; b < s; b++)
                {
                    gram[a, b] += s_right.ShapeDirs[(i * s) + a] * (double)s_right.ShapeDirs[(i * s) + b];
                }
            }
        }

        for (int a = 0; a < s; a++)
        {
            if (a > 0)
            {
                Assert.True(gram[a, a] < gram[a - 1, a - 1]);
            }

            for (int b = 0; b < s; b++)
            {
                if (a != b)
                {
                    Assert.True(Math.Abs(gram[a, b]) < 1e-5 * Math.Sqrt(gram[a, a] * gram[b, b]), $"components {a} and {b}: cosine {gram[a, b] / Math.Sqrt(gram[a, a] * gram[b, b])}");
                }
            }
        }
    }

    [Fact]
    public void Zero_beta_is_the_template_whose_hand_length_is_the_glb_wrist_to_middle_tip()
    {
        var zero = new float[10];
        Assert.Equal(s_right.TemplateVertices, HandModelMeasures.ShapedVertices(s_right, zero));
        var wrist = SharedAssets.ReferenceBindPosition("right", "wrist");
        var tip = SharedAssets.ReferenceBindPosition("right", "middle-finger-tip");
        Assert.Equal(Distance(wrist, tip), HandModelMeasures.HandLength(s_right, zero), 1e-6);
        Assert.InRange(HandModelMeasures.HandLength(s_right, zero), 0.175, 0.182);
    }

    [Fact]
    public void First_component_at_two_sigma_spans_small_to_large_adult_hand_lengths()
    {
        double template = HandModelMeasures.HandLength(s_right, new float[10]);
        double small = HandModelMeasures.HandLength(s_right, [-2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        double large = HandModelMeasures.HandLength(s_right, [2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        output.WriteLine($"hand length: β1 = −2 {small * 100:0.00} cm, β = 0 {template * 100:0.00} cm, β1 = +2 {large * 100:0.00} cm");

        // Adult hand lengths span about 16–21 cm (5th percentile women to 95th percentile men); ±2σ of the first
        // component should move most of that way, and stay inside it widened by a centimetre.
        Assert.InRange(small, 0.150, template * 0.92);
        Assert.InRange(large, template * 1.08, 0.220);
    }

    [Fact]
    public void Hand_lengths_of_random_betas_have_the_sampled_spread()
    {
        var random = new TensorRandom(7);
        var lengths = new double[400];
        var beta = new float[10];
        for (int i = 0; i < lengths.Length; i++)
        {
            for (int k = 0; k < 10; k++)
            {
                beta[k] = random.NextGaussian();
            }

            lengths[i] = HandModelMeasures.HandLength(s_right, beta);
        }

        double mean = lengths.Average(), sd = Math.Sqrt(lengths.Select(x => (x - mean) * (x - mean)).Average());
        double template = HandModelMeasures.HandLength(s_right, new float[10]);
        output.WriteLine($"hand length over 400 β ~ N(0, I): mean {mean * 100:0.00} cm, SD {sd * 100:0.00} cm, range {lengths.Min() * 100:0.0}–{lengths.Max() * 100:0.0} cm");
        Assert.InRange(mean / template, 0.99, 1.01);
        Assert.InRange(sd / template, 0.05, 0.08); // AnthropometricRanges aims at ≈ 6.5 %
        Assert.InRange(lengths.Min(), 0.14, 0.18);
        Assert.InRange(lengths.Max(), 0.18, 0.23);
    }

    [Fact]
    public void Regressed_joints_track_fresh_anthropometric_samples_projected_onto_the_shape_space()
    {
        // New samples (another seed than the converter's): deform the template, project onto the 10 components,
        // and compare the regressed keypoints of the projection with the sample's own skeleton.
        var model = s_right;
        int v = model.VertexCount, s = model.ShapeCount;
        var rest = HandModelMeasures.RestKeypoints(model);
        var deformer = new HandShapeDeformer(model.TemplateVertices, rest[..48], rest[48..], model.SkinWeights);
        var lambda = new double[s];
        for (int i = 0; i < v * 3; i++)
        {
            for (int k = 0; k < s; k++)
            {
                lambda[k] += model.ShapeDirs[(i * s) + k] * (double)model.ShapeDirs[(i * s) + k];
            }
        }

        var random = new TensorRandom(99);
        var vertices = new double[v * 3];
        var joints = new double[48];
        var tips = new double[15];
        double worst = 0, sum = 0;
        int count = 0;
        var worstPer = new double[21];
        for (int sample = 0; sample < 30; sample++)
        {
            deformer.Deform(AnthropometricRanges.Sample(random), vertices, joints, tips);
            var beta = new float[s];
            for (int k = 0; k < s; k++)
            {
                double dot = 0;
                for (int i = 0; i < v * 3; i++)
                {
                    dot += model.ShapeDirs[(i * s) + k] * (vertices[i] - model.TemplateVertices[i]);
                }

                beta[k] = (float)(dot / lambda[k]);
            }

            var keypoints = HandModelMeasures.Keypoints(model, HandModelMeasures.ShapedVertices(model, beta));
            for (int q = 0; q < 21; q++)
            {
                var truth = q < 16 ? joints.AsSpan(q * 3, 3) : tips.AsSpan((q - 16) * 3, 3);
                double e = Distance(keypoints.AsSpan(q * 3, 3), truth);
                worst = Math.Max(worst, e);
                worstPer[q] = Math.Max(worstPer[q], e);
                sum += e;
                count++;
            }
        }

        output.WriteLine($"keypoint tracking over 30 fresh samples: mean {sum / count * 1000:0.###} mm, worst {worst * 1000:0.###} mm");
        output.WriteLine($"worst per keypoint (16 joints, 5 tips), mm: {string.Join(" ", worstPer.Select(e => (e * 1000).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(sum / count < 0.5e-3, $"mean keypoint error {sum / count * 1000:0.###} mm");
        // Measured: mean 0.18 mm, worst 1.9 mm at the thumb CMC, whose ±2 mm placement shift the 10 components
        // keep only in part (the projection loses it, not the regressor).
        Assert.True(worst < 2.5e-3, $"worst keypoint error {worst * 1000:0.###} mm");
    }

    [Fact]
    public void Random_betas_keep_every_triangle_facing_the_same_way_as_on_the_template()
    {
        var random = new TensorRandom(3);
        var beta = new float[10];
        for (int trial = 0; trial < 20; trial++)
        {
            for (int k = 0; k < 10; k++)
            {
                beta[k] = Math.Clamp(random.NextGaussian() * 1.5f, -3, 3);
            }

            var shaped = HandModelMeasures.ShapedVertices(s_right, beta);
            for (int f = 0; f < s_right.FaceCount; f++)
            {
                var n0 = Normal(s_right.TemplateVertices, s_right.Faces, f);
                var n1 = Normal(shaped, s_right.Faces, f);
                Assert.True((n0.X * n1.X) + (n0.Y * n1.Y) + (n0.Z * n1.Z) > 0, $"triangle {f} flips at β = [{string.Join(", ", beta)}]");
            }
        }
    }

    [Fact]
    public void Asset_metadata_names_the_source_licence_units_and_origin()
    {
        var meta = OpenHandModel.ReadRight().Metadata;
        Assert.Equal("hamr-hand-model", meta["format"]);
        Assert.Contains("MIT", meta["source"]);
        Assert.Equal("metres", meta["units"]);
        Assert.Contains("wrist", meta["origin"]);
        Assert.Equal(string.Join(',', HandJoints.JointNames), meta["joint_names"]);
    }

    internal static System.Numerics.Vector3 Normal(float[] vertices, int[] faces, int f)
    {
        System.Numerics.Vector3 P(int i) => new(vertices[faces[(3 * f) + i] * 3], vertices[(faces[(3 * f) + i] * 3) + 1], vertices[(faces[(3 * f) + i] * 3) + 2]);
        return System.Numerics.Vector3.Cross(P(1) - P(0), P(2) - P(0));
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Math.Sqrt(((a[0] - b[0]) * (a[0] - b[0])) + ((a[1] - b[1]) * (a[1] - b[1])) + ((a[2] - b[2]) * (a[2] - b[2])));

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<double> b) =>
        Math.Sqrt(((a[0] - b[0]) * (a[0] - b[0])) + ((a[1] - b[1]) * (a[1] - b[1])) + ((a[2] - b[2]) * (a[2] - b[2])));

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"entry {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
