using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.HandModel.Priors;
using Hamr.Tensors;

namespace Hamr.Model.Network;

/// <summary>
/// Θ's layout for a config, [camera (s, tx, ty) | pose 16 × (6 or 3) | β 10], its views and the decoding of the pose
/// into rotation matrices and axis-angle (6D → Gram–Schmidt → log map, or Rodrigues), and the mean parameters Θ_0.
/// </summary>
public static class ThetaLayout
{
    /// <summary>Camera [B, 3] = (s, tx, ty).</summary>
    public static Tensor Camera(Tensor theta) => theta.Slice(1, 0, HamrConfig.CameraCount);

    /// <summary>The raw pose block [B, 16, PoseWidth].</summary>
    public static Tensor Pose(HamrConfig config, Tensor theta)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(theta);
        return theta.Slice(1, HamrConfig.CameraCount, HamrConfig.JointCount * config.PoseWidth)
            .Reshape(theta.Dim(0), HamrConfig.JointCount, config.PoseWidth);
    }

    /// <summary>Shape β [B, 10].</summary>
    public static Tensor Beta(HamrConfig config, Tensor theta)
    {
        ArgumentNullException.ThrowIfNull(config);
        return theta.Slice(1, config.ThetaSize - HamrConfig.ShapeCount, HamrConfig.ShapeCount);
    }

    /// <summary>Rotation matrices [B, 16, 3, 3] and axis-angle [B, 16, 3] of Θ's pose block.</summary>
    public static (Tensor Matrices, Tensor AxisAngle) DecodePose(HamrConfig config, Tensor theta)
    {
        var pose = Pose(config, theta);
        if (config.Pose == PoseRepresentation.SixD)
        {
            var matrices = Rotations.SixDToMatrix(pose);
            return (matrices, Rotations.MatrixToAxisAngle(matrices));
        }
        return (Rotations.AxisAngleToMatrix(pose), pose);
    }

    /// <summary>
    /// Θ_0 [ThetaSize]: camera (MeanCameraScale, 0, 0); pose = the model's relaxed pose (<see cref="NamedPose.Relaxed"/>,
    /// fingers slightly curled; wrist = identity) in the config's representation; β = 0.
    /// </summary>
    public static float[] MeanTheta(HamrConfig config, HandModel.HandModel model)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        var theta = new float[config.ThetaSize];
        theta[0] = config.MeanCameraScale;
        var axisAngle = new PoseSampler(new JointLimits(model), 0).Named(NamedPose.Relaxed);   // [16, 3]
        var pose = theta.AsSpan(HamrConfig.CameraCount, HamrConfig.JointCount * config.PoseWidth);
        if (config.Pose == PoseRepresentation.SixD)
        {
            var matrices = new float[HamrConfig.JointCount * 9];
            Rotations.AxisAnglesToMatrices<float>(axisAngle, matrices);
            Rotations.MatricesToSixDs<float>(matrices, pose);
        }
        else
        {
            axisAngle.CopyTo(pose);
        }
        return theta;
    }
}
