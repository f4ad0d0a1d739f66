using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.HandModel.Priors;
using Hamr.Model.Losses;
using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Support;

/// <summary>
/// Labels made from known parameters (no images): seeded random poses within the joint limits and random shapes go
/// through the hand layer; 3D keypoints root-relative, 2D by a known weak-perspective camera, masks by the soft
/// silhouette. Used by the tests and linked into the benchmarks.
/// </summary>
internal static class TargetFactory
{
    /// <summary>Ground truth of <paramref name="batch"/> random hands: the targets and the Θ that made them (axis-angle pose).</summary>
    public static (HamrTargets Targets, float[] Beta, float[] Theta, float[] Camera) Random(HandModel.HandModel model, int batch, ulong seed,
        int maskSize = 32)
    {
        var rng = new TensorRandom(seed);
        var sampler = new PoseSampler(new JointLimits(model), seed);
        var beta = new float[batch * HamrConfig.ShapeCount];
        var theta = new float[batch * 48];
        var camera = new float[batch * 3];
        for (int i = 0; i < batch; i++)
        {
            var pose = sampler.RandomBlend();
            sampler.RandomGlobalRotation(pose);
            pose.CopyTo(theta, 48 * i);
            for (int s = 0; s < HamrConfig.ShapeCount; s++)
            {
                beta[i * HamrConfig.ShapeCount + s] = 0.5f * rng.NextGaussian();
            }
            camera[3 * i] = rng.Uniform(6f, 10f);
            camera[3 * i + 1] = rng.Uniform(-0.05f, 0.05f);
            camera[3 * i + 2] = rng.Uniform(-0.05f, 0.05f);
        }
        return (FromParameters(model, beta, theta, camera, maskSize), beta, theta, camera);
    }

    /// <summary>Targets of hands β [B·10], θ [B·48] axis-angle seen by cameras [B·3].</summary>
    public static HamrTargets FromParameters(HandModel.HandModel model, float[] beta, float[] theta, float[] camera, int maskSize = 32)
    {
        int b = camera.Length / 3;
        using var _ = GradMode.NoGrad();
        var layer = new HandLayer(model);
        var hand = layer.Forward(Tensor.FromArray(beta, b, HamrConfig.ShapeCount), Tensor.FromArray(theta, b, 16, 3));
        var root = hand.Keypoints.Slice(1, 0, 1);
        var keypoints3D = (hand.Keypoints - root).Contiguous();
        var cameras = Tensor.FromArray(camera, b, 3);
        var keypoints2D = WeakPerspective.Project(keypoints3D, cameras).Contiguous();
        var masks = SilhouetteLoss.Render(hand.Vertices - root, cameras, model.Faces, maskSize, 0.3f).Contiguous();
        return new HamrTargets
        {
            Keypoints2D = keypoints2D,
            Keypoints3D = keypoints3D,
            Visibility = Tensor.Ones(b, HamrConfig.KeypointCount),
            Camera = cameras,
            Masks = masks,
        };
    }

    /// <summary>Images [B, 3, size, size] of seeded noise (the overfit and shape tests need no real pixels).</summary>
    public static Tensor NoiseImages(int batch, int size, ulong seed) =>
        Tensor.RandN(new TensorRandom(seed), batch, 3, size, size);
}
