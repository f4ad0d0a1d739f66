using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;
using Hamr.Tensors;

namespace Hamr.HandModel.Tests.Export;

/// <summary>The open hands and a few seeded poses and shapes the export tests share (models loaded once per run; do not modify).</summary>
internal static class ExportHands
{
    private static readonly Lazy<HandModel> s_right = new(OpenHandModel.LoadRight);
    private static readonly Lazy<HandModel> s_left = new(OpenHandModel.LoadLeft);

    public static HandModel Right => s_right.Value;

    public static HandModel Left => s_left.Value;

    public static HandModel Model(Handedness side) => side == Handedness.Right ? Right : Left;

    /// <summary>θ of a named pose for <paramref name="side"/> (from that model's own joint frames).</summary>
    public static float[] Pose(Handedness side, NamedPose pose) => new PoseSampler(new JointLimits(Model(side)), 1).Named(pose);

    /// <summary>A seeded random natural pose with a random wrist rotation.</summary>
    public static float[] RandomPose(Handedness side, ulong seed)
    {
        var sampler = new PoseSampler(new JointLimits(Model(side)), seed);
        var theta = sampler.RandomBlend();
        sampler.RandomGlobalRotation(theta);
        return theta;
    }

    /// <summary>β ~ N(0, I), seeded.</summary>
    public static float[] RandomBeta(ulong seed, int count = 10)
    {
        var random = new TensorRandom(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextGaussian())];
    }

    /// <summary>HandLayer's vertices [V, 3] for one hand.</summary>
    public static float[] Vertices(HandModel model, float[] beta, float[] theta, float[]? translation = null)
    {
        var layer = new HandLayer(model);
        var output = layer.CreateOutput(1);
        layer.Forward(beta, theta, translation ?? [], output);
        return output.Vertices;
    }
}
