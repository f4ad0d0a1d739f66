using Hamr.Tensors.Optim;
using Hamr.Tensors.Tests.Support;
using static Hamr.Tensors.Tests.Optim.OptimReference;

namespace Hamr.Tensors.Tests.Optim;

// Expected values follow torch.optim.SGD's documented algorithm, written as a naive double loop in OptimReference.
[Trait("Category", "Kernels")]
public sealed class SgdTests
{
    [Fact]
    public void Momentum_buffer_starts_as_the_first_gradient_hand_computed()
    {
        var p = Tensor.FromArray([1f], 1).RequireGrad();
        var opt = new Sgd([p], lr: 0.1, momentum: 0.9);
        Run(opt, p, [[0.5f], [0.5f]]);
        // step 1: buf = 0.5, p = 1 − 0.05 = 0.95; step 2: buf = 0.9·0.5 + 0.5 = 0.95, p = 0.95 − 0.095 = 0.855
        Assert.Equal(0.855f, p.Item(), 6);
        Assert.Equal(0.95f, opt.StateDict()["state.0.momentum_buffer"].Item(), 6);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false)]
    [InlineData(0.9, 0.0, 0.0, false)]
    [InlineData(0.9, 0.3, 0.0, false)]
    [InlineData(0.9, 0.0, 0.01, true)]
    [InlineData(0.5, 0.1, 0.05, false)]
    [InlineData(0.0, 0.0, 0.1, false)]
    public void Matches_the_reference_over_several_steps(double momentum, double dampening, double wd, bool nesterov)
    {
        const int n = 37; // one 16-lane, one 8-lane block and a scalar tail
        var p = TestData.Param(3, n);
        var p0 = p.ToDouble();
        var grads = Gradients(10, 6, n);
        Run(new Sgd([p], 0.05, momentum, dampening, wd, nesterov), p, grads);
        AssertClose(Sgd(p0, grads, 0.05, momentum, dampening, wd, nesterov), p.ToArray());
    }

    [Fact]
    public void Every_length_from_0_to_70_and_a_large_one_matches_the_reference()
    {
        foreach (int n in Enumerable.Range(0, 71).Append(4099))
        {
            var p = TestData.Param((ulong)n + 1, n);
            var p0 = p.ToDouble();
            var grads = Gradients((ulong)n + 100, 3, n);
            Run(new Sgd([p], 0.1, momentum: 0.8, weightDecay: 0.02, nesterov: true), p, grads);
            AssertClose(Sgd(p0, grads, 0.1, 0.8, 0, 0.02, true), p.ToArray());
        }
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone()
    {
        var a = TestData.Param(1, 5);
        var b = TestData.Param(2, 5);
        var before = b.ToArray();
        var opt = new Sgd([a, b], 0.1, momentum: 0.9);
        a.Grad = Tensor.Ones(5);
        opt.Step();
        Assert.Equal(before, b.ToArray());
        Assert.DoesNotContain("state.1.momentum_buffer", opt.StateDict().Keys);
        Assert.Contains("state.0.momentum_buffer", opt.StateDict().Keys);
    }

    [Fact]
    public void Converges_on_a_convex_quadratic()
    {
        var target = TestData.Random(5, 9);
        var scale = TestData.Positive(6, 9);
        var x = Tensor.Zeros(9).RequireGrad();
        var opt = new Sgd([x], 0.05, momentum: 0.9, nesterov: true);
        for (int i = 0; i < 300; i++)
        {
            opt.ZeroGrad();
            var d = x - target;
            (d * d * scale).Sum().Backward();
            opt.Step();
        }
        AssertClose(target.ToDouble(), x.ToArray(), 1e-4);
    }

    [Fact]
    public void Zero_grad_clears_gradients_in_place()
    {
        var p = TestData.Param(1, 4);
        var opt = new Sgd([p], 0.1);
        (p * p).Sum().Backward();
        var grad = p.Grad!;
        opt.ZeroGrad();
        Assert.Same(grad, p.Grad);
        Assert.All(grad.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Invalid_hyperparameters_are_refused()
    {
        var p = TestData.Param(1, 4);
        Assert.Throws<ArgumentException>(() => { _ = new Sgd([p], 0.1, momentum: 0, nesterov: true); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = new Sgd([p], -0.1); });
        Assert.Throws<ArgumentException>(() => { _ = new Sgd([p, p], 0.1); });
    }
}
