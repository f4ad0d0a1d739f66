using Hamr.Tensors.Optim;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Optim;

public sealed class ScheduleAndClippingTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(2, 0.1)]
    [InlineData(3, 0.05)]
    [InlineData(5, 0.05)]
    [InlineData(6, 0.025)]
    public void Step_lr_decays_by_gamma_every_step_size_steps(int step, double expected) =>
        Assert.Equal(expected, new StepLr(0.1, 3, 0.5).LearningRate(step), 12);

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.1)]
    [InlineData(4, 0.1)]
    [InlineData(5, 0.01)]
    [InlineData(50, 0.01)]
    public void Multi_step_lr_decays_at_each_milestone(int step, double expected) =>
        Assert.Equal(expected, new MultiStepLr(1.0, [5, 2], 0.1).LearningRate(step), 12);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 0.55)]
    [InlineData(10, 0.1)]
    [InlineData(20, 0.1)]
    public void Cosine_lr_anneals_from_base_to_min(int step, double expected) =>
        Assert.Equal(expected, new CosineLr(1.0, 10, 0.1).LearningRate(step), 12);

    [Fact]
    public void Cosine_lr_at_a_quarter_is_the_half_cosine_value() =>
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI / 4)), new CosineLr(1.0, 8).LearningRate(2), 12);

    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(1, 0.4375)]
    [InlineData(3, 0.8125)]
    [InlineData(4, 1.0)]
    [InlineData(100, 1.0)]
    public void Warmup_rises_linearly_to_the_inner_rate(int step, double expected) =>
        Assert.Equal(expected, new WarmupLr(new ConstantLr(1.0), 4, 0.25).LearningRate(step), 12);

    [Fact]
    public void Warmup_starts_the_inner_schedule_after_the_warmup()
    {
        var inner = new CosineLr(2.0, 10);
        var s = new WarmupLr(inner, 4, 0.5);
        Assert.Equal(1.0, s.LearningRate(0), 12);
        Assert.Equal(inner.LearningRate(0), s.LearningRate(4), 12);
        Assert.Equal(inner.LearningRate(5), s.LearningRate(9), 12);
    }

    [Fact]
    public void Stepping_with_a_schedule_sets_the_rate_for_the_current_step()
    {
        var p = TestData.Param(1, 3);
        p.Grad = Tensor.Zeros(3);
        var opt = new Sgd([p], 1.0);
        var schedule = new StepLr(0.1, 2, 0.5);
        var seen = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            opt.Step(schedule);
            seen.Add(opt.LearningRate);
        }
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], seen.Select(v => Math.Round(v, 12)));
    }

    private static Tensor WithGrad(float[] grad) => Tensor.Zeros(grad.Length).RequireGrad().Also(t => t.Grad = Tensor.FromArray(grad, grad.Length));

    [Fact]
    public void Clip_grad_norm_scales_all_gradients_to_the_max_norm()
    {
        var a = WithGrad([3f, 4f]);
        var b = WithGrad([12f]);
        var none = Tensor.Zeros(2).RequireGrad();
        float total = GradientClipping.ClipGradNorm([a, b, none], 6.5f);
        Assert.Equal(13f, total, 5);
        float coef = 6.5f / (13f + 1e-6f);
        Assert.Equal([3f * coef, 4f * coef], a.Grad!.ToArray());
        Assert.Equal([12f * coef], b.Grad!.ToArray());
        Assert.Null(none.Grad);
    }

    [Fact]
    public void Clip_grad_norm_leaves_small_gradients_unchanged()
    {
        var a = WithGrad([3f, -4f]);
        Assert.Equal(5f, GradientClipping.ClipGradNorm([a], 10f), 5);
        Assert.Equal([3f, -4f], a.Grad!.ToArray());
    }

    [Theory]
    [InlineData(1f, 19f)]
    [InlineData(float.PositiveInfinity, 12f)]
    [InlineData(3f, 12.20706f)] // (27 + 64 + 1728)^(1/3) = 1819^(1/3)
    public void Clip_grad_norm_supports_other_norms(float normType, float expected)
    {
        var a = WithGrad([3f, -4f]);
        var b = WithGrad([-12f]);
        Assert.Equal(expected, GradientClipping.ClipGradNorm([a, b], 1f, normType), 3);
        float coef = 1f / (expected + 1e-6f);
        Assert.Equal(-12f * coef, b.Grad!.Item(), 4);
    }

    [Fact]
    public void Clip_grad_value_clamps_each_element()
    {
        var a = WithGrad([3f, -4f, 0.5f, -0.25f]);
        GradientClipping.ClipGradValue([a], 1f);
        Assert.Equal([1f, -1f, 0.5f, -0.25f], a.Grad!.ToArray());
    }
}

internal static class TensorTestExtensions
{
    public static Tensor Also(this Tensor t, Action<Tensor> action)
    {
        action(t);
        return t;
    }
}
