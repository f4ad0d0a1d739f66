namespace Hamr.Tensors.NN;

// Activation layers: thin modules over the Tensor activation ops, named as PyTorch's torch.nn classes.

/// <summary>max(x, 0).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>x for x &gt; 0, NegativeSlope·x otherwise.</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    public float NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}

/// <summary>min(max(x, 0), 6).</summary>
public sealed class ReLU6 : Module
{
    public override Tensor Forward(Tensor input) => input.Relu6();
}

/// <summary>Parametric ReLU with a learned slope per channel (axis 1) or one shared slope; parameter "weight".</summary>
public sealed class PReLU : Module
{
    public PReLU(int numParameters = 1, float init = 0.25f)
    {
        Weight = RegisterParameter("weight", Tensor.Full(init, numParameters));
    }

    public Tensor Weight { get; }

    public override Tensor Forward(Tensor input) => input.Prelu(Weight);
}

/// <summary>1 / (1 + e^−x).</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}

/// <summary>log(1 + e^(βx)) / β, linear above the threshold.</summary>
public sealed class Softplus(float beta = 1f, float threshold = 20f) : Module
{
    public float Beta { get; } = beta;
    public float Threshold { get; } = threshold;

    public override Tensor Forward(Tensor input) => input.Softplus(Beta, Threshold);
}

/// <summary>x·σ(x) (swish).</summary>
public sealed class SiLU : Module
{
    public override Tensor Forward(Tensor input) => input.Silu();
}

/// <summary>Exact (erf) GELU.</summary>
public sealed class GELU : Module
{
    public override Tensor Forward(Tensor input) => input.Gelu();
}

/// <summary>x for x &gt; 0, α·(e^x − 1) otherwise.</summary>
public sealed class ELU(float alpha = 1f) : Module
{
    public float Alpha { get; } = alpha;

    public override Tensor Forward(Tensor input) => input.Elu(Alpha);
}

/// <summary>relu6(x + 3) / 6.</summary>
public sealed class HardSigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.HardSigmoid();
}

/// <summary>x·relu6(x + 3) / 6 (MobileNetV3).</summary>
public sealed class HardSwish : Module
{
    public override Tensor Forward(Tensor input) => input.HardSwish();
}

/// <summary>Softmax along an axis (default the last).</summary>
public sealed class Softmax(int axis = -1) : Module
{
    public int Axis { get; } = axis;

    public override Tensor Forward(Tensor input) => input.Softmax(Axis);
}

/// <summary>Log-softmax along an axis (default the last).</summary>
public sealed class LogSoftmax(int axis = -1) : Module
{
    public int Axis { get; } = axis;

    public override Tensor Forward(Tensor input) => input.LogSoftmax(Axis);
}
