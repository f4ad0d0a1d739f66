using Hamr.Tensors;

namespace Hamr.HandModel;

/// <summary>
/// Preallocated results of <see cref="HandLayer"/>'s plain forward for a batch of B hands (row-major, metres), plus
/// the per-hand scratch the forward reuses, so a call allocates nothing. One output per thread.
/// </summary>
public sealed class HandLayerOutput
{
    internal HandLayerOutput(int batchSize, int vertexCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        BatchSize = batchSize;
        VertexCount = vertexCount;
        Vertices = new float[batchSize * vertexCount * 3];
        Joints = new float[batchSize * HandModel.JointCount * 3];
        Keypoints = new float[batchSize * HandJoints.KeypointCount * 3];
        Transforms = new float[batchSize * HandModel.JointCount * 16];
        Posed = new float[batchSize * vertexCount * 3];
        RestJoints = new float[batchSize * HandModel.JointCount * 3];
        Rotations = new float[batchSize * HandModel.JointCount * 9];
        PoseFeatures = new float[batchSize * (HandModel.JointCount - 1) * 9];
        Global = new float[HandModel.JointCount * 12];
        Skinning = new float[HandModel.JointCount * 12];
        Tips = new float[HandModel.TipCount * 3];
    }

    public int BatchSize { get; }

    public int VertexCount { get; }

    /// <summary>Posed mesh [B, V, 3], translation included.</summary>
    public float[] Vertices { get; }

    /// <summary>The 16 posed joints [B, 16, 3] in MANO order, translation included.</summary>
    public float[] Joints { get; }

    /// <summary>The 21 keypoints [B, 21, 3] in the project's order (<see cref="HandJoints.KeypointNames"/>).</summary>
    public float[] Keypoints { get; }

    /// <summary>
    /// Skinning transforms [B, 16, 4, 4]: A_j maps a rest-pose point (after the shape and pose blends) rigidly attached
    /// to joint j to its posed position, translation included; A_j·J_j(rest) is the posed joint.
    /// </summary>
    public float[] Transforms { get; }

    // Scratch: for the batch, v_shaped then v_posed [B, V, 3], rest joints [B, 16, 3], rotations [B, 16, 9], pose
    // features [B, 135]; per hand, global transforms G_j and skinning transforms A_j as top 3×4 rows [16, 12], tips [5, 3].
    internal float[] Posed { get; }

    internal float[] PoseFeatures { get; }

    internal float[] RestJoints { get; }

    internal float[] Rotations { get; }

    internal float[] Global { get; }

    internal float[] Skinning { get; }

    internal float[] Tips { get; }
}

/// <summary>The autograd forward's results, as tensors in the graph of β and θ.</summary>
/// <param name="Vertices">Posed mesh [B, V, 3].</param>
/// <param name="Joints">Posed joints [B, 16, 3].</param>
/// <param name="Keypoints">The 21 keypoints [B, 21, 3].</param>
/// <param name="Transforms">Skinning transforms [B, 16, 4, 4] (see <see cref="HandLayerOutput.Transforms"/>).</param>
public sealed record HandLayerTensors(Tensor Vertices, Tensor Joints, Tensor Keypoints, Tensor Transforms);
