using Hamr.Tensors.NN;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.NN;

public sealed class PoolingModuleTests
{
    [Fact]
    public void Pooling_modules_forward_to_their_ops_and_have_no_state()
    {
        var x = TestData.Random(51, 2, 3, 7, 9);
        Module[] modules = [new MaxPool2d(3, 2, 1, ceilMode: true), new AvgPool2d(3, 2, 1, countIncludePad: false),
            new AdaptiveAvgPool2d(2, 3), new GlobalAvgPool2d(keepDims: true)];
        Tensor[] expected = [x.MaxPool2d(3, 2, 1, ceilMode: true), x.AvgPool2d(3, 2, 1, countIncludePad: false),
            x.AdaptiveAvgPool2d(2, 3), x.GlobalAvgPool2d(keepDims: true)];
        for (int i = 0; i < modules.Length; i++)
        {
            Assert.Equal(expected[i].ToArray(), modules[i].Forward(x).ToArray());
            Assert.Empty(modules[i].StateDict());
        }
    }

    [Fact]
    public void Rectangular_pooling_modules_take_height_and_width_separately()
    {
        var x = TestData.Random(52, 1, 2, 7, 9);
        var max = new MaxPool2d((3, 2), (2, 1), (1, 0), (1, 2));
        Assert.Equal(x.MaxPool2d(3, 2, 2, 1, 1, 0, 1, 2).ToArray(), max.Forward(x).ToArray());
        var avg = new AvgPool2d((2, 3), (1, 2), (1, 1), ceilMode: true);
        Assert.Equal(x.AvgPool2d(2, 3, 1, 2, 1, 1, ceilMode: true).ToArray(), avg.Forward(x).ToArray());
        Assert.Equal([1, 2, 1, 1], new AdaptiveAvgPool2d(1).Forward(x).GetShape());
    }

    [Fact]
    public void Batch_norm_module_trains_its_affine_parameters()
    {
        var bn = new BatchNorm2d(3);
        var x = TestData.Random(53, 4, 3, 2, 2);
        (bn.Forward(x) * TestData.Random(54, 4, 3, 2, 2)).Sum().Backward();
        Assert.NotNull(bn.Weight!.Grad);
        Assert.NotNull(bn.Bias!.Grad);
        Assert.Throws<ArgumentException>(() => bn.Forward(TestData.Random(55, 4, 2, 2, 2)));
        Assert.Throws<ArgumentException>(() => bn.Forward(TestData.Random(56, 4, 3)));
    }
}
