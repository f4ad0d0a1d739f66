namespace Hamr.Benchmarks;

/// <summary>SGEMM GFLOP/s at the engine's shapes (to be written).</summary>
internal static class GemmBench
{
    public static int Run(string[] args) => 0;
}
