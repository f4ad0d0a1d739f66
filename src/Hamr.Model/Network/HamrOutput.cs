using Hamr.Tensors;

namespace Hamr.Model.Network;

/// <summary>
/// One regression iteration's prediction and what the hand layer makes of it. 3D quantities are root-relative (the
/// wrist keypoint at the origin), metres, camera axes (OpenCV: x right, y down, z forward); 2D keypoints are the weak-
/// perspective projection x = s·(X_xy + t) of the root-relative keypoints in normalised crop coordinates
/// (<see cref="CropCoordinates"/>), as the synthetic data's camera.
/// </summary>
/// <param name="Theta">Θ_t [B, ThetaSize].</param>
/// <param name="Camera">(s, tx, ty) [B, 3].</param>
/// <param name="PoseMatrices">Joint rotations relative to the parent [B, 16, 3, 3].</param>
/// <param name="PoseAxisAngle">The same as MANO axis-angle [B, 16, 3].</param>
/// <param name="Beta">Shape [B, 10].</param>
/// <param name="Vertices">Mesh [B, V, 3].</param>
/// <param name="Keypoints3D">21 keypoints [B, 21, 3] (the wrist, row 0, is zero).</param>
/// <param name="Keypoints2D">Projected keypoints [B, 21, 2], normalised crop coordinates.</param>
/// <param name="GlobalRotations">Each joint's rotation in camera space (down the kinematic tree) [B, 16, 3, 3].</param>
public sealed record HamrIteration(
    Tensor Theta,
    Tensor Camera,
    Tensor PoseMatrices,
    Tensor PoseAxisAngle,
    Tensor Beta,
    Tensor Vertices,
    Tensor Keypoints3D,
    Tensor Keypoints2D,
    Tensor GlobalRotations);

/// <summary>Everything a HAMR forward pass produces: heatmaps of every stack and every iteration's prediction.</summary>
/// <param name="Heatmaps">One [B, 21, h, h] tensor per stack (the last is the 2D pose module's answer).</param>
/// <param name="Iterations">Θ_1 … Θ_T decoded; the last is the network's prediction.</param>
public sealed record HamrOutput(IReadOnlyList<Tensor> Heatmaps, IReadOnlyList<HamrIteration> Iterations)
{
    /// <summary>The last iteration: the prediction.</summary>
    public HamrIteration Final => Iterations[^1];

    /// <summary>Final mesh [B, V, 3], root-relative metres.</summary>
    public Tensor Vertices => Final.Vertices;

    /// <summary>Final keypoints [B, 21, 3], root-relative metres.</summary>
    public Tensor Keypoints3D => Final.Keypoints3D;

    /// <summary>Final projected keypoints [B, 21, 2], normalised crop coordinates.</summary>
    public Tensor Keypoints2D => Final.Keypoints2D;

    /// <summary>Keypoints of the last stack's heatmaps by soft-argmax [B, 21, 2], normalised crop coordinates.</summary>
    public Tensor HeatmapKeypoints2D(float beta = 10f) => CropCoordinates.HeatmapKeypoints(Heatmaps[^1], beta);
}
