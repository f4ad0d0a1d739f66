using Hamr.Tensors;
using Hamr.Tensors.NN;

namespace Hamr.Model.Network;

/// <summary>
/// The iterative regression module (HAMR; HMR's iterative error feedback): the last stack's features concatenated
/// with its heatmaps pass through a fully convolutional encoder (3×3 stride-2 conv-BN-ReLU layers, then a global average
/// pool) to a feature vector φ; fully connected layers then refine Θ from the mean parameters (buffer "mean_theta"):
/// Θ_{t+1} = Θ_t + FC([φ, Θ_t]) for T iterations, every Θ_t kept. The last FC layer starts at 1% of its default
/// initialisation so that the first predictions stay near the mean.
/// </summary>
public sealed class IterativeRegressor : Module
{
    private readonly ModuleList<Conv2d> _convs;
    private readonly ModuleList<BatchNorm2d> _bns;
    private readonly ModuleList<Linear> _fc;
    private readonly Dropout? _dropout;

    /// <param name="meanTheta">Θ_0 [ThetaSize]: camera (s, 0, 0), the mean pose in the config's representation, β = 0.</param>
    public IterativeRegressor(HamrConfig config, ReadOnlySpan<float> meanTheta, TensorRandom rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (meanTheta.Length != config.ThetaSize)
        {
            throw new ArgumentException($"mean Θ has {meanTheta.Length} values, {config.Name} needs {config.ThetaSize}", nameof(meanTheta));
        }
        Config = config;
        int inChannels = config.Channels + HamrConfig.KeypointCount;
        var convs = new List<Conv2d>();
        var bns = new List<BatchNorm2d>();
        foreach (int width in config.EncoderChannels)
        {
            convs.Add(new Conv2d(inChannels, width, 3, rng, stride: 2, padding: 1));
            bns.Add(new BatchNorm2d(width));
            inChannels = width;
        }
        _convs = RegisterModule("encoder_convs", new ModuleList<Conv2d>(convs));
        _bns = RegisterModule("encoder_bns", new ModuleList<BatchNorm2d>(bns));
        var fc = new List<Linear>();
        int inFeatures = config.FeatureSize + config.ThetaSize;
        foreach (int width in config.RegressorHidden)
        {
            fc.Add(new Linear(inFeatures, width, rng));
            inFeatures = width;
        }
        var output = new Linear(inFeatures, config.ThetaSize, rng);
        Scale(output.Weight.AsSpan(), 0.01f);
        Scale(output.Bias!.AsSpan(), 0.01f);
        fc.Add(output);
        _fc = RegisterModule("fc", new ModuleList<Linear>(fc));
        if (config.RegressorDropout > 0)
        {
            _dropout = RegisterModule("dropout", new Dropout(config.RegressorDropout, rng.Fork()));
        }
        MeanTheta = RegisterBuffer("mean_theta", Tensor.FromArray(meanTheta.ToArray(), config.ThetaSize));
    }

    public HamrConfig Config { get; }

    /// <summary>Θ_0 [ThetaSize].</summary>
    public Tensor MeanTheta { get; }

    /// <summary>The encoder's feature vector φ [B, FeatureSize] from features [B, C, h, w] and heatmaps [B, 21, h, w].</summary>
    public Tensor Encode(Tensor features, Tensor heatmaps)
    {
        var x = Tensor.Concat([features, heatmaps], 1);
        for (int i = 0; i < _convs.Count; i++)
        {
            x = _bns[i].Forward(_convs[i].Forward(x)).Relu();
        }
        return x.GlobalAvgPool2d();
    }

    /// <summary>Θ_1 … Θ_T, each [B, ThetaSize].</summary>
    public IReadOnlyList<Tensor> Run(Tensor features, Tensor heatmaps)
    {
        var phi = Encode(features, heatmaps);
        int b = phi.Dim(0);
        var theta = MeanTheta.Unsqueeze(0).Expand(b, Config.ThetaSize);
        var thetas = new List<Tensor>(Config.Iterations);
        for (int t = 0; t < Config.Iterations; t++)
        {
            var x = Tensor.Concat([phi, theta], 1);
            for (int i = 0; i < _fc.Count; i++)
            {
                x = _fc[i].Forward(x);
                if (i < _fc.Count - 1)
                {
                    x = x.Relu();
                    x = _dropout?.Forward(x) ?? x;
                }
            }
            theta = theta + x;
            thetas.Add(theta);
        }
        return thetas;
    }

    private static void Scale(Span<float> values, float factor)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    /// <summary>Input: the concatenation [features, heatmaps] is not separable here, so Forward is not used.</summary>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("IterativeRegressor takes features and heatmaps: call Run(features, heatmaps)");
}
