namespace Hamr.Tensors.Optim;

/// <summary>
/// Shared Adam update (torch.optim.Adam's single-tensor algorithm): first and second moment estimates with bias
/// correction, denominator sqrt(v)/sqrt(1 − β2^t) + eps, optional AMSGrad; weight decay either as an L2 term added to
/// the gradient (Adam) or decoupled as p ← p·(1 − lr·wd) (AdamW).
/// </summary>
public abstract class AdamBase : Optimizer
{
    private static readonly string[] s_buffers = ["exp_avg", "exp_avg_sq"];
    private static readonly string[] s_amsBuffers = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];
    private readonly bool _decoupled;

    private protected AdamBase(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps,
        double weightDecay, bool amsgrad, bool decoupled)
        : base(parameters, lr)
    {
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1)");
        }
        if (!(eps >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0");
        }
        if (!(weightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be >= 0");
        }
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Amsgrad = amsgrad;
        _decoupled = decoupled;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }
    public bool Amsgrad { get; }

    protected override IReadOnlyList<string> BufferNames => Amsgrad ? s_amsBuffers : s_buffers;

    protected override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, StateSlice state)
    {
        // Scalars in double as PyTorch computes them in Python, then rounded to float for the float kernel.
        double lr = LearningRate;
        double t = state.Step;
        double biasCorrection1 = 1 - Math.Pow(Beta1, t);
        double biasCorrection2 = 1 - Math.Pow(Beta2, t);
        var scalars = new OptimizerKernels.AdamScalars(
            ParamScale: _decoupled ? (float)(1 - lr * WeightDecay) : 1f,
            L2: _decoupled ? 0f : (float)WeightDecay,
            Lerp1: (float)(1 - Beta1),
            Beta2: (float)Beta2,
            OneMinusBeta2: (float)(1 - Beta2),
            Bc2Sqrt: (float)Math.Sqrt(biasCorrection2),
            Eps: (float)Eps,
            NegStepSize: (float)(-lr / biasCorrection1));
        OptimizerKernels.Adam(parameter, gradient, state.Buffer(0), state.Buffer(1), Amsgrad ? state.Buffer(2) : default, scalars);
    }
}

/// <summary>Adam (Kingma &amp; Ba) with L2 weight decay added to the gradient, as torch.optim.Adam.</summary>
public sealed class Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
    : AdamBase(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled: false);

/// <summary>AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay p ← p·(1 − lr·wd), as torch.optim.AdamW.</summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
    : AdamBase(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true);
