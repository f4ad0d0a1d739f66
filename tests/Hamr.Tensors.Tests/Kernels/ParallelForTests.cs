using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Kernels;

/// <summary>ParallelFor runs every index exactly once, nests, propagates errors and can be reused.</summary>
[Trait("Category", "Kernels")]
public sealed class ParallelForTests
{
    [Theory]
    [Trait("Category", "Kernels")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Every_index_runs_exactly_once(int count)
    {
        int[] hits = new int[count];
        ParallelFor.Run(count, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Struct_bodies_run_every_index_across_many_reused_calls()
    {
        long[] sums = new long[64];
        for (int call = 0; call < 500; call++)
        {
            ParallelFor.Run(sums.Length, new AddIndex(sums, call));
        }
        for (int i = 0; i < sums.Length; i++)
        {
            Assert.Equal(500L * i + 500L * 499 / 2, sums[i]);
        }
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Nested_loops_run_inline_and_complete()
    {
        int total = 0;
        ParallelFor.Run(8, _ => ParallelFor.Run(8, _ => Interlocked.Increment(ref total)));
        Assert.Equal(64, total);
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void An_exception_in_an_iteration_reaches_the_caller_and_the_next_loop_still_works()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ParallelFor.Run(100, i =>
        {
            if (i == 37)
            {
                throw new InvalidOperationException("boom");
            }
        }));
        Assert.Equal("boom", error.Message);
        int count = 0;
        ParallelFor.Run(10, _ => Interlocked.Increment(ref count));
        Assert.Equal(10, count);
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void MaxDegree_one_runs_on_the_calling_thread_and_rejects_zero()
    {
        int saved = ParallelFor.MaxDegree;
        try
        {
            ParallelFor.MaxDegree = 1;
            int caller = Environment.CurrentManagedThreadId;
            ParallelFor.Run(50, _ => Assert.Equal(caller, Environment.CurrentManagedThreadId));
            Assert.Throws<ArgumentOutOfRangeException>(() => ParallelFor.MaxDegree = 0);
        }
        finally
        {
            ParallelFor.MaxDegree = saved;
        }
    }

    private readonly struct AddIndex(long[] sums, int call) : IParallelBody
    {
        public void Invoke(int index) => Interlocked.Add(ref sums[index], index + call);
    }
}
