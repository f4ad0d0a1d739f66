using Hamr.Tensors.NN;

namespace Hamr.Tensors.Tests.Conv;

public sealed class ConvModuleTests
{
    [Fact]
    public void Conv2d_module_has_pytorch_parameter_shapes_and_init_bounds()
    {
        var m = new Conv2d(6, 8, 3, new TensorRandom(1), stride: 2, padding: 1, groups: 2);
        Assert.Equal(["weight", "bias"], m.StateDict().Keys.ToArray());
        Assert.Equal([8, 3, 3, 3], m.Weight.GetShape());
        float bound = 1f / MathF.Sqrt(3 * 3 * 3); // fan_in = in/groups·kh·kw
        Assert.All(m.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Contains(m.Weight.ToArray(), v => Math.Abs(v) > 0.8f * bound);
        Assert.All(m.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Equal([2, 8, 4, 5], m.Forward(Tensor.Zeros(2, 6, 7, 9)).GetShape());
    }

    [Fact]
    public void ConvTranspose2d_module_uses_out_channels_for_fan_in_and_upsamples()
    {
        var m = new ConvTranspose2d(4, 6, 4, new TensorRandom(2), stride: 2, padding: 1, groups: 2, bias: false);
        Assert.Null(m.Bias);
        Assert.Equal([4, 3, 4, 4], m.Weight.GetShape());
        float bound = 1f / MathF.Sqrt(3 * 4 * 4); // PyTorch: fan_in from weight dim 1 = out/groups
        Assert.All(m.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Contains(m.Weight.ToArray(), v => Math.Abs(v) > 0.8f * bound);
        Assert.Equal([1, 6, 10, 12], m.Forward(Tensor.Zeros(1, 4, 5, 6)).GetShape());
    }
}
