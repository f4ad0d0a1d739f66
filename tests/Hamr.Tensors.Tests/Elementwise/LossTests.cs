using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Elementwise;

public sealed class LossTests
{
    private static readonly int[] Odd = [5, 7];

    private static double[] Reduce(double[] terms, Reduction reduction) => reduction switch
    {
        Reduction.None => terms,
        Reduction.Sum => [terms.Sum()],
        _ => [terms.Average()],
    };

    private static double[] Pairwise(double[][] v, Func<double, double, double> f) =>
        v[0].Select((x, i) => f(x, v[1][i])).ToArray();

    public static TheoryData<string, Reduction> Cases()
    {
        var data = new TheoryData<string, Reduction>();
        foreach (var name in new[] { "mse", "l1", "smoothl1", "smoothl1_beta0.3", "huber", "huber_delta0.4" })
        {
            foreach (var r in Enum.GetValues<Reduction>())
            {
                data.Add(name, r);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Regression_loss_matches_reference_for_input_and_target(string name, Reduction reduction)
    {
        var x = TestData.Param(51, Odd);
        var t = TestData.Param(52, Odd);
        Func<Tensor, Tensor, Tensor> op = name switch
        {
            "mse" => (a, b) => Tensor.MseLoss(a, b, reduction),
            "l1" => (a, b) => Tensor.L1Loss(a, b, reduction),
            "smoothl1" => (a, b) => Tensor.SmoothL1Loss(a, b, reduction),
            "smoothl1_beta0.3" => (a, b) => Tensor.SmoothL1Loss(a, b, reduction, 0.3f),
            "huber" => (a, b) => Tensor.HuberLoss(a, b, reduction),
            _ => (a, b) => Tensor.HuberLoss(a, b, reduction, 0.4f),
        };
        static double Smooth(double d, double beta) => Math.Abs(d) < beta ? 0.5 * d * d / beta : Math.Abs(d) - 0.5 * beta;
        static double Huber(double d, double delta) => Math.Abs(d) <= delta ? 0.5 * d * d : delta * (Math.Abs(d) - 0.5 * delta);
        Func<double, double, double> f = name switch
        {
            "mse" => (a, b) => (a - b) * (a - b),
            "l1" => (a, b) => Math.Abs(a - b),
            "smoothl1" => (a, b) => Smooth(a - b, 1),
            "smoothl1_beta0.3" => (a, b) => Smooth(a - b, 0.3),
            "huber" => (a, b) => Huber(a - b, 1),
            _ => (a, b) => Huber(a - b, 0.4),
        };
        GradCheck.AgainstReference(i => op(i[0], i[1]), v => Reduce(Pairwise(v, f), reduction), [x, t]);
    }

    [Fact]
    public void Loss_target_broadcasts_against_input()
    {
        var x = TestData.Param(53, 3, 4);
        var t = TestData.Param(54, 4);
        GradCheck.AgainstReference(i => Tensor.MseLoss(i[0], i[1], Reduction.Sum),
            v => [v[0].Select((a, k) => (a - v[1][k % 4]) * (a - v[1][k % 4])).Sum()], [x, t]);
    }

    [Fact]
    public void L1_gradient_is_zero_where_input_equals_target()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3).RequireGrad();
        Tensor.L1Loss(x, Tensor.FromArray([0f, 2f, 4f], 3), Reduction.Sum).Backward();
        Assert.Equal([1f, 0f, -1f], x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(Reduction.None)]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Bce_with_logits_matches_reference(Reduction reduction)
    {
        var x = Tensor.RandUniform(new TensorRandom(55), -4f, 4f, Odd).RequireGrad();
        var t = Tensor.RandUniform(new TensorRandom(56), 0f, 1f, Odd).RequireGrad();
        GradCheck.AgainstReference(i => Tensor.BinaryCrossEntropyWithLogits(i[0], i[1], reduction: reduction),
            v => Reduce(Pairwise(v, (a, b) => -(b * Math.Log(Ref.Sigmoid(a)) + (1 - b) * Math.Log(1 - Ref.Sigmoid(a)))), reduction),
            [x, t]);
    }

    [Fact]
    public void Bce_with_logits_and_pos_weight_matches_reference()
    {
        var x = Tensor.RandUniform(new TensorRandom(57), -4f, 4f, Odd).RequireGrad();
        var t = Tensor.RandUniform(new TensorRandom(58), 0f, 1f, Odd);
        var w = TestData.Positive(59, 7).RequireGrad(); // one weight per column, broadcast over rows
        GradCheck.AgainstReference(i => Tensor.BinaryCrossEntropyWithLogits(i[0], t, i[1], Reduction.Mean), v =>
        {
            var tv = t.ToDouble();
            double s = 0;
            for (int k = 0; k < 35; k++)
            {
                double p = Ref.Sigmoid(v[0][k]);
                s += -(v[1][k % 7] * tv[k] * Math.Log(p) + (1 - tv[k]) * Math.Log(1 - p));
            }
            return [s / 35];
        }, [x, w]);
    }

    [Fact]
    public void Bce_with_logits_is_stable_at_large_logits()
    {
        var x = Tensor.FromArray([100f, -100f, 100f, -100f], 4).RequireGrad();
        var t = Tensor.FromArray([0f, 1f, 1f, 0f], 4);
        var loss = Tensor.BinaryCrossEntropyWithLogits(x, t, reduction: Reduction.None).ToArray();
        Assert.Equal([100f, 100f, 0f, 0f], loss);
        Tensor.BinaryCrossEntropyWithLogits(x, t, reduction: Reduction.Sum).Backward();
        Assert.Equal([1f, -1f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void Mean_reduction_divides_the_gradient_by_the_element_count()
    {
        var x = Tensor.Zeros(2, 5).RequireGrad();
        Tensor.MseLoss(x, Tensor.Ones(2, 5)).Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.Equal(-0.2f, g, 6));
    }
}
