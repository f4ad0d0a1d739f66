using Hamr.HandModel.Priors;
using Hamr.HandModel.Tests.Support;

namespace Hamr.HandModel.Tests.Priors;

public sealed class PoseSamplerTests
{
    private static readonly HandModel Model = SyntheticHand.Create();
    private static readonly JointLimits Limits = new(Model);

    [Fact]
    public void Named_poses_and_their_blends_are_within_the_limits()
    {
        var sampler = new PoseSampler(Limits, 1);
        var poses = Enum.GetValues<NamedPose>();
        foreach (var pose in poses)
        {
            Assert.True(Limits.IsWithinAnatomical(PoseSampler.NamedDegrees(pose)), pose.ToString());
            Assert.True(Limits.IsWithin(sampler.Named(pose)), pose.ToString());
            foreach (var other in poses)
            {
                Assert.True(Limits.IsWithin(sampler.Blend(pose, other, 0.37f)), $"{pose}–{other}");
            }
        }
        Assert.Equal(new float[48], sampler.Named(NamedPose.Open));
    }

    [Fact]
    public void Sampled_poses_are_within_the_limits_and_span_them()
    {
        var sampler = new PoseSampler(Limits, 2);
        var degrees = new float[45];
        float maxFlexion = 0, minFlexion = 0;
        for (int i = 0; i < 200; i++)
        {
            var uniform = sampler.Uniform();
            Assert.True(Limits.IsWithin(uniform));
            Assert.Equal(0f, uniform[0]);
            Assert.True(Limits.IsWithin(sampler.RandomBlend()));
            Limits.ToAnatomical(uniform, degrees);
            maxFlexion = Math.Max(maxFlexion, degrees[0]);
            minFlexion = Math.Min(minFlexion, degrees[0]);
        }
        Assert.True(maxFlexion > 80 && minFlexion < -20, $"index1 flexion sampled in [{minFlexion}, {maxFlexion}] of [-30, 90]");
    }

    [Fact]
    public void The_same_seed_gives_the_same_poses_and_another_seed_others()
    {
        var a = new PoseSampler(Limits, 7);
        var b = new PoseSampler(Limits, 7);
        var c = new PoseSampler(Limits, 8);
        for (int i = 0; i < 5; i++)
        {
            var pa = a.RandomBlend();
            Assert.Equal(pa, b.RandomBlend());
            Assert.NotEqual(pa, c.RandomBlend());
            Assert.Equal(a.Uniform(), b.Uniform());
        }
    }

    [Fact]
    public void A_fist_brings_every_fingertip_closer_to_the_wrist_than_the_open_hand()
    {
        var layer = new HandLayer(Model);
        var sampler = new PoseSampler(Limits, 3);
        var open = layer.CreateOutput(1);
        var fist = layer.CreateOutput(1);
        layer.Forward([], sampler.Named(NamedPose.Open), [], open);
        layer.Forward([], sampler.Named(NamedPose.Fist), [], fist);
        foreach (int k in new[] { 8, 12, 16, 20 })
        {
            Assert.True(Norm(fist.Keypoints.AsSpan(3 * k, 3)) < 0.6 * Norm(open.Keypoints.AsSpan(3 * k, 3)), HandJoints.KeypointNames[k]);
        }
    }

    [Fact]
    public void Random_global_rotation_sets_only_the_wrist_to_an_angle_up_to_pi()
    {
        var sampler = new PoseSampler(Limits, 4);
        var theta = sampler.Named(NamedPose.Grasp);
        var fingers = theta[3..];
        sampler.RandomGlobalRotation(theta);
        double angle = Math.Sqrt(theta[0] * theta[0] + theta[1] * theta[1] + theta[2] * theta[2]);
        Assert.True(angle > 0 && angle <= Math.PI + 1e-6);
        Assert.Equal(fingers, theta[3..]);
    }

    private static double Norm(ReadOnlySpan<float> p) => Math.Sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
}
