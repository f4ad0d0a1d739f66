using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.Tensors;
using Hamr.Tensors.NN;

namespace Hamr.Model.Network;

/// <summary>
/// HAMR end to end: stacked hourglass → heatmaps; iterative regressor → Θ_1…Θ_T; hand model layer (autograd path) →
/// mesh and 21 keypoints, root-relative; weak-perspective projection → 2D keypoints. Parameters and buffers live under
/// "hourglass." and "regressor." (the hand layer's data is fixed and not part of the state dictionary); the same
/// config and seed give the same initial weights. Module.Forward returns a single tensor, so the full output comes from
/// <see cref="Run"/>.
/// </summary>
public sealed class HamrNetwork : Module
{
    public HamrNetwork(HamrConfig config, HandModel.HandModel model)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        config.Validate();
        if (model.ShapeCount != HamrConfig.ShapeCount || model.Parents.Length != HamrConfig.JointCount)
        {
            throw new ArgumentException($"HAMR needs a hand model with {HamrConfig.ShapeCount} shapes and {HamrConfig.JointCount} joints, '{model.Name}' has {model.ShapeCount} and {model.Parents.Length}", nameof(model));
        }
        Config = config;
        HandModel = model;
        Layer = new HandLayer(model);
        // Each part draws from its own stream, so resizing one part leaves the other's initial weights unchanged.
        var rng = new TensorRandom(config.Seed);
        var hourglassRng = rng.Fork();
        var regressorRng = rng.Fork();
        Hourglass = RegisterModule("hourglass", new StackedHourglass(config, hourglassRng));
        Regressor = RegisterModule("regressor", new IterativeRegressor(config, ThetaLayout.MeanTheta(config, model), regressorRng));
    }

    public HamrConfig Config { get; }

    public HandModel.HandModel HandModel { get; }

    public HandLayer Layer { get; }

    public StackedHourglass Hourglass { get; }

    public IterativeRegressor Regressor { get; }

    /// <summary>The first convolution of the network (the stem's 7×7).</summary>
    public Conv2d FirstConv => Hourglass.FirstConv;

    /// <summary>The final Θ [B, ThetaSize]; see <see cref="Run"/> for everything else.</summary>
    public override Tensor Forward(Tensor input) => Run(input).Final.Theta;

    /// <summary>Images [B, 3, S, S] (normalised as in training) → heatmaps and every iteration's decoded prediction.</summary>
    public HamrOutput Run(Tensor images)
    {
        var hourglass = Hourglass.Run(images);
        var thetas = Regressor.Run(hourglass.Features, hourglass.Heatmaps[^1]);
        return new HamrOutput(hourglass.Heatmaps, Decode(thetas));
    }

    /// <summary>
    /// Θ_t [B, ThetaSize] → rotations, mesh and keypoints. All iterations go through the hand layer in one batch of
    /// T·B hands (fewer, larger ops), then are split again.
    /// </summary>
    public IReadOnlyList<HamrIteration> Decode(IReadOnlyList<Tensor> thetas)
    {
        ArgumentNullException.ThrowIfNull(thetas);
        int t = thetas.Count, b = thetas[0].Dim(0);
        var all = t == 1 ? thetas[0] : Tensor.Concat(thetas, 0);                   // [T·B, P]
        var (matrices, axisAngle) = ThetaLayout.DecodePose(Config, all);           // [T·B, 16, 3, 3], [T·B, 16, 3]
        var beta = ThetaLayout.Beta(Config, all);                                  // [T·B, 10]
        var camera = ThetaLayout.Camera(all);                                      // [T·B, 3]
        var hand = Layer.Forward(beta, matrices);
        var root = hand.Keypoints.Slice(1, 0, 1);                                  // [T·B, 1, 3]
        var keypoints = hand.Keypoints - root;                                     // [T·B, 21, 3]
        var vertices = hand.Vertices - root;                                       // [T·B, V, 3]
        var projected = WeakPerspective.Project(keypoints, camera);                // [T·B, 21, 2]
        var global = hand.Transforms.Slice(2, 0, 3).Slice(3, 0, 3);                // [T·B, 16, 3, 3]
        var result = new List<HamrIteration>(t);
        for (int i = 0; i < t; i++)
        {
            Tensor Part(Tensor x) => t == 1 ? x : x.Slice(0, i * b, b);
            result.Add(new HamrIteration(thetas[i], Part(camera), Part(matrices), Part(axisAngle), Part(beta),
                Part(vertices), Part(keypoints), Part(projected), Part(global)));
        }
        return result;
    }
}
