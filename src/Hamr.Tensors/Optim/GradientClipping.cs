using System.Numerics.Tensors;

namespace Hamr.Tensors.Optim;

/// <summary>Gradient clipping in place, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so their joint p-norm is at most <paramref name="maxNorm"/>:
    /// total = ‖(‖g₁‖ₚ, ‖g₂‖ₚ, …)‖ₚ, coefficient = maxNorm / (total + 1e-6), applied when below 1
    /// (a NaN total propagates into the gradients as in PyTorch). Parameters without a gradient are skipped.
    /// <paramref name="normType"/> may be <see cref="float.PositiveInfinity"/> (largest magnitude).
    /// </summary>
    /// <returns>The total norm before clipping.</returns>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, float maxNorm, float normType = 2f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "norm type must be > 0");
        }
        var grads = new List<Tensor>();
        foreach (var p in parameters)
        {
            if (p.Grad is { } g)
            {
                grads.Add(g.IsContiguous ? g : throw new ArgumentException("gradient is a non-contiguous view"));
            }
        }
        if (grads.Count == 0)
        {
            return 0f;
        }
        double total;
        if (float.IsPositiveInfinity(normType))
        {
            total = 0;
            foreach (var g in grads)
            {
                if (g.Count > 0)
                {
                    float m = MathF.Abs(TensorPrimitives.MaxMagnitude(g.Span));
                    total = float.IsNaN(m) || double.IsNaN(total) ? double.NaN : Math.Max(total, m);
                }
            }
        }
        else
        {
            double sum = 0;
            foreach (var g in grads)
            {
                double norm = normType switch
                {
                    1f => TensorPrimitives.SumOfMagnitudes(g.Span),
                    2f => TensorPrimitives.Norm(g.Span),
                    _ => PNorm(g.Span, normType),
                };
                sum += Math.Pow(norm, normType);
            }
            total = Math.Pow(sum, 1.0 / normType);
        }
        float totalNorm = (float)total;
        float coefficient = maxNorm / (totalNorm + 1e-6f);
        if (!(coefficient >= 1f))
        {
            foreach (var g in grads)
            {
                TensorPrimitives.Multiply(g.Span, coefficient, g.Span);
            }
        }
        return totalNorm;
    }

    /// <summary>Clamps every gradient element into [−clipValue, clipValue].</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, float clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clip value must be >= 0");
        }
        foreach (var p in parameters)
        {
            if (p.Grad is { } g)
            {
                var s = g.IsContiguous ? g.Span : throw new ArgumentException("gradient is a non-contiguous view");
                TensorPrimitives.Max(s, -clipValue, s);
                TensorPrimitives.Min(s, clipValue, s);
            }
        }
    }

    private static double PNorm(ReadOnlySpan<float> x, double p)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += Math.Pow(Math.Abs(v), p);
        }
        return Math.Pow(sum, 1.0 / p);
    }
}
