namespace Hamr.Tensors;

// Inverted dropout: kept elements are scaled by 1/(1-p) at training time so evaluation is the identity. The mask is
// a tensor computed once in forward and multiplied in (Mul's backward reuses that same mask for the gradient).
public sealed partial class Tensor
{
    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1-p); the identity when not
    /// <paramref name="training"/> or p = 0, all zeros when p = 1. Draws one number per element from <paramref name="rng"/>.
    /// </summary>
    public Tensor Dropout(float p, bool training, TensorRandom rng)
    {
        CheckDropout(p, rng);
        if (!training || p == 0f)
        {
            return this;
        }
        return this * DropoutMask(rng, p, Dims);
    }

    /// <summary>
    /// Channel dropout for [N, C, ...]: zeroes whole channels (one draw per (n, c)) with probability <paramref name="p"/>,
    /// scaling the rest by 1/(1-p); the identity when not training or p = 0.
    /// </summary>
    public Tensor Dropout2d(float p, bool training, TensorRandom rng)
    {
        CheckDropout(p, rng);
        if (Rank < 2)
        {
            throw new ArgumentException($"Dropout2d needs [N, C, ...], got {ShapeUtil.Format(Dims)}");
        }
        if (!training || p == 0f)
        {
            return this;
        }
        var maskShape = new int[Rank];
        Array.Fill(maskShape, 1);
        maskShape[0] = Dims[0];
        maskShape[1] = Dims[1];
        return this * DropoutMask(rng, p, maskShape);
    }

    /// <summary>Throws unless <paramref name="p"/> lies in [0, 1] and <paramref name="rng"/> is given (ops and modules).</summary>
    internal static void CheckDropout(float p, TensorRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0f && p <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability {p} outside [0, 1]");
        }
    }

    /// <summary>0 with probability p, else 1/(1-p); all zeros for p = 1.</summary>
    private static Tensor DropoutMask(TensorRandom rng, float p, int[] shape)
    {
        var mask = Uninitialized(shape);
        var m = mask.Span;
        if (p >= 1f)
        {
            m.Clear();
            return mask;
        }
        float scale = 1f / (1f - p);
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = rng.NextFloat() < p ? 0f : scale;
        }
        return mask;
    }
}
