namespace Hamr.Tensors.NN;

/// <summary>Parameter initialisers with PyTorch's defaults (so layer statistics match models trained there).</summary>
public static class Init
{
    /// <summary>
    /// PyTorch's default for Linear/Conv weights: kaiming_uniform_(a = √5), i.e. U(−b, b) with
    /// b = gain·√(3 / fan_in), gain = √(2 / (1 + a²)) — which works out to b = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(TensorRandom rng, int fanIn, double a, params int[] shape)
    {
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        float bound = (float)(gain * Math.Sqrt(3.0 / Math.Max(fanIn, 1)));
        return Tensor.RandUniform(rng, -bound, bound, shape);
    }

    /// <summary>Default weight init of Linear/Conv layers (a = √5).</summary>
    public static Tensor DefaultWeight(TensorRandom rng, int fanIn, params int[] shape) =>
        KaimingUniform(rng, fanIn, Math.Sqrt(5), shape);

    /// <summary>PyTorch's default bias init: U(−1/√fan_in, 1/√fan_in).</summary>
    public static Tensor DefaultBias(TensorRandom rng, int fanIn, params int[] shape)
    {
        float bound = fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f;
        return Tensor.RandUniform(rng, -bound, bound, shape);
    }
}
