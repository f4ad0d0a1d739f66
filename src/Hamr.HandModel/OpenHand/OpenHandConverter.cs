using System.Globalization;
using Hamr.HandModel.Gltf;
using Hamr.Tensors;

namespace Hamr.HandModel.OpenHand;

/// <summary>Settings of the GLB → open hand model conversion (the defaults made the committed asset).</summary>
public sealed record OpenHandOptions
{
    /// <summary>Source vertices closer than this are one geometry vertex (metres); the GLB's nearest distinct vertices are ~1 mm apart.</summary>
    public float WeldToleranceMeters { get; init; } = 1e-6f;

    /// <summary>Anthropometric samples for the shape PCA.</summary>
    public int ShapeSamples { get; init; } = 512;

    public int ShapeComponents { get; init; } = 10;

    public ulong Seed { get; init; } = 20190101;

    /// <summary>Candidate vertices per regressor row (the nearest to the joint).</summary>
    public int RegressorSupport { get; init; } = 64;
}

/// <summary>The converted model, the asset metadata to save with it, and what the conversion measured.</summary>
public sealed record OpenHandBuild(HandModel Model, IReadOnlyDictionary<string, string> Metadata, OpenHandReport Report);

/// <summary>Figures measured while converting (for the verb's output and the tests).</summary>
/// <param name="ComponentStdMeters">Per shape component, √λ = ‖ShapeDirs[:, :, k]‖ over all 3V coordinates (metres per unit β).</param>
public sealed record OpenHandReport(
    int SourceVertices,
    int SourceTriangles,
    int WeldedVertices,
    int UvVertices,
    float MaxMergeDistanceMeters,
    float MaxSkinDisagreement,
    MeshTopology Topology,
    double[] WristInSourceMeters,
    double ExplainedVarianceFraction,
    double[] ComponentStdMeters,
    double[] RestKeypointErrorsMeters,
    double HandLengthMeters)
{
    /// <summary>Largest distance between a rest keypoint (16 joints, 5 tips, by the regressors) and its GLB joint.</summary>
    public double MaxRestKeypointErrorMeters => RestKeypointErrorsMeters.Max();
}

/// <summary>
/// Converts the WebXR generic hand (a skinned GLB with the 25 WebXR joints) into the open MANO-style model, in numbered
/// steps: weld the UV seams; move the wrist joint to the origin; reduce the skin to MANO's 16 joints; sample
/// anthropometric shapes and keep 10 principal components; fit joint and tip regressors that track the shape space.
/// The rest pose is the GLB's bind pose, unchanged apart from the translation (see <see cref="OpenHandModel"/>).
/// </summary>
public static class OpenHandConverter
{
    public static OpenHandBuild Convert(GltfSkinnedMesh glb, OpenHandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(glb);
        options ??= new OpenHandOptions();
        const int J = HandModel.JointCount, T = HandModel.TipCount;

        // 1. Skeleton: MANO joints and tips at their WebXR bind positions, the wrist moved to the origin.
        int JointOf(string name) => glb.JointIndex(name) is int i and >= 0
            ? i
            : throw new GltfFormatException(glb.SourceName, $"the skin has no joint named '{name}' (not a WebXR hand?)");
        var wrist = glb.BindPosition(JointOf("wrist"));
        double[] wristInSource = [wrist.X, wrist.Y, wrist.Z];
        var joints = new double[J * 3];
        var tips = new double[T * 3];
        for (int j = 0; j < J; j++)
        {
            var p = glb.BindPosition(JointOf(WebXrJoints.ManoJointSource[j])) - wrist;
            (joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]) = (p.X, p.Y, p.Z);
        }

        for (int t = 0; t < T; t++)
        {
            var p = glb.BindPosition(JointOf(WebXrJoints.TipSource[t])) - wrist;
            (tips[t * 3], tips[(t * 3) + 1], tips[(t * 3) + 2]) = (p.X, p.Y, p.Z);
        }

        // 2. Weld the seams; template = welded positions relative to the wrist.
        if (glb.Uvs.Length == 0)
        {
            throw new GltfFormatException(glb.SourceName, "the hand mesh has no TEXCOORD_0 (the model keeps the UV layout)");
        }

        WeldedMesh welded;
        try
        {
            welded = SeamWelder.Weld(glb.Positions, glb.Indices, glb.Uvs, options.WeldToleranceMeters);
        }
        catch (InvalidOperationException e)
        {
            throw new GltfFormatException(glb.SourceName, e.Message, e);
        }

