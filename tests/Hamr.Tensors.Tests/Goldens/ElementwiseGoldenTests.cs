namespace Hamr.Tensors.Tests.Goldens;

// Softmax/LogSoftmax, losses and activations against their torch.nn.functional counterparts: outputs and the
// gradients of every differentiable input.
public sealed class ElementwiseGoldenTests
{
    [Theory]
    [InlineData("softmax_axis0")]
    [InlineData("softmax_axis1")]
    [InlineData("softmax_axism1")]
    [InlineData("log_softmax_axis0")]
    [InlineData("log_softmax_axis1")]
    [InlineData("log_softmax_axism1")]
    public void Softmax_over_a_wide_range_matches_torch(string name)
    {
        string key = $"softmax.{name}";
        var p = Golden.Params(key);
        int axis = p.GetProperty("axis").GetInt32();
        bool log = p.GetProperty("fn").GetString() == "log_softmax";
        Golden.CheckForwardAndGradients(key, ["x"], t => log ? t["x"]!.LogSoftmax(axis) : t["x"]!.Softmax(axis));
    }

    [Theory]
    [InlineData("mse_mean")]
    [InlineData("mse_none")]
    [InlineData("l1_mean")]
    [InlineData("l1_sum")]
    [InlineData("smooth_l1_beta0_5_mean")]
    [InlineData("smooth_l1_beta0_5_none")]
    [InlineData("bce_logits_pos_weight_mean")]
    [InlineData("bce_logits_pos_weight_none")]
    public void Loss_matches_torch_for_input_and_target(string name)
    {
        string key = $"loss.{name}";
        var p = Golden.Params(key);
        var reduction = p.GetProperty("reduction").GetString() switch
        {
            "mean" => Reduction.Mean,
            "sum" => Reduction.Sum,
            "none" => Reduction.None,
            var r => throw new InvalidDataException($"{key}: unknown reduction {r}"),
        };
        string fn = p.GetProperty("fn").GetString()!;
        var posWeight = Golden.Has($"{key}.pw") ? Golden.Get($"{key}.pw") : null; // torch does not differentiate it
        Golden.CheckForwardAndGradients(key, ["x", "t"], t => fn switch
        {
            "mse" => Tensor.MseLoss(t["x"]!, t["t"]!, reduction),
            "l1" => Tensor.L1Loss(t["x"]!, t["t"]!, reduction),
            "smooth_l1" => Tensor.SmoothL1Loss(t["x"]!, t["t"]!, reduction, (float)p.Double("beta", double.NaN)),
            "bce_with_logits" => Tensor.BinaryCrossEntropyWithLogits(t["x"]!, t["t"]!, posWeight, reduction),
            _ => throw new InvalidDataException($"{key}: unknown loss {fn}"),
        });
    }

    [Theory]
    [InlineData("relu6")]
    [InlineData("leaky_relu")]
    [InlineData("softplus")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("hardswish")]
    [InlineData("elu")]
    [InlineData("prelu")]
    public void Activation_matches_torch(string name)
    {
        string key = $"activation.{name}";
        var p = Golden.Params(key);
        Golden.CheckForwardAndGradients(key, ["x", "w"], t => name switch
        {
            "relu6" => t["x"]!.Relu6(),
            "leaky_relu" => t["x"]!.LeakyRelu((float)p.Double("slope", double.NaN)),
            "softplus" => t["x"]!.Softplus((float)p.Double("beta", double.NaN), (float)p.Double("threshold", double.NaN)),
            "gelu" => t["x"]!.Gelu(),
            "silu" => t["x"]!.Silu(),
            "hardswish" => t["x"]!.HardSwish(),
            "elu" => t["x"]!.Elu((float)p.Double("alpha", double.NaN)),
            "prelu" => t["x"]!.Prelu(t["w"]!),
            _ => throw new InvalidDataException($"{key}: unknown activation"),
        });
    }
}
