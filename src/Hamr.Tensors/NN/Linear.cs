namespace Hamr.Tensors.NN;

/// <summary>Fully connected layer y = x·Wᵀ + b with weight [out, in].</summary>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, TensorRandom rng, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.DefaultWeight(rng, inFeatures, outFeatures, inFeatures));
        Bias = bias ? RegisterParameter("bias", Init.DefaultBias(rng, inFeatures, outFeatures)) : null;
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);
}
