using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Batch normalisation over axis 1 of [N, C, ...] (BatchNorm1d on [N, C] or [N, C, L], BatchNorm2d on [N, C, H, W]),
// forward and closed-form backward.
public sealed partial class Tensor
{
    /// <summary>
    /// y = (x − μ)/√(σ² + eps)·weight + bias per channel. Training: μ, σ² are the batch statistics over N and the
    /// spatial axes (biased σ² for normalising), and the running statistics, when given, are updated in place as
    /// running = (1 − momentum)·running + momentum·batch with the UNBIASED variance (PyTorch). Eval: the running
    /// statistics normalise. The running tensors never take part in autograd.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        var layout = BatchNormLayout(x, runningMean, runningVar, weight, bias, training);
        int c = layout.C, m = layout.M;
        var xc = x.Contiguous();
        var mean = Uninitialized([c]);
        var invStd = Uninitialized([c]);
        if (training)
        {
            BatchNormKernels.Statistics(xc.Buffer, xc.Offset, layout, mean.Buffer, invStd.Buffer); // invStd holds σ² for now
            var rm = runningMean is null ? default : runningMean.Span;
            var rv = runningVar is null ? default : runningVar.Span;
            for (int k = 0; k < c; k++)
            {
                double variance = invStd.Buffer[k];
                if (runningMean is not null)
                {
                    rm[k] = (float)((1.0 - momentum) * rm[k] + momentum * (double)mean.Buffer[k]);
                }
                if (runningVar is not null)
                {
                    rv[k] = (float)((1.0 - momentum) * rv[k] + momentum * variance * m / (m - 1));
                }
                invStd.Buffer[k] = (float)(1.0 / Math.Sqrt(variance + eps));
            }
        }
        else
        {
            runningMean!.Span.CopyTo(mean.Buffer);
            var rv = runningVar!.Span;
            for (int k = 0; k < c; k++)
            {
                invStd.Buffer[k] = (float)(1.0 / Math.Sqrt((double)rv[k] + eps));
            }
        }

        // Fold the normalisation and the affine parameters into y = x·scale + shift.
        var scale = Uninitialized([c]);
        var shift = Uninitialized([c]);
        var w = weight?.Contiguous();
        var b = bias?.Contiguous();
        for (int k = 0; k < c; k++)
        {
            double s = (w is null ? 1.0 : w.Span[k]) * (double)invStd.Buffer[k];
            scale.Buffer[k] = (float)s;
            shift.Buffer[k] = (float)((b is null ? 0.0 : b.Span[k]) - mean.Buffer[k] * s);
        }
        var y = Uninitialized(x.Dims);
        BatchNormKernels.Affine(xc.Buffer, xc.Offset, y.Buffer, layout, scale.Buffer, shift.Buffer);

        var inputs = new List<Tensor>(3) { x };
        if (weight is not null)
        {
            inputs.Add(weight);
        }
        if (bias is not null)
        {
            inputs.Add(bias);
        }
        if (!AnyRequiresGrad(inputs.ToArray()))
        {
            return y;
        }
        return Record(y, "BatchNorm", [.. inputs], g =>
        {
            var gc = g.Contiguous();
            var sumG = Uninitialized([c]);
            var sumGx = Uninitialized([c]);
            BatchNormKernels.GradientSums(gc.Buffer, gc.Offset, xc.Buffer, xc.Offset, layout, mean.Buffer, sumG.Buffer, sumGx.Buffer);
            var grads = new List<Tensor?>(3) { x.RequiresGrad ? BatchNormInputGradient(gc, xc, layout, training, mean, invStd, scale, sumG, sumGx) : null };
            if (weight is not null)
            {
                Tensor? gw = null;
                if (weight.RequiresGrad)
                {
                    // dγ = Σ g·x̂ = invstd · Σ g·(x − μ)
                    gw = Uninitialized([c]);
                    for (int k = 0; k < c; k++)
                    {
                        gw.Buffer[k] = sumGx.Buffer[k] * invStd.Buffer[k];
                    }
                }
                grads.Add(gw?.Reshape(weight.Dims));
            }
            if (bias is not null)
            {
                grads.Add(bias.RequiresGrad ? sumG.Reshape(bias.Dims) : null); // dβ = Σ g
            }
            return [.. grads];
        });
    }

    /// <summary>
    /// Training: dx = a·(g − Σg/M − x̂·Σ(g·x̂)/M) with a = γ·invstd (the gradient through μ and σ²), written as
    /// k1·g + k2·x + k3 per channel. Eval: the statistics are constants, dx = a·g.
    /// </summary>
    private static Tensor BatchNormInputGradient(Tensor g, Tensor x, ChannelLayout layout, bool training, Tensor mean,
        Tensor invStd, Tensor scale, Tensor sumG, Tensor sumGx)
    {
        int c = layout.C;
        var k1 = Uninitialized([c]);
        var k2 = Uninitialized([c]);
        var k3 = Uninitialized([c]);
        for (int k = 0; k < c; k++)
        {
            double a = scale.Buffer[k];
            k1.Buffer[k] = (float)a;
            if (training)
            {
                double inv = invStd.Buffer[k];
                double coefX = -a * inv * inv * sumGx.Buffer[k] / layout.M;
                k2.Buffer[k] = (float)coefX;
                k3.Buffer[k] = (float)(-a * sumG.Buffer[k] / layout.M - coefX * mean.Buffer[k]);
            }
            else
            {
                k2.Buffer[k] = 0f;
                k3.Buffer[k] = 0f;
            }
        }
        var dx = Uninitialized(x.Dims);
        BatchNormKernels.InputGradient(g.Buffer, g.Offset, x.Buffer, x.Offset, dx.Buffer, layout, k1.Buffer, k2.Buffer, k3.Buffer);
        return dx;
    }

    private static ChannelLayout BatchNormLayout(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training)
    {
        if (x.Rank < 2)
        {
            throw new ArgumentException($"BatchNorm expects [N, C, ...], got {ShapeUtil.Format(x.Dims)}");
        }
        int n = x.Dims[0], c = x.Dims[1];
        int s = c == 0 || n == 0 ? 0 : x.Count / (n * c);
        CheckChannelVector("running mean", runningMean, c, mustBeContiguous: true);
        CheckChannelVector("running var", runningVar, c, mustBeContiguous: true);
        CheckChannelVector("weight", weight, c, mustBeContiguous: false);
        CheckChannelVector("bias", bias, c, mustBeContiguous: false);
        if (training && n * s <= 1)
        {
            throw new ArgumentException($"BatchNorm: expected more than 1 value per channel when training, got input {ShapeUtil.Format(x.Dims)}");
        }
        if (!training && (runningMean is null || runningVar is null))
        {
            throw new ArgumentException("BatchNorm: evaluation mode needs the running mean and variance");
        }
        return new ChannelLayout(n, c, s);
    }

    private static void CheckChannelVector(string what, Tensor? t, int c, bool mustBeContiguous)
    {
        if (t is null)
        {
            return;
        }
        if (t.Count != c || t.Rank != 1)
        {
            throw new ArgumentException($"BatchNorm: {what} has shape {ShapeUtil.Format(t.Dims)}, expected [{c}]");
        }
        if (mustBeContiguous && !t.IsContiguous)
        {
            throw new ArgumentException($"BatchNorm: {what} is updated in place and must be contiguous");
        }
    }
}
