namespace Hamr.Tensors.NN;

/// <summary>Batch normalisation of [N, C] or [N, C, L] per channel (PyTorch nn.BatchNorm1d).</summary>
public sealed class BatchNorm1d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true,
    bool trackRunningStats = true) : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank is not (2 or 3))
        {
            throw new ArgumentException($"BatchNorm1d expects [N, C] or [N, C, L], got {ShapeUtil.Format(input.Shape)}");
        }
    }
}
