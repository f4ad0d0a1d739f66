namespace Hamr.Tensors.NN;

/// <summary>
/// Shared state and forward of BatchNorm1d/2d (PyTorch _BatchNorm): parameters weight (ones) and bias (zeros) when
/// affine; buffers running_mean (zeros), running_var (ones), num_batches_tracked when tracking running statistics.
/// </summary>
public abstract class BatchNormBase : Module
{
    /// <param name="momentum">Weight of the new batch in the running statistics; null gives PyTorch's cumulative
    /// moving average (factor 1/num_batches_tracked).</param>
    protected BatchNormBase(int numFeatures, float eps, float? momentum, bool affine, bool trackRunningStats)
    {
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(numFeatures));
            Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            // PyTorch stores an int64 scalar; our tensors are float32, exact up to 2^24 batches — ample for a counter.
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Scalar(0f));
        }
    }

    public int NumFeatures { get; }
    public float Eps { get; }
    public float? Momentum { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }
    public Tensor? RunningMean { get; }
    public Tensor? RunningVar { get; }

    /// <summary>Number of training batches seen (a one-element float tensor; see the constructor).</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Throws when <paramref name="input"/> has the wrong rank for this layer.</summary>
    protected abstract void CheckInput(Tensor input);

    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        if (input.Dim(1) != NumFeatures)
        {
            throw new ArgumentException($"{GetType().Name}({NumFeatures}) got input with {input.Dim(1)} channels");
        }
        float factor = Momentum ?? 0f;
        if (IsTraining && NumBatchesTracked is not null)
        {
            var count = NumBatchesTracked.AsSpan();
            count[0] += 1f;
            factor = Momentum ?? 1f / count[0];
        }
        // Batch statistics in training, and also in eval when no running statistics are kept (as PyTorch).
        bool useBatchStats = IsTraining || RunningMean is null;
        return Tensor.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, factor, Eps);
    }
}
