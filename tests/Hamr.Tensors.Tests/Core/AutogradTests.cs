using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Core;

public sealed class AutogradTests
{
    [Fact]
    public void Gradients_accumulate_across_backward_calls_until_zeroed()
    {
        var x = Tensor.FromArray([2f], 1).RequireGrad();
        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.Equal(8f, x.Grad!.Item());
        x.ZeroGrad();
        (x * 3f).Sum().Backward();
        Assert.Equal(3f, x.Grad!.Item());
    }

    [Fact]
    public void A_tensor_used_twice_gets_both_contributions()
    {
        var x = Tensor.FromArray([3f], 1).RequireGrad();
        var y = x * 2f;
        (y * y + y).Sum().Backward(); // d/dx (4x² + 2x) = 8x + 2
        Assert.Equal(26f, x.Grad!.Item());
    }

    [Fact]
    public void NoGrad_and_Detach_record_nothing()
    {
        var x = TestData.Param(1, 3);
        using (GradMode.NoGrad())
        {
            Assert.False((x * 2f).RequiresGrad);
        }
        Assert.True((x * 2f).RequiresGrad);
        Assert.False(x.Detach().RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => x.Detach().Sum().Backward());
    }

    [Fact]
    public void Backward_without_gradient_needs_a_scalar()
    {
        var x = TestData.Param(1, 3);
        Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
    }

    [Fact]
    public void Deep_chains_do_not_overflow_the_stack()
    {
        var x = Tensor.FromArray([1f], 1).RequireGrad();
        var y = x;
        for (int i = 0; i < 20000; i++)
        {
            y = y + 0f;
        }
        y.Sum().Backward();
        Assert.Equal(1f, x.Grad!.Item());
    }

    [Fact]
    public void Same_seed_gives_same_random_tensor()
    {
        Assert.Equal(Tensor.RandN(new TensorRandom(5), 100).ToArray(), Tensor.RandN(new TensorRandom(5), 100).ToArray());
        Assert.NotEqual(Tensor.RandN(new TensorRandom(5), 100).ToArray(), Tensor.RandN(new TensorRandom(6), 100).ToArray());
    }

    [Fact]
    public void Random_normal_has_unit_moments()
    {
        var v = Tensor.RandN(new TensorRandom(9), 200000).ToArray();
        double mean = v.Average(), var = v.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(var, 0.98, 1.02);
    }

    [Fact]
    public void Scope_reuses_buffers_between_steps()
    {
        var w = TestData.Param(1, 64, 64);
        for (int step = 0; step < 3; step++)
        {
            using var scope = TensorScope.Begin();
            var y = (w * w).Sum();
            y.Backward();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (TensorScope.Begin())
        {
            (w * w).Sum().Backward();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 64 * 4, $"a pooled step allocated {allocated} bytes");
        Assert.NotNull(w.Grad);
    }
}
