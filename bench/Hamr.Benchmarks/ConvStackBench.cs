namespace Hamr.Benchmarks;

/// <summary>Training-step throughput of the reference conv stack (to be written).</summary>
internal static class ConvStackBench
{
    public static int Run(string[] args) => 0;
}
