using Hamr.HandModel.OpenHand;
using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Tests.Support;

/// <summary>Tiny configurations and the open right hand, shared by the tests (loaded once).</summary>
internal static class Tiny
{
    private static readonly Lazy<HandModel.HandModel> s_hand = new(OpenHandModel.LoadRight);

    public static HandModel.HandModel Hand => s_hand.Value;

    /// <summary>32×32 input, 8×8 heatmaps, 8 channels, an encoder of two stride-2 convs, FC 32, T = 3.</summary>
    public static HamrConfig Config(int stacks = 1, PoseRepresentation pose = PoseRepresentation.SixD, ulong seed = 1) => new HamrConfig
    {
        Name = "tiny",
        InputSize = 32,
        StemChannels = 8,
        Channels = 8,
        Stacks = stacks,
        HourglassDepth = 2,
        EncoderChannels = [8, 16],
        RegressorHidden = [32],
        Iterations = 3,
        Pose = pose,
        Seed = seed,
    }.Validate();

    public static HamrNetwork Network(int stacks = 1, PoseRepresentation pose = PoseRepresentation.SixD, ulong seed = 1) =>
        new(Config(stacks, pose, seed), Hand);

    public static Tensor Images(int batch, ulong seed = 5) => TargetFactory.NoiseImages(batch, 32, seed);

    /// <summary>True when some entry of the first convolution's weight gradient is non-zero and all are finite.</summary>
    public static bool GradientReachesFirstConv(HamrNetwork net)
    {
        var grad = net.FirstConv.Weight.Grad?.ToArray();
        return grad is not null && grad.All(float.IsFinite) && grad.Any(v => v != 0);
    }
}
