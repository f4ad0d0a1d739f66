namespace Hamr.Tensors.NN;

/// <summary>Inverted dropout (torch.nn.Dropout): active only while the module is training.</summary>
public sealed class Dropout : Module
{
    private readonly TensorRandom _rng;

    public Dropout(float p, TensorRandom rng)
    {
        Tensor.CheckDropout(p, rng);
        P = p;
        _rng = rng;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public float P { get; }

    /// <summary>The random stream the masks are drawn from (its state goes into training checkpoints).</summary>
    public TensorRandom Random => _rng;

    public override Tensor Forward(Tensor input) => input.Dropout(P, IsTraining, _rng);
}
