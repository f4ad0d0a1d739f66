using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Review;

/// <summary>Probes (temporary).</summary>
public sealed class ReviewProbeTests
{
    [Fact]
    public void P01_MatMul_vector_vector() => Assert.Equal(32f, Tensor.MatMul(Tensor.FromArray([1f, 2, 3]), Tensor.FromArray([4f, 5, 6])).Item());

    [Fact]
    public void P02_MatMul_k0_batched()
    {
        using (TensorScope.Begin()) { Tensor.Full(float.NaN, 2, 40, 4); }
        using (TensorScope.Begin())
        {
            var r = Tensor.MatMul(Tensor.Zeros(2, 40, 0), Tensor.Zeros(0, 4));
            Assert.All(r.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void P03_Linear_in0()
    {
        using (TensorScope.Begin()) { Tensor.Full(float.NaN, 40, 4); }
        using (TensorScope.Begin())
        {
            var r = Tensor.Linear(Tensor.Zeros(40, 0), Tensor.Zeros(4, 0));
            Assert.All(r.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void P04_Linear_bad_weight() => Assert.ThrowsAny<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(3, 4), Tensor.Zeros(4)));

    [Fact]
    public void P05_Linear_scalar_x() => Assert.ThrowsAny<ArgumentException>(() => Tensor.Linear(Tensor.Scalar(1f), Tensor.Zeros(4, 1)));

    [Fact]
    public void P06_Pow0_grad()
    {
        var x = Tensor.FromArray([0f, 1f, 2f]).RequireGrad();
        x.Pow(0f).Sum().Backward();
        Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void P07_leaked_scope()
    {
        var outer = TensorScope.Begin();
        var inner = TensorScope.Begin();
        try { outer.Dispose(); } catch (InvalidOperationException) { }
        Assert.False(TensorScope.IsPooling);
    }

    [Fact]
    public void P08_Mean_empty() => Assert.True(float.IsNaN(Tensor.Zeros(0).Mean().Item()));

    [Fact]
    public void P09_Div_scalar_exact()
    {
        var x = TestData.Random(3, 1000);
        var y = (x / 3f).ToArray();
        var xs = x.ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(xs[i] / 3f, y[i]);
    }

    [Fact]
    public void P10_backward_twice_shared_leaf()
    {
        var w = TestData.Param(1, 3);
        (w * 2f).Sum().Backward();
        (w * 3f).Sum().Backward();
        Assert.All(w.Grad!.ToArray(), v => Assert.Equal(5f, v));
    }

    [Fact]
    public void P11_leaf_expanded_grad_twice()
    {
        var w = TestData.Param(1, 1, 3);
        var e = w.Expand(4, 3);
        e.Backward(Tensor.Ones(1, 3).Expand(4, 3));
        e.Backward(Tensor.Ones(1, 3).Expand(4, 3));
        Assert.All(w.Grad!.ToArray(), v => Assert.Equal(8f, v));
    }

    [Fact]
    public void P12_grad_inside_scope_persists()
    {
        var w = TestData.Param(1, 100);
        using (TensorScope.Begin()) { (w * w).Sum().Backward(); }
        var g = w.Grad!.ToArray();
        using (TensorScope.Begin()) { Tensor.Full(7f, 100); Tensor.Full(7f, 100); Tensor.Full(7f, 100); }
        Assert.Equal(g, w.Grad!.ToArray());
    }

    [Fact]
    public void P13_sum_rank0_keepdims()
    {
        var s = Tensor.Scalar(3f);
        Assert.Equal(3f, s.Sum(keepDims: true).Item());
        Assert.Equal(3f, s.Mean().Item());
        Assert.Equal(3f, s.Max().Item());
    }

    [Fact]
    public void P14_softmax_neg_inf()
    {
        var x = Tensor.FromArray([float.NegativeInfinity, 0f, 1f], 1, 3).RequireGrad();
        var y = x.LogSoftmax(-1);
        var v = y.ToArray();
        Assert.Equal(float.NegativeInfinity, v[0]);
        (y.Slice(1, 1, 2)).Sum().Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.False(float.IsNaN(g)));
    }

    [Fact]
    public void P15_broadcast_errors()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("[2, 3]", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Sum(2));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Softmax(5));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Permute(0, 0));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Expand(3, 3));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Slice(1, 2, 2));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Select(0, 5));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2)], 0));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Max(7));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).MaxPool2d(2));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).UpsampleNearest2d(4, 4));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Mean(-3));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Prelu(Tensor.Zeros(2)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.MseLoss(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(3, 3).Det3x3() + Tensor.Zeros(2, 2).Det3x3());
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Gather(1, [0, 1], 2));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).AdaptiveAvgPool2d(2));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2).SoftArgmax2d() );
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Norm(4));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Flatten(3));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Squeeze(3));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Unsqueeze(4));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Chunk(2, 3));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).IndexSelect(2, [0]));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Pad([1, 1, 1, 1, 1, 1]));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Stack([Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)], 0));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.BatchNorm(Tensor.Zeros(2), null, null, null, null, true));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Where(Tensor.Zeros(2), Tensor.Zeros(3), Tensor.Zeros(2)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Cross(Tensor.Zeros(2, 2), Tensor.Zeros(2, 2)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Backward(Tensor.Zeros(3)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.MakeRigid4x4(Tensor.Zeros(3, 3), Tensor.Zeros(4)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.TransformPoints(Tensor.Zeros(3, 3), Tensor.Zeros(3)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Rodrigues(Tensor.Zeros(2)) + Tensor.Rodrigues(Tensor.Zeros(4)));
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros(2, 3).Split([1, 1], 1));
    }

    [Fact]
    public void P16_zero_size()
    {
        Assert.Equal([0, 3], (Tensor.Zeros(0, 3) + Tensor.Zeros(1, 3)).GetShape());
        Assert.Equal([3], Tensor.Zeros(0, 3).Sum(0).GetShape());
        Assert.Equal([0, 3], Tensor.Zeros(0, 3).Softmax(-1).GetShape());
        Assert.Equal([0, 4], Tensor.MatMul(Tensor.Zeros(0, 3), Tensor.Zeros(3, 4)).GetShape());
        Assert.Equal([2, 0, 4], Tensor.MatMul(Tensor.Zeros(2, 0, 3), Tensor.Zeros(3, 4)).GetShape());
        Assert.Equal([0, 3], Tensor.Zeros(0, 3).Relu().GetShape());
        Assert.Equal([1], (Tensor.Zeros(1) + Tensor.Scalar(1)).GetShape());
        Assert.Equal(Array.Empty<int>(), (Tensor.Scalar(2) * Tensor.Scalar(1)).GetShape());
        var a = Tensor.Zeros(0, 3).RequireGrad();
        (a * 2f).Sum().Backward();
        Assert.Equal([0, 3], a.Grad!.GetShape());
        var b = Tensor.Zeros(2, 0).RequireGrad();
        Tensor.MatMul(b, Tensor.Zeros(0, 3)).Sum().Backward();
        Assert.Equal([2, 0], b.Grad!.GetShape());
    }

    [Fact]
    public void P17_nograd_nesting()
    {
        var w = TestData.Param(1, 3);
        using (GradMode.NoGrad())
        {
            using (GradMode.NoGrad()) { }
            Assert.False((w * 2f).RequiresGrad);
        }
        Assert.True((w * 2f).RequiresGrad);
        Assert.False(w.Detach().RequiresGrad);
        Assert.True(w.Detach().IsLeaf);
    }

    [Fact]
    public void P18_relu_nan()
    {
        var x = Tensor.Full(float.NaN, 70);
        Assert.All(x.Relu().ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.True(float.IsNaN(x.Max().Item()));
        Assert.True(float.IsNaN(Tensor.Full(float.NaN, 1, 1, 4, 4).MaxPool2d(2).ToArray()[0]));
    }

    [Fact]
    public void P19_mean_precision()
    {
        var x = Tensor.Full(0.1f, 1 << 24);
        Assert.InRange(x.Mean().Item(), 0.0999f, 0.1001f);
        var y = Tensor.Full(0.1f, 1 << 22, 2);
        Assert.InRange(y.Mean(0).ToArray()[0], 0.0999f, 0.1001f);
    }
}
