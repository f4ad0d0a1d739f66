namespace Hamr.Tensors.NN;

/// <summary>Batch normalisation of [N, C, H, W] per channel (PyTorch nn.BatchNorm2d).</summary>
public sealed class BatchNorm2d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true,
    bool trackRunningStats = true) : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank != 4)
        {
            throw new ArgumentException($"BatchNorm2d expects [N, C, H, W], got {ShapeUtil.Format(input.Shape)}");
        }
    }
}
