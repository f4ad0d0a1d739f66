namespace Hamr.Tensors.NN;

/// <summary>Channel dropout (torch.nn.Dropout2d) for [N, C, ...] inputs: active only while the module is training.</summary>
public sealed class Dropout2d : Module
{
    private readonly TensorRandom _rng;

    public Dropout2d(float p, TensorRandom rng)
    {
        Tensor.CheckDropout(p, rng);
        P = p;
        _rng = rng;
    }

    /// <summary>Probability of zeroing a channel.</summary>
    public float P { get; }

    /// <summary>The random stream the masks are drawn from (its state goes into training checkpoints).</summary>
    public TensorRandom Random => _rng;

    public override Tensor Forward(Tensor input) => input.Dropout2d(P, IsTraining, _rng);
}
