using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Elementwise;

/// <summary>
/// Large spans run in parallel chunks; every element must come out bitwise as in a one-thread run (the chunk
/// edges fall on 16-float boundaries, so each element takes the same vector width and tail as serially).
/// </summary>
[Trait("Category", "Kernels")]
public sealed class ElementwiseParallelTests
{
    // Above the parallel threshold, with a remainder that reaches every vector width and the scalar tail.
    private const int Length = (1 << 16) * 3 + 29;

    [Fact]
    public void Parallel_unary_equals_one_thread_bitwise_and_the_scalar_definition()
    {
        var x = Inputs(1);
        var one = Run(1, d => Hamr.Tensors.Kernels.Elementwise.Unary<ExpOperator>(x, d));
        var two = Run(2, d => Hamr.Tensors.Kernels.Elementwise.Unary<ExpOperator>(x, d));
        Assert.Equal(one, two);
        var relu = Run(2, d => Hamr.Tensors.Kernels.Elementwise.Unary<ReluOperator>(x, d));
        for (int i = 0; i < Length; i++)
        {
            Assert.Equal(MathF.Max(x[i], 0f), relu[i]);
        }
    }

    [Fact]
    public void Parallel_binary_and_scalar_right_equal_one_thread_bitwise()
    {
        var x = Inputs(2);
        var y = Inputs(3);
        Assert.Equal(Run(1, d => Hamr.Tensors.Kernels.Elementwise.Binary<ReluGradOperator>(x, y, d)),
            Run(2, d => Hamr.Tensors.Kernels.Elementwise.Binary<ReluGradOperator>(x, y, d)));
        Assert.Equal(Run(1, d => Hamr.Tensors.Kernels.Elementwise.BinaryScalarRight<LeakyReluOperator>(x, 0.1f, d)),
            Run(2, d => Hamr.Tensors.Kernels.Elementwise.BinaryScalarRight<LeakyReluOperator>(x, 0.1f, d)));
        var grad = Run(2, d => Hamr.Tensors.Kernels.Elementwise.Binary<ReluGradOperator>(x, y, d));
        for (int i = 0; i < Length; i++)
        {
            Assert.Equal(x[i] > 0 ? y[i] : 0f, grad[i]);
        }
    }

    [Fact]
    public void Parallel_unary_works_in_place()
    {
        var x = Inputs(4);
        var expected = x.Select(v => MathF.Max(v, 0f)).ToArray();
        int saved = ParallelFor.MaxDegree;
        ParallelFor.MaxDegree = 2;
        try
        {
            Hamr.Tensors.Kernels.Elementwise.Unary<ReluOperator>(x, x);
        }
        finally
        {
            ParallelFor.MaxDegree = saved;
        }
        Assert.Equal(expected, x);
    }

    private static float[] Inputs(int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, Length).Select(_ => (float)(rng.NextDouble() * 8 - 4))];
    }

    private static float[] Run(int threads, Action<float[]> kernel)
    {
        var d = new float[Length];
        int saved = ParallelFor.MaxDegree;
        ParallelFor.MaxDegree = threads;
        try
        {
            kernel(d);
        }
        finally
        {
            ParallelFor.MaxDegree = saved;
        }
        return d;
    }
}
