using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Review;

/// <summary>
/// Pooled scopes and leaf gradients: a leaked inner scope, gradients that arrive as stride-0 views, strided Grad
/// tensors, gradients made inside a scope, repeated Backward over shared leaves.
/// </summary>
public sealed class ScopeAndGradTests
{
    [Fact]
    public void Disposing_an_outer_scope_also_ends_an_inner_scope_whose_dispose_was_skipped()
    {
        var outer = TensorScope.Begin();
        try
        {
            _ = TensorScope.Begin(); // never disposed, as when an exception skips its Dispose
        }
        finally
        {
            outer.Dispose();
        }
        Assert.False(TensorScope.IsPooling);
    }

    [Fact]
    public void An_exception_inside_nested_scopes_leaves_the_thread_unpooled()
    {
        static void Helper()
        {
            var s = TensorScope.Begin();
            _ = Tensor.Zeros(100);
            throw new InvalidOperationException("boom");
#pragma warning disable CS0162 // the dispose the exception skips
            s.Dispose();
#pragma warning restore CS0162
        }
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            using var scope = TensorScope.Begin();
            Helper();
        });
        Assert.Equal("boom", e.Message);
        Assert.False(TensorScope.IsPooling);
    }

    [Fact]
    public void Leaf_gradient_arriving_as_a_stride0_view_accumulates_without_per_step_garbage()
    {
        var w = TestData.Param(1, 128, 128);
        for (int step = 0; step < 3; step++)
        {
            using var scope = TensorScope.Begin();
            w.Sum().Backward(); // Sum's backward hands the leaf an expanded (stride-0) gradient
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (TensorScope.Begin())
        {
            w.Sum().Backward();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 128 * 128 * 4 / 2, $"a pooled step allocated {allocated} bytes");
        Assert.All(w.Grad!.ToArray(), v => Assert.Equal(4f, v));
    }

    [Fact]
    public void A_strided_grad_tensor_accumulates_through_its_strides()
    {
        var w = TestData.Param(1, 2, 3);
        var storage = Tensor.Zeros(3, 2);
        w.Grad = storage.T; // a user-provided, non-contiguous gradient buffer
        (w * TestData.Random(2, 2, 3)).Sum().Backward();
        (w * 2f).Sum().Backward();
        var expected = TestData.Random(2, 2, 3).ToArray().Select(v => v + 2f).ToArray();
        Assert.Equal(expected, w.Grad.ToArray());
        Assert.Equal(expected, storage.T.ToArray());
    }

    [Fact]
    public void ZeroGrad_clears_a_strided_grad_through_its_strides()
    {
        var w = TestData.Param(1, 2, 3);
        var storage = Tensor.Full(5f, 3, 4);
        w.Grad = storage.Slice(0, 0, 2).Slice(1, 0, 3); // [2, 3] with row stride 4
        w.ZeroGrad();
        Assert.Equal([0f, 0f, 0f, 5f, 0f, 0f, 0f, 5f, 5f, 5f, 5f, 5f], storage.ToArray());
    }

    [Fact]
    public void Gradients_made_inside_a_scope_outlive_it()
    {
        var w = TestData.Param(1, 100);
        using (TensorScope.Begin())
        {
            (w * w).Sum().Backward();
        }
        var g = w.Grad!.ToArray();
        using (TensorScope.Begin())
        {
            for (int i = 0; i < 4; i++)
            {
                _ = Tensor.Full(7f, 100);
            }
        }
        Assert.Equal(g, w.Grad!.ToArray());
    }

    [Fact]
    public void Backward_over_graphs_sharing_a_leaf_accumulates_and_can_be_repeated()
    {
        var w = TestData.Param(1, 3);
        var y = w * 2f;
        y.Sum().Backward();
        (w * 3f).Sum().Backward();
        y.Sum().Backward();
        Assert.All(w.Grad!.ToArray(), v => Assert.Equal(7f, v));
        var z = (w * w).Sum() + w.Sum(); // w used three times in one graph
        w.Grad = null;
        z.Backward();
        Assert.Equal(w.ToArray().Select(v => 2 * v + 1).ToArray(), w.Grad!.ToArray());
    }

    [Fact]
    public void NoGrad_nests_and_detach_cuts_the_graph()
    {
        var w = TestData.Param(1, 3);
        using (GradMode.NoGrad())
        {
            using (GradMode.NoGrad())
            {
                Assert.False((w * 2f).RequiresGrad);
            }
            Assert.False((w * 2f).RequiresGrad);
        }
        Assert.True((w * 2f).RequiresGrad);
        var d = (w * 2f).Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => (w * 2f).RequiresGrad = false);
    }
}
