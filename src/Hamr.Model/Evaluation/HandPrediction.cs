using Hamr.HandModel;

namespace Hamr.Model.Evaluation;

/// <summary>
/// What a predictor says about one hand crop: 21 keypoints in the crop's pixels, 21 joints in metres (any frame: every
/// protocol removes the translation, so camera-relative, root-relative or weak-perspective joints all work) and,
/// optionally, the mesh vertices in the same frame as the joints.
/// </summary>
public sealed record HandPrediction
{
    /// <summary>Checks the lengths ([21, 2], [21, 3], [V, 3]) and that every value is finite.</summary>
    public HandPrediction(float[] keypoints2DPx, float[] joints3DMeters, float[]? verticesMeters = null)
    {
        const int K = HandJoints.KeypointCount;
        if (keypoints2DPx.Length != 2 * K || joints3DMeters.Length != 3 * K)
        {
            throw new ArgumentException($"a hand prediction needs keypoints [21, 2] and joints [21, 3], got {keypoints2DPx.Length} and {joints3DMeters.Length} values");
        }

        if (verticesMeters is not null && (verticesMeters.Length == 0 || verticesMeters.Length % 3 != 0))
        {
            throw new ArgumentException($"predicted vertices must be [V, 3] with V ≥ 1, got {verticesMeters.Length} values");
        }

        if (!keypoints2DPx.All(float.IsFinite) || !joints3DMeters.All(float.IsFinite) || (verticesMeters is not null && !verticesMeters.All(float.IsFinite)))
        {
            throw new ArgumentException("a hand prediction holds a value that is not finite (NaN or ∞)");
        }

        Keypoints2DPx = keypoints2DPx;
        Joints3DMeters = joints3DMeters;
        VerticesMeters = verticesMeters;
    }

    /// <summary>Keypoints in the crop's pixels, [21, 2].</summary>
    public float[] Keypoints2DPx { get; }

    /// <summary>Joints in metres, [21, 3].</summary>
    public float[] Joints3DMeters { get; }

    /// <summary>Mesh vertices in metres, [V, 3], in the joints' frame; null when the predictor gives no mesh.</summary>
    public float[]? VerticesMeters { get; }
}
