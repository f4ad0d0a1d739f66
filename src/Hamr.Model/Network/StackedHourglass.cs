using Hamr.Tensors;
using Hamr.Tensors.NN;

namespace Hamr.Model.Network;

/// <summary>The 2D pose module's results: one heatmap tensor per stack [B, 21, h, w] and the last stack's features [B, C, h, w].</summary>
public sealed record HourglassOutput(IReadOnlyList<Tensor> Heatmaps, Tensor Features);

/// <summary>
/// The 2D pose module (Newell et al. 2016): a stem (7×7 stride-2 convolution, residual block at the stem's width, 2×
/// max-pool, residual block widening to the hourglass width; Newell widens before the pool, which costs 4× more at
/// half resolution) down to the heatmap resolution, then stacked hourglasses. Each stack predicts 21 heatmaps (intermediate
/// supervision); all but the last re-inject their features and heatmaps into the next stack's input through 1×1
/// convolutions. <see cref="Forward"/> returns the last stack's heatmaps; <see cref="Run"/> returns everything.
/// </summary>
public sealed class StackedHourglass : Module
{
    private readonly Conv2d _stemConv;
    private readonly BatchNorm2d _stemBn;
    private readonly ResidualBlock _stemRes1, _stemRes2;
    private readonly ModuleList<HourglassStack> _stacks;

    public StackedHourglass(HamrConfig config, TensorRandom rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _stemConv = RegisterModule("stem_conv", new Conv2d(3, config.StemChannels, 7, rng, stride: 2, padding: 3));
        _stemBn = RegisterModule("stem_bn", new BatchNorm2d(config.StemChannels));
        _stemRes1 = RegisterModule("stem_res1", new ResidualBlock(config.StemChannels, config.StemChannels, rng));
        _stemRes2 = RegisterModule("stem_res2", new ResidualBlock(config.StemChannels, config.Channels, rng));
        _stacks = RegisterModule("stacks", new ModuleList<HourglassStack>(
            Enumerable.Range(0, config.Stacks).Select(i => new HourglassStack(config, last: i == config.Stacks - 1, rng)).ToList()));
    }

    public HamrConfig Config { get; }

    /// <summary>The stem's 7×7 convolution (the first layer: tests check that gradients reach it).</summary>
    public Conv2d FirstConv => _stemConv;

    public override Tensor Forward(Tensor input) => Run(input).Heatmaps[^1];

    /// <summary>Images [B, 3, S, S] (S = InputSize) → heatmaps of every stack and the last stack's features.</summary>
    public HourglassOutput Run(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int s = Config.InputSize;
        if (images.Rank != 4 || images.Dim(1) != 3 || images.Dim(2) != s || images.Dim(3) != s)
        {
            throw new ArgumentException($"{Config.Name} expects images [B, 3, {s}, {s}], got [{string.Join(", ", images.GetShape())}]", nameof(images));
        }
        var x = _stemBn.Forward(_stemConv.Forward(images)).Relu();     // [B, stem, S/2, S/2]
        x = _stemRes2.Forward(_stemRes1.Forward(x).MaxPool2d(2));       // [B, stem, S/2, S/2] → [B, C, S/4, S/4]
        var heatmaps = new List<Tensor>(_stacks.Count);
        Tensor features = x;
        for (int i = 0; i < _stacks.Count; i++)
        {
            (features, var maps, x) = _stacks[i].Run(x);
            heatmaps.Add(maps);
        }
        return new HourglassOutput(heatmaps, features);
    }
}

/// <summary>One stack: hourglass, residual block, 1×1 conv-BN-ReLU features, 1×1 heatmap head, and the re-injection convs.</summary>
public sealed class HourglassStack : Module
{
    private readonly HourglassModule _hourglass;
    private readonly ResidualBlock _res;
    private readonly Conv2d _linConv;
    private readonly BatchNorm2d _linBn;
    private readonly Conv2d _heatmaps;
    private readonly Conv2d? _mergeFeatures, _mergeHeatmaps;

    public HourglassStack(HamrConfig config, bool last, TensorRandom rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        int c = config.Channels;
        _hourglass = RegisterModule("hourglass", new HourglassModule(config.HourglassDepth, c, rng));
        _res = RegisterModule("res", new ResidualBlock(c, c, rng));
        _linConv = RegisterModule("lin_conv", new Conv2d(c, c, 1, rng));
        _linBn = RegisterModule("lin_bn", new BatchNorm2d(c));
        _heatmaps = RegisterModule("heatmaps", new Conv2d(c, HamrConfig.KeypointCount, 1, rng));
        if (!last)
        {
            _mergeFeatures = RegisterModule("merge_features", new Conv2d(c, c, 1, rng));
            _mergeHeatmaps = RegisterModule("merge_heatmaps", new Conv2d(HamrConfig.KeypointCount, c, 1, rng));
        }
    }

    public override Tensor Forward(Tensor input) => Run(input).Heatmaps;

    /// <summary>input [B, C, h, w] → (features [B, C, h, w], heatmaps [B, 21, h, w], the next stack's input or the input itself when last).</summary>
    public (Tensor Features, Tensor Heatmaps, Tensor Next) Run(Tensor input)
    {
        var y = _res.Forward(_hourglass.Forward(input));
        var features = _linBn.Forward(_linConv.Forward(y)).Relu();
        var heatmaps = _heatmaps.Forward(features);
        var next = _mergeFeatures is null
            ? input
            : input + _mergeFeatures.Forward(features) + _mergeHeatmaps!.Forward(heatmaps);
        return (features, heatmaps, next);
    }
}
