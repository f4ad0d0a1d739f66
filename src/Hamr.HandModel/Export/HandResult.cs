using Hamr.Geometry;

namespace Hamr.HandModel.Export;

/// <summary>
/// One hand's parameters and joints, as <see cref="HandResultJson"/> writes them: side, shape β, pose θ (axis-angle
/// [16, 3], MANO order, each relative to its parent), optional translation and weak-perspective camera, the 21 keypoints
/// (project order) and 16 joints in metres, optional 2D keypoints, and the mesh's vertex count. A hand estimated from
/// an image may also say which image (<see cref="Image"/>), where in it (<see cref="BoxPx"/>, <see cref="CropPx"/>,
/// <see cref="CameraPx"/>, <see cref="HeatmapKeypoints2D"/>) and what made it (<see cref="Source"/>).
/// </summary>
public sealed record HandResult
{
    public required Handedness Side { get; init; }

    /// <summary>The hand model's name (e.g. "open-hand-right"), or null.</summary>
    public string? Model { get; init; }

    /// <summary>Shape β [S].</summary>
    public required float[] Beta { get; init; }

    /// <summary>Pose θ [16, 3]: axis-angle (radians) per joint in MANO order (<see cref="HandJoints.JointNames"/>).</summary>
    public required float[] Theta { get; init; }

    /// <summary>Global translation [3] (metres), or null.</summary>
    public float[]? Translation { get; init; }

    /// <summary>Weak-perspective camera (u, v) = s·(X + tx, Y + ty), or null.</summary>
    public WeakPerspectiveCamera? Camera { get; init; }

    /// <summary>The 21 keypoints [21, 3] (metres, <see cref="HandJoints.KeypointNames"/> order).</summary>
    public required float[] Keypoints3D { get; init; }

    /// <summary>The 21 keypoints in the image [21, 2] (pixels, or the camera's units), or null.</summary>
    public float[]? Keypoints2D { get; init; }

    /// <summary>The 16 articulated joints [16, 3] (metres, MANO order).</summary>
    public required float[] Joints3D { get; init; }

    /// <summary>Vertices of the hand mesh these came from.</summary>
    public required int VertexCount { get; init; }

    /// <summary>What made the result (method, config, weights, training step), or null.</summary>
    public HandResultSource? Source { get; init; }

    /// <summary>The image the hand was estimated from, or null.</summary>
    public HandResultImage? Image { get; init; }

    /// <summary>The hand box in the image [4]: x, y, width, height in pixels, or null.</summary>
    public float[]? BoxPx { get; init; }

    /// <summary>The square crop the estimate was made from [4]: x, y, width, height in pixels, or null.</summary>
    public float[]? CropPx { get; init; }

    /// <summary>The weak-perspective camera in the image's pixels, (u, v) = s·(X + tx, Y + ty) for <see cref="Keypoints3D"/>, or null.</summary>
    public WeakPerspectiveCamera? CameraPx { get; init; }

    /// <summary>The 21 keypoints of a 2D (heatmap) stage in the image [21, 2], pixels, or null.</summary>
    public float[]? HeatmapKeypoints2D { get; init; }

    /// <summary>
    /// The result of one hand evaluated by <paramref name="layer"/> (β [S] or empty, θ [16, 3], translation [3] or
    /// empty), with an optional camera and 2D keypoints [21, 2].
    /// </summary>
    public static HandResult FromLayer(
        HandLayer layer,
        ReadOnlySpan<float> beta,
        ReadOnlySpan<float> theta,
        ReadOnlySpan<float> translation = default,
        WeakPerspectiveCamera? camera = null,
        float[]? keypoints2D = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var output = layer.CreateOutput(1);
        layer.Forward(beta, theta, translation, output);
        return new HandResult
        {
            Side = layer.Model.Side,
            Model = layer.Model.Name,
            Beta = beta.IsEmpty ? new float[layer.ShapeCount] : beta.ToArray(),
            Theta = theta.ToArray(),
            Translation = translation.IsEmpty ? null : translation.ToArray(),
            Camera = camera,
            Keypoints3D = output.Keypoints,
            Keypoints2D = keypoints2D,
            Joints3D = output.Joints,
            VertexCount = layer.VertexCount,
        };
    }
}

/// <summary>What made a <see cref="HandResult"/>: a method (e.g. "hamr"), its config, weights file and training step where known.</summary>
public sealed record HandResultSource(string Method, string? Config = null, string? Weights = null, long? Step = null);

/// <summary>The image a <see cref="HandResult"/> was estimated from: its file name (or null) and size in pixels.</summary>
public sealed record HandResultImage(string? Name, int Width, int Height);
