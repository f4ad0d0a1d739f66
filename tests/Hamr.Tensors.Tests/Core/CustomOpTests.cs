using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Core;

public sealed class CustomOpTests
{
    private static Tensor Cube(Tensor x)
    {
        var values = x.ToArray();
        var result = Tensor.FromArray(values.Select(v => v * v * v).ToArray(), x.GetShape());
        return Tensor.CustomOp(result, "Cube", [x], g => [g * (x.Detach() * x.Detach() * 3f)]);
    }

    [Fact]
    public void Custom_op_gradient_matches_the_double_reference()
    {
        GradCheck.AgainstReference(xs => Cube(xs[0]), xs => xs[0].Select(v => v * v * v).ToArray(), [TestData.Param(3, 2, 3)]);
    }

    [Fact]
    public void Custom_op_records_nothing_without_a_gradient()
    {
        var y = Cube(TestData.Random(4, 5));
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFnName);
    }
}
