using Hamr.Tensors.Optim;
using Hamr.Tensors.Tests.Support;
using static Hamr.Tensors.Tests.Optim.OptimReference;

namespace Hamr.Tensors.Tests.Optim;

// Expected values follow torch.optim.Adam / AdamW's documented algorithms, written as naive double loops in OptimReference.
[Trait("Category", "Kernels")]
public sealed class AdamTests
{
    [Fact]
    public void First_step_moves_each_element_by_the_learning_rate_against_the_gradient_sign()
    {
        // With zero moments, m̂ = g and sqrt(v̂) = |g|, so the first update is lr·g/(|g| + eps) ≈ lr·sign(g).
        var p = Tensor.FromArray([1f, 2f, -3f], 3).RequireGrad();
        Run(new Adam([p], lr: 0.01), p, [[0.5f, -2f, 1e-3f]]);
        Assert.Equal([0.99f, 2.01f, -3.01f], p.ToArray().Select(v => MathF.Round(v, 5)));
    }

    [Theory]
    [InlineData(0.9, 0.999, 0.0, false)]
    [InlineData(0.9, 0.999, 0.0, true)]
    [InlineData(0.8, 0.99, 0.1, false)]
    [InlineData(0.5, 0.9, 0.05, true)]
    [InlineData(0.3, 0.95, 0.0, false)] // 1 − β1 ≥ 0.5 takes torch.lerp's other branch
    public void Adam_matches_the_reference_over_several_steps(double beta1, double beta2, double wd, bool amsgrad)
    {
        const int n = 37;
        var p = TestData.Param(3, n);
        var p0 = p.ToDouble();
        var grads = Gradients(20, 8, n);
        static double Lr(int t) => 0.01 * (1 + 0.1 * t);
        Run(new Adam([p], 0.01, beta1, beta2, 1e-8, wd, amsgrad), p, grads, Lr);
        AssertClose(Adam(p0, grads, Lr, beta1, beta2, 1e-8, wd, amsgrad, decoupled: false), p.ToArray());
    }

    [Theory]
    [InlineData(0.01, false)]
    [InlineData(0.2, true)]
    [InlineData(0.0, false)]
    public void AdamW_decays_parameters_decoupled_from_the_gradient(double wd, bool amsgrad)
    {
        const int n = 37;
        var p = TestData.Param(4, n);
        var p0 = p.ToDouble();
        var grads = Gradients(30, 8, n);
        Run(new AdamW([p], 0.02, weightDecay: wd, amsgrad: amsgrad), p, grads);
        AssertClose(Adam(p0, grads, _ => 0.02, 0.9, 0.999, 1e-8, wd, amsgrad, decoupled: true), p.ToArray());
    }

    [Fact]
    public void AdamW_differs_from_Adam_with_the_same_weight_decay()
    {
        var a = TestData.Param(4, 8);
        var b = TestData.Param(4, 8);
        var grads = Gradients(30, 3, 8);
        Run(new Adam([a], 0.02, weightDecay: 0.1), a, grads);
        Run(new AdamW([b], 0.02, weightDecay: 0.1), b, grads);
        Assert.NotEqual(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Every_length_from_0_to_70_and_a_large_one_matches_the_reference()
    {
        foreach (int n in Enumerable.Range(0, 71).Append(4099))
        {
            var p = TestData.Param((ulong)n + 1, n);
            var p0 = p.ToDouble();
            var grads = Gradients((ulong)n + 100, 3, n);
            Run(new AdamW([p], 0.01, weightDecay: 0.1, amsgrad: true), p, grads);
            AssertClose(Adam(p0, grads, _ => 0.01, 0.9, 0.999, 1e-8, 0.1, true, decoupled: true), p.ToArray());
        }
    }

    [Fact]
    public void Bias_correction_counts_each_parameters_own_updates()
    {
        // b gets no gradient for the first three steps, so its first update is its step 1 (a full lr-sized move).
        var a = TestData.Param(1, 6);
        var b = TestData.Param(2, 6);
        var b0 = b.ToDouble();
        var grads = Gradients(9, 5, 6);
        var opt = new Adam([a, b], 0.01);
        for (int t = 0; t < 5; t++)
        {
            a.Grad = Tensor.FromArray(grads[t], 6);
            b.Grad = t >= 3 ? Tensor.FromArray(grads[t], 6) : null;
            opt.Step();
        }
        AssertClose(Adam(b0, grads[3..], _ => 0.01, 0.9, 0.999, 1e-8, 0, false, false), b.ToArray());
        Assert.Equal(5f, opt.StateDict()["state.0.step"].Item());
        Assert.Equal(2f, opt.StateDict()["state.1.step"].Item());
        Assert.Equal(5f, opt.StateDict()["step"].Item());
    }

    [Fact]
    public void Converges_on_a_convex_quadratic()
    {
        var target = TestData.Random(5, 9);
        var scale = TestData.Positive(6, 9);
        var x = Tensor.Zeros(9).RequireGrad();
        var opt = new Adam([x], 0.05);
        var schedule = new CosineLr(0.05, 600, 1e-4);
        for (int i = 0; i < 600; i++)
        {
            opt.ZeroGrad();
            var d = x - target;
            (d * d * scale).Sum().Backward();
            opt.Step(schedule);
        }
        AssertClose(target.ToDouble(), x.ToArray(), 1e-3);
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing()
    {
        var p = TestData.Param(1, 100);
        var q = TestData.Param(2, 3, 5);
        p.Grad = TestData.Random(3, 100);
        q.Grad = TestData.Random(4, 3, 5);
        var optimizers = new Optimizer[] { new Adam([p, q], amsgrad: true), new AdamW([p, q]), new Sgd([p, q], 0.1, momentum: 0.9, nesterov: true) };
        foreach (var opt in optimizers)
        {
            for (int i = 0; i < 5; i++)
            {
                opt.Step();
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                opt.Step();
                opt.ZeroGrad();
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