        int v = welded.VertexCount;
        var template = new float[v * 3];
        for (int i = 0; i < v; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                template[(i * 3) + c] = (float)(welded.Positions[(i * 3) + c] - wristInSource[c]);
            }
        }

        // 3. Skin weights over the 16 MANO joints (finger metacarpals merged into the wrist), one row per welded vertex.
        var (weights, disagreement) = ReduceSkin(glb, welded);

        // 4. Shape space: anthropometric samples → PCA about the template.
        var deformer = new HandShapeDeformer(template, joints, tips, weights);
        int n = options.ShapeSamples, k = options.ShapeComponents;
        var deltas = new double[n * v * 3];
        var extraDeltas = new double[n * (J + T) * 3];
        var random = new TensorRandom(options.Seed);
        var sampleJoints = new double[J * 3];
        var sampleTips = new double[T * 3];
        for (int s = 0; s < n; s++)
        {
            var sample = deltas.AsSpan(s * v * 3, v * 3);
            deformer.Deform(AnthropometricRanges.Sample(random), sample, sampleJoints, sampleTips);
            for (int c = 0; c < v * 3; c++)
            {
                sample[c] -= template[c];
            }

            var extra = extraDeltas.AsSpan(s * (J + T) * 3, (J + T) * 3);
            for (int c = 0; c < J * 3; c++)
            {
                extra[c] = sampleJoints[c] - joints[c];
            }

            for (int c = 0; c < T * 3; c++)
            {
                extra[(J * 3) + c] = sampleTips[c] - tips[c];
            }
        }

        // Orientation: a component's positive direction moves vertices away from the wrist on average (a bigger hand).
        var outward = new double[v * 3];
        for (int c = 0; c < v * 3; c++)
        {
            outward[c] = template[c];
        }

        var pca = ShapePca.Fit(deltas, extraDeltas, n, k, outward);
        var shapeDirs = Array.ConvertAll(pca.Directions, d => (float)d);

        // 5. Regressors: 16 joints over their nearest vertices; tips over the nearest vertices rigid with the distal joint.
        var jointRegressor = new float[J * v];
        var tipRegressor = new float[T * v];
        var pointDirs = new double[3 * k];
        for (int j = 0; j < J; j++)
        {
            Array.Copy(pca.ExtraDirections, j * 3 * k, pointDirs, 0, 3 * k);
            var support = RegressorFit.Nearest(template, joints.AsSpan(j * 3, 3), Enumerable.Range(0, v), options.RegressorSupport);
            RegressorFit.FitRow(template, shapeDirs, k, joints.AsSpan(j * 3, 3), pointDirs, support).CopyTo(jointRegressor, j * v);
        }

        for (int t = 0; t < T; t++)
        {
            Array.Copy(pca.ExtraDirections, (J + t) * 3 * k, pointDirs, 0, 3 * k);
            FitTipRow(template, weights, shapeDirs, k, WebXrJoints.TipParent[t], tips.AsSpan(t * 3, 3), pointDirs, options.RegressorSupport)
                .CopyTo(tipRegressor, t * v);
        }

        var model = new HandModel("open-hand-right", Handedness.Right, template, welded.Faces, shapeDirs, [], jointRegressor, tipRegressor, [.. HandJoints.Parents], weights)
        {
            Uv = welded.Uv,
        };

        // 6. What we measured.
        var keypoints = HandModelMeasures.RestKeypoints(model);
        var restErrors = new double[J + T];
        for (int q = 0; q < J + T; q++)
        {
            var expected = q < J ? joints.AsSpan(q * 3, 3) : tips.AsSpan((q - J) * 3, 3);
            double dx = keypoints[q * 3] - expected[0], dy = keypoints[(q * 3) + 1] - expected[1], dz = keypoints[(q * 3) + 2] - expected[2];
            restErrors[q] = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        }

        var report = new OpenHandReport(
            glb.VertexCount,
            glb.TriangleCount,
            v,
            welded.Uv.UvVertexCount,
            welded.MaxMergeDistance,
            disagreement,
            MeshTopology.Analyse(welded.Faces, v),
            wristInSource,
            pca.ExplainedFraction,
            [.. pca.Variances.Select(Math.Sqrt)],
            restErrors,
            HandModelMeasures.HandLength(model, new float[k]));
        return new OpenHandBuild(model, Metadata(glb, options, report, deformer), report);
    }

    /// <summary>
    /// A tip row over vertices that move rigidly with the distal joint, so the tip follows the posed skin: the most
    /// rigid set (distal weight ≥ 0.999, then 0.99, 0.98, 0.95, 0.9, then any vertex) whose fit reproduces the rest tip
    /// within 10 µm. The fully rigid vertices form the fingertip cap, which lies mostly beyond the GLB tip joint.
    /// </summary>
    private static float[] FitTipRow(float[] template, float[] weights, float[] shapeDirs, int k, int distal, ReadOnlySpan<double> tip, double[] tipDirs, int supportSize)
    {
        const int J = HandModel.JointCount;
        int v = template.Length / 3;
        float[] row = [];
        foreach (float threshold in (ReadOnlySpan<float>)[0.999f, 0.99f, 0.98f, 0.95f, 0.9f, 0f])
        {
            var candidates = Enumerable.Range(0, v).Where(i => weights[(i * J) + distal] >= threshold).ToArray();
            if (candidates.Length < 8)
            {
                continue;
            }

            row = RegressorFit.FitRow(template, shapeDirs, k, tip, tipDirs, RegressorFit.Nearest(template, tip, candidates, supportSize));
            double err = 0;
            for (int c = 0; c < 3; c++)
            {
                double x = -tip[c];
                for (int i = 0; i < v; i++)
                {
                    x += row[i] * (double)template[(i * 3) + c];
                }

                err += x * x;
            }

            if (Math.Sqrt(err) <= 1e-5)
            {
                break;
            }
        }

        return row;
    }

    /// <summary>Per welded vertex, the GLB weights summed into MANO joints; copies of a seam vertex are averaged (they agree in these files).</summary>
    private static (float[] Weights, float Disagreement) ReduceSkin(GltfSkinnedMesh glb, WeldedMesh welded)
    {
        const int J = HandModel.JointCount;
        int v = welded.VertexCount;
        var target = Array.ConvertAll(glb.JointNames, WebXrJoints.SkinTarget);
        var sums = new double[v * J];
        var copies = new int[v];
        var first = new double[v * J];
        float disagreement = 0;
        var row = new double[J];
        for (int s = 0; s < glb.VertexCount; s++)
        {
            Array.Clear(row);
            for (int c = 0; c < 4; c++)
            {
                row[target[glb.Joints[(s * 4) + c]]] += glb.Weights[(s * 4) + c];
            }

            int w = welded.WeldedOfSource[s];
            for (int j = 0; j < J; j++)
            {
                if (copies[w] == 0)
                {
                    first[(w * J) + j] = row[j];
                }

                disagreement = Math.Max(disagreement, (float)Math.Abs(row[j] - first[(w * J) + j]));
                sums[(w * J) + j] += row[j];
            }

            copies[w]++;
        }

        var weights = new float[v * J];
        for (int w = 0; w < v; w++)
        {
            double total = 0;
            for (int j = 0; j < J; j++)
            {
                total += sums[(w * J) + j];
            }

            if (!(total > 0))
            {
                throw new GltfFormatException(glb.SourceName, $"vertex {welded.Representative[w]} has no skin weight");
            }

            for (int j = 0; j < J; j++)
            {
                weights[(w * J) + j] = (float)(sums[(w * J) + j] / total);
            }
        }

        return (weights, disagreement);
    }

    private static Dictionary<string, string> Metadata(GltfSkinnedMesh glb, OpenHandOptions options, OpenHandReport report, HandShapeDeformer deformer)
    {
        string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
        string Vec(ReadOnlySpan<double> p) => $"[{F(p[0])}, {F(p[1])}, {F(p[2])}]";
        return new Dictionary<string, string>
        {
            ["source"] = $"WebXR generic hand ({Path.GetFileName(glb.SourceName)}), MIT licence, Copyright (c) 2019 Amazon: see LICENSE-webxr-generic-hand.md",
            ["converter"] = $"hamr convert-hand (OpenHandConverter): weld tolerance {F(options.WeldToleranceMeters)} m, {options.ShapeSamples} shape samples, seed {options.Seed}, regressor support {options.RegressorSupport}",
            ["units"] = "metres",
            ["origin"] = $"the wrist joint; GLB bind-space coordinates = model coordinates + {Vec(report.WristInSourceMeters)}",
            ["axes"] = $"GLB axes kept: fingers point along {Vec(deformer.PalmLengthAxis)} (≈ −y), palm normal {Vec(deformer.PalmNormal)} (≈ −x, the back of the hand faces +x), thumb side {Vec(deformer.PalmWidthAxis)} (≈ −z)",
            ["joint_names"] = string.Join(',', HandJoints.JointNames),
            ["tip_names"] = string.Join(',', HandJoints.TipNames),
            ["shape_sd_rms_mm"] = string.Join(',', report.ComponentStdMeters.Select(sd => (sd * 1000 / Math.Sqrt(report.WeldedVertices)).ToString("0.###", CultureInfo.InvariantCulture))),
            ["shape_explained_fraction"] = F(report.ExplainedVarianceFraction),
            ["hand_length_m"] = F(report.HandLengthMeters),
            ["uv_convention"] = "glTF TEXCOORD_0: origin at the image's top-left, v down",
        };
    }
}
