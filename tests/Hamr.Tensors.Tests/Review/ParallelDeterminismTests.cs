using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Review;

/// <summary>
/// Kernels that split work across threads (pooling, batch norm, upsampling) give bitwise-identical forward and
/// backward results run to run: every output element is reduced by one thread in a fixed order.
/// </summary>
public sealed class ParallelDeterminismTests
{
    public static TheoryData<string> Ops() => new(Cases.Keys);

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Cases = new()
    {
        ["BatchNormTrain"] = x => Tensor.BatchNorm(x, null, null, null, null, training: true),
        ["MaxPool2d"] = x => x.MaxPool2d(3, 2, 1),
        ["AvgPool2d"] = x => x.AvgPool2d(3, 2, 1),
        ["AdaptiveAvgPool2d"] = x => x.AdaptiveAvgPool2d(5),
        ["UpsampleBilinear"] = x => x.UpsampleBilinear2d(100, 90, false),
        ["UpsampleNearest"] = x => x.UpsampleNearest2d(100, 90),
        ["SumOverBatch"] = x => x.Sum([0, 2]),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Large_inputs_give_bitwise_identical_results_run_to_run(string op)
    {
        // 4·8·64·64 elements: above the kernels' parallel threshold.
        var (y0, g0) = Run(Cases[op]);
        for (int run = 0; run < 3; run++)
        {
            var (y, g) = Run(Cases[op]);
            Assert.Equal(y0, y);
            Assert.Equal(g0, g);
        }
    }

    private static (float[] Output, float[] Gradient) Run(Func<Tensor, Tensor> f)
    {
        var x = TestData.Param(3, 4, 8, 64, 64);
        var y = f(x);
        (y * TestData.Random(4, y.GetShape())).Sum().Backward();
        return (y.ToArray(), x.Grad!.ToArray());
    }
}
