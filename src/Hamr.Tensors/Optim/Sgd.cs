namespace Hamr.Tensors.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, following
/// torch.optim.SGD exactly (the momentum buffer starts as the first step's decayed gradient).
/// </summary>
public sealed class Sgd : Optimizer
{
    private static readonly string[] s_momentumBuffers = ["momentum_buffer"];

    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (!(momentum >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be >= 0");
        }
        if (!(weightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be >= 0");
        }
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    public double Momentum { get; }
    public double Dampening { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }

    protected override IReadOnlyList<string> BufferNames => Momentum != 0 ? s_momentumBuffers : [];

    protected override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, StateSlice state)
    {
        var scalars = new OptimizerKernels.SgdScalars(
            NegLr: (float)-LearningRate,
            WeightDecay: (float)WeightDecay,
            Momentum: (float)Momentum,
            OneMinusDampening: (float)(1 - Dampening),
            Nesterov: Nesterov,
            First: state.Step == 1);
        OptimizerKernels.Sgd(parameter, gradient, Momentum != 0 ? state.Buffer(0) : default, scalars);
    }
}
