using Hamr.HandModel;
using Hamr.HandModel.Priors;
using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Model.Tests.Support;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Losses;

public sealed class GeometryLossTests
{
    private static readonly GeometryLoss s_geometry = new(Tiny.Hand);

    /// <summary>Flexion-plane term [B] of axis-angle poses [B·48] (β = 0).</summary>
    private static float[] Plane(float[] theta)
    {
        int b = theta.Length / 48;
        var hand = new HandLayer(Tiny.Hand).Forward(Tensor.Zeros(b, 10), Tensor.FromArray(theta, b, 16, 3));
        var rotations = hand.Transforms.Slice(2, 0, 3).Slice(3, 0, 3);
        return s_geometry.FlexionPlaneDistances(hand.Keypoints, rotations).ToArray();
    }

    private static float[] FromDegrees(Action<float[]> edit)
    {
        var degrees = PoseSampler.NamedDegrees(NamedPose.Relaxed);
        edit(degrees);
        var theta = new float[48];
        s_geometry.Limits.FromAnatomical(degrees, theta);
        return theta;
    }

    [Fact]
    public void Joint_limit_penalty_is_zero_for_poses_inside_the_limits_and_positive_outside()
    {
        var (_, _, theta, _) = TargetFactory.Random(Tiny.Hand, 4, 21);
        Assert.InRange(s_geometry.JointLimitPenalty(Tensor.FromArray(theta, 4, 16, 3)).Item(), 0f, 1e-12f);   // clamped to the bounds, up to rounding
        // Index PIP (joint 2, row 1) hyperextended by 30°: 30° outside [0, 110] → (π/6)² rad².
        var bent = FromDegrees(d => d[3] = -30f);
        Assert.Equal(MathF.Pow(MathF.PI / 6, 2), s_geometry.JointLimitPenalty(Tensor.FromArray(bent, 1, 16, 3)).Item(), 1e-4f);
    }

    [Fact]
    public void Flexion_plane_term_is_near_zero_for_hinge_flexion_and_grows_with_sideways_bending()
    {
        float flexedOnly = Plane(new PoseSampler(s_geometry.Limits, 0).Named(NamedPose.Fist))[0];
        float relaxed = Plane(FromDegrees(_ => { }))[0];
        // Index PIP and DIP abducted 20° (rows 1 and 2, column 1): DIP and tip leave their planes by ~sin 20°·2 cm each.
        float abducted = Plane(FromDegrees(d => { d[4] = 20f; d[7] = 20f; }))[0];
        Assert.InRange(flexedOnly, 0f, 1e-12f);
        Assert.InRange(relaxed, 0f, 1e-12f);
        Assert.True(abducted > 5e-5f, $"abducted PIP and DIP give {abducted} m²");
        // Ground truth of the sampler (PIP/DIP abduction and twist within ±5°) stays small: ~1–3e-5 m².
        var (_, _, theta, _) = TargetFactory.Random(Tiny.Hand, 8, 22);
        Assert.All(Plane(theta), v => Assert.InRange(v, 0f, 1e-4f));
    }

    [Fact]
    public void Geometry_terms_reach_the_first_conv_when_the_hand_breaks_them()
    {
        // The network starts at its mean pose: move that mean outside the limits and off the flexion plane.
        var net = Tiny.Network(pose: PoseRepresentation.AxisAngle);
        var bad = FromDegrees(d => { d[3] = -30f; d[4] = 20f; d[7] = 20f; });
        bad.CopyTo(net.Regressor.MeanTheta.AsSpan().Slice(HamrConfig.CameraCount, 48));
        var output = net.Run(Tiny.Images(2));
        var limits = s_geometry.JointLimitPenalty(output.Final.PoseAxisAngle);
        Assert.True(limits.Item() > 0.2f);
        net.ZeroGrad();
        limits.Backward();
        Assert.True(Tiny.GradientReachesFirstConv(net));

        output = net.Run(Tiny.Images(2));
        var plane = s_geometry.FlexionPlane(output.Final.Keypoints3D, output.Final.GlobalRotations);
        Assert.True(plane.Item() > 5e-5f, $"plane term {plane.Item()}");
        net.ZeroGrad();
        plane.Backward();
        Assert.True(Tiny.GradientReachesFirstConv(net));
    }

    [Fact]
    public void Joint_limits_reach_a_6D_network_through_the_log_map()
    {
        var net = Tiny.Network(pose: PoseRepresentation.SixD);
        var bad = FromDegrees(d => d[3] = -40f);
        var matrices = new float[16 * 9];
        Geometry.Rotations.AxisAnglesToMatrices<float>(bad, matrices);
        Geometry.Rotations.MatricesToSixDs<float>(matrices, net.Regressor.MeanTheta.AsSpan().Slice(HamrConfig.CameraCount, 96));
        var output = net.Run(Tiny.Images(2));
        var limits = s_geometry.JointLimitPenalty(output.Final.PoseAxisAngle);
        Assert.True(limits.Item() > 0.3f);
        net.ZeroGrad();
        limits.Backward();
        Assert.True(Tiny.GradientReachesFirstConv(net));
    }
}
