using System.Globalization;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Tensors;

namespace Hamr.Model.Evaluation;

/// <summary>
/// A sanity baseline, not a method: the ground truth plus seeded Gaussian noise. 3D joints (and vertices, when the
/// sample has them) get N(0, σ_mm) on every coordinate; 2D keypoints are the noisy joints projected through the
/// sample's K when it has K and 3D (so 2D and 3D agree, as a real predictor's would), otherwise the ground-truth
/// keypoints; then N(0, σ_px) on every 2D coordinate. Each sample's noise comes from the seed and the sample's index
/// alone, so results do not depend on order. A 2D-only sample gets zero joints (never scored: it has no 3D truth).
/// </summary>
public sealed class GroundTruthNoisePredictor : IHandPredictor
{
    /// <summary>The prefix of this predictor's specification string.</summary>
    public const string Prefix = "ground-truth-noise";

    private readonly ulong _seed;

    /// <summary>Noise of <paramref name="sigmaMm"/> mm on 3D and <paramref name="sigmaPx"/> px on 2D coordinates, from <paramref name="seed"/>.</summary>
    public GroundTruthNoisePredictor(double sigmaMm, double sigmaPx = 0, ulong seed = 0)
    {
        if (!(sigmaMm >= 0) || !(sigmaPx >= 0) || !double.IsFinite(sigmaMm) || !double.IsFinite(sigmaPx))
        {
            throw new ArgumentException($"noise sigmas must be finite and ≥ 0, got {sigmaMm} mm and {sigmaPx} px");
        }

        SigmaMm = sigmaMm;
        SigmaPx = sigmaPx;
        _seed = seed;
    }

    /// <summary>Standard deviation of the 3D noise per coordinate, mm.</summary>
    public double SigmaMm { get; }

    /// <summary>Standard deviation of the 2D noise per coordinate, px.</summary>
    public double SigmaPx { get; }

    /// <inheritdoc/>
    public string Name => SigmaPx == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{SigmaMm:0.###}")
        : string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{SigmaMm:0.###},{SigmaPx:0.###}");

    /// <summary>Parses "ground-truth-noise:SIGMA_MM[,SIGMA_PX]"; throws <see cref="FormatException"/> naming the problem.</summary>
    public static GroundTruthNoisePredictor Parse(string specification, ulong seed = 0)
    {
        const string Form = "expected ground-truth-noise:SIGMA_MM[,SIGMA_PX] with sigmas ≥ 0";
        if (!specification.StartsWith(Prefix + ":", StringComparison.Ordinal))
        {
            throw new FormatException($"'{specification}': {Form}");
        }

        var parts = specification[(Prefix.Length + 1)..].Split(',');
        var sigmas = new double[2];
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"'{specification}': {Form}");
        }

        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out sigmas[i]) || !double.IsFinite(sigmas[i]) || sigmas[i] < 0)
            {
                throw new FormatException($"'{specification}': {Form}");
            }
        }

        return new GroundTruthNoisePredictor(sigmas[0], sigmas[1], seed);
    }

    /// <inheritdoc/>
    public HandPrediction Predict(Image image, EvalSample sample)
    {
        const int K = HandJoints.KeypointCount;
        var random = new TensorRandom(Mix(_seed, sample.Index));
        double sigmaM = SigmaMm / 1000;

        // 1. 3D: truth + N(0, σ) per coordinate (zeros for a 2D-only sample).
        var joints = new float[3 * K];
        if (sample.Joints3DMeters is { } truth)
        {
            for (int i = 0; i < joints.Length; i++)
            {
                joints[i] = (float)(truth[i] + sigmaM * random.NextGaussian());
            }
        }

        // 2. 2D: the noisy joints projected through K where possible, else the ground truth; then N(0, σ_px).
        var keypoints = (float[])sample.Keypoints2DPx.Clone();
        if (sample.Joints3DMeters is not null && sample.IntrinsicsK is { } k && Project(k, joints, out var projected))
        {
            keypoints = projected;
        }

        for (int i = 0; i < keypoints.Length; i++)
        {
            keypoints[i] += (float)(SigmaPx * random.NextGaussian());
        }

        // 3. Vertices, when the sample has a mesh.
        float[]? vertices = null;
        if (sample.VerticesMeters is { } truthVertices)
        {
            vertices = new float[truthVertices.Length];
            for (int i = 0; i < vertices.Length; i++)
            {
                vertices[i] = (float)(truthVertices[i] + sigmaM * random.NextGaussian());
            }
        }

        return new HandPrediction(keypoints, joints, vertices);
    }

    /// <summary>Pinhole projection u = (K·X)₀ / (K·X)₂, v = (K·X)₁ / (K·X)₂; false when a joint is not in front of the camera.</summary>
    private static bool Project(double[] k, float[] joints, out float[] keypoints)
    {
        keypoints = new float[joints.Length / 3 * 2];
        for (int j = 0; j < joints.Length / 3; j++)
        {
            double x = joints[3 * j], y = joints[3 * j + 1], z = joints[3 * j + 2];
            double w = k[6] * x + k[7] * y + k[8] * z;
            if (!(w > 1e-9))
            {
                return false;
            }

            keypoints[2 * j] = (float)((k[0] * x + k[1] * y + k[2] * z) / w);
            keypoints[2 * j + 1] = (float)((k[3] * x + k[4] * y + k[5] * z) / w);
        }

        return true;
    }

    /// <summary>A per-sample seed: SplitMix64's finaliser over the seed and the index, so nearby indices give unrelated streams.</summary>
    private static ulong Mix(ulong seed, int index)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (ulong)(index + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
