namespace Hamr.Tensors.Tests.Support;

/// <summary>Deterministic inputs for tests.</summary>
public static class TestData
{
    public static Tensor Random(ulong seed, params int[] shape) =>
        Tensor.RandUniform(new TensorRandom(seed), -1f, 1f, shape);

    public static Tensor Param(ulong seed, params int[] shape) => Random(seed, shape).RequireGrad();

    /// <summary>Values bounded away from zero (for division, log, sqrt).</summary>
    public static Tensor Positive(ulong seed, params int[] shape) =>
        Tensor.RandUniform(new TensorRandom(seed), 0.5f, 2f, shape);

    public static double[] ToDouble(this Tensor t) => t.ToArray().Select(v => (double)v).ToArray();
}
