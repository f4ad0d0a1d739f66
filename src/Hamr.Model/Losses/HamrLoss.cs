using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Losses;

/// <summary>
/// HAMR's training objective over a network output (see <see cref="LossWeights"/> for the formula): heatmaps on every
/// stack; L2D, L3D, Lgeo, Lcam and Lseg on every regression iteration (deep supervision), weighted per iteration.
/// Missing labels or zero weights skip a term (the soft silhouette, the costliest, is then not rendered).
/// </summary>
public sealed class HamrLoss
{
    private readonly int[] _faces;

    public HamrLoss(HandModel.HandModel model, LossWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Weights = (weights ?? new LossWeights()).Validate();
        Geometry = new GeometryLoss(model);
        _faces = model.Faces;
    }

    public LossWeights Weights { get; }

    public GeometryLoss Geometry { get; }

    public LossBreakdown Compute(HamrOutput output, HamrTargets targets)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        var w = Weights;
        var terms = new List<Tensor>();
        float Add(Tensor raw, float lambda)
        {
            terms.Add(raw * lambda);
            return raw.Item();
        }

        float heatmap = 0;
        if (w.Heatmap > 0 && (targets.Heatmaps is not null || targets.Keypoints2D is not null))
        {
            int h = output.Heatmaps[0].Dim(3);
            var target = targets.Heatmaps ?? GaussianHeatmaps.FromNormalized(targets.Keypoints2D!, targets.Visibility, h, w.HeatmapSigma);
            heatmap = Add(KeypointLosses.Heatmap(output.Heatmaps, target, targets.Visibility), w.Heatmap);
        }

        float hmkp = 0;
        if (w.HeatmapKeypoints > 0 && targets.Keypoints2D is not null)
        {
            var stacks = output.Heatmaps.Select(h => KeypointLosses.KeypointsL1(CropCoordinates.HeatmapKeypoints(h, w.SoftArgmaxBeta), targets.Keypoints2D, targets.Visibility));
            hmkp = Add(stacks.Aggregate((a, b) => a + b), w.HeatmapKeypoints);
        }

        var camera = targets.Camera;
        if (camera is null && w.Camera > 0 && targets.Keypoints2D is not null && targets.Keypoints3D is not null)
        {
            camera = CameraFit.Fit(targets.Keypoints3D, targets.Keypoints2D, targets.Visibility);
        }
        var mask = w.Segmentation > 0 && targets.Masks is not null ? SilhouetteLoss.DownsampleMask(targets.Masks, w.SilhouetteSize) : null;

        float kp2d = 0, kp3d = 0, limits = 0, plane = 0, shape = 0, cam = 0, seg = 0;
        int iterations = output.Iterations.Count;
        for (int t = 0; t < iterations; t++)
        {
            float it = w.IterationWeight(t, iterations);
            if (it == 0)
            {
                continue;
            }
            var p = output.Iterations[t];
            if (w.Keypoints2D > 0 && targets.Keypoints2D is not null)
            {
                kp2d += it * Add(KeypointLosses.Keypoints2D(p.Keypoints2D, targets.Keypoints2D, targets.Visibility), it * w.Keypoints2D);
            }
            if (w.Keypoints3D > 0 && targets.Keypoints3D is not null)
            {
                kp3d += it * Add(KeypointLosses.Keypoints3D(p.Keypoints3D, targets.Keypoints3D), it * w.Keypoints3D);
            }
            if (w.Geometry > 0)
            {
                float g = it * w.Geometry;
                if (w.JointLimits > 0)
                {
                    limits += it * Add(Geometry.JointLimitPenalty(p.PoseAxisAngle), g * w.JointLimits);
                }
                if (w.FlexionPlane > 0)
                {
                    plane += it * Add(Geometry.FlexionPlane(p.Keypoints3D, p.GlobalRotations), g * w.FlexionPlane);
                }
                if (w.ShapePrior > 0)
                {
                    shape += it * Add(GeometryLoss.ShapePrior(p.Beta), g * w.ShapePrior);
                }
            }
            if (w.Camera > 0 && camera is not null)
            {
                cam += it * Add(CameraFit.Loss(p.Camera, camera), it * w.Camera);
            }
            if (mask is not null)
            {
                var silhouette = SilhouetteLoss.Render(p.Vertices, p.Camera, _faces, w.SilhouetteSize, w.SilhouetteSigma);
                seg += it * Add(SilhouetteLoss.Loss(silhouette, mask), it * w.Segmentation);
            }
        }
        var total = terms.Count == 0 ? Tensor.Scalar(0f) : terms.Aggregate((a, b) => a + b);
        return new LossBreakdown(total, heatmap, kp2d, kp3d, limits, plane, shape, cam, seg, hmkp);
    }
}
