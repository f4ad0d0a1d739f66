using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

/// <summary>How a loss combines its elementwise terms, as PyTorch's reduction argument.</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per element, in the broadcast shape of input and target.</summary>
    None,

    /// <summary>Mean over all elements (PyTorch's default).</summary>
    Mean,

    /// <summary>Sum over all elements.</summary>
    Sum,
}

// Regression and classification losses with fused forward (sums in double) and closed-form backward. Input and
// target broadcast; both may require gradients.
public sealed partial class Tensor
{
    /// <summary>(x − t)².</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        DifferenceLoss<SquaredError>(input, target, reduction, 0f, "MseLoss");

    /// <summary>|x − t| (gradient sign(x − t), 0 where equal).</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        DifferenceLoss<AbsoluteError>(input, target, reduction, 0f, "L1Loss");

    /// <summary>0.5·d²/β where |d| &lt; β, else |d| − 0.5·β (β = 0 gives L1), as PyTorch.</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, float beta = 1f) =>
        beta == 0f ? L1Loss(input, target, reduction) : DifferenceLoss<SmoothL1>(input, target, reduction, beta, "SmoothL1Loss");

    /// <summary>0.5·d² where |d| ≤ δ, else δ·(|d| − 0.5·δ), as PyTorch.</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, float delta = 1f) =>
        DifferenceLoss<Huber>(input, target, reduction, delta, "HuberLoss");

    /// <summary>
    /// Binary cross-entropy on logits, stable for any |x|: (1 − t)·x + L·softplus(−x) with L = 1 + (posWeight − 1)·t,
    /// which is max(x, 0) − x·t + log(1 + e^−|x|) without a positive weight. posWeight broadcasts (e.g. [C]).
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Tensor? posWeight = null,
        Reduction reduction = Reduction.Mean)
    {
        var shape = ShapeUtil.Broadcast(logits.Dims, targets.Dims);
        if (posWeight is not null)
        {
            shape = ShapeUtil.Broadcast(shape, posWeight.Dims);
        }
        var x = ExpandedDense(logits, shape);
        var t = ExpandedDense(targets, shape);
        var pw = posWeight is null ? null : ExpandedDense(posWeight, shape);
        var xs = x.Span;
        var ts = t.Span;
        var terms = Uninitialized(shape);
        var ls = terms.Span;
        var ws = pw is null ? default : pw.Span;
        for (int i = 0; i < ls.Length; i++)
        {
            float l = pw is null ? 1f : 1f + (ws[i] - 1f) * ts[i];
            ls[i] = (1f - ts[i]) * xs[i] + l * Log1PExp(-xs[i]);
        }
        var r = ReduceLoss(terms, reduction);
        var inputs = posWeight is null ? new[] { logits, targets } : new[] { logits, targets, posWeight };
        if (!AnyRequiresGrad(inputs))
        {
            return r;
        }
        int n = ls.Length;
        return Record(r, "BinaryCrossEntropyWithLogits", inputs, g =>
        {
            var (gc, each, k) = LossGradScale(g, reduction, n);
            var (dx, dt, dw) = (Uninitialized(shape), Uninitialized(shape), Uninitialized(shape));
            var gs = gc.Span;
            var xv = x.Span;
            var tv = t.Span;
            var dxs = dx.Span;
            var dts = dt.Span;
            var dws = dw.Span;
            var wv = pw is null ? default : pw.Span;
            for (int i = 0; i < dxs.Length; i++)
            {
                float gi = each ? gs[i] : k;
                float w = pw is null ? 1f : wv[i];
                float l = 1f + (w - 1f) * tv[i];
                float spNeg = Log1PExp(-xv[i]);
                float sigNeg = 1f / (1f + MathF.Exp(xv[i])); // σ(−x), exact in both tails
                dxs[i] = gi * ((1f - tv[i]) - l * sigNeg);
                dts[i] = gi * (-xv[i] + (w - 1f) * spNeg);
                dws[i] = gi * tv[i] * spNeg;
            }
            return
            [
                logits.RequiresGrad ? dx.SumToShape(logits.Dims) : null,
                targets.RequiresGrad ? dt.SumToShape(targets.Dims) : null,
                posWeight is not null && posWeight.RequiresGrad ? dw.SumToShape(posWeight.Dims) : null,
            ];
        });
    }

    private static Tensor DifferenceLoss<TLoss>(Tensor input, Tensor target, Reduction reduction, float p, string name)
        where TLoss : struct, IDifferenceLoss
    {
        var shape = ShapeUtil.Broadcast(input.Dims, target.Dims);
        var diff = Uninitialized(shape);
        Elementwise.Binary<SubtractOperator>(ExpandedDense(input, shape).Span, ExpandedDense(target, shape).Span, diff.Span);
        var terms = Uninitialized(shape);
        var ds = diff.Span;
        var ls = terms.Span;
        for (int i = 0; i < ls.Length; i++)
        {
            ls[i] = TLoss.Value(ds[i], p);
        }
        var r = ReduceLoss(terms, reduction);
        if (!AnyRequiresGrad(input, target))
        {
            return r;
        }
        int n = ls.Length;
        return Record(r, name, [input, target], g =>
        {
            var (gc, each, k) = LossGradScale(g, reduction, n);
            var dx = Uninitialized(shape);
            var gs = gc.Span;
            var dv = diff.Span;
            var dxs = dx.Span;
            for (int i = 0; i < dxs.Length; i++)
            {
                dxs[i] = (each ? gs[i] : k) * TLoss.Derivative(dv[i], p);
            }
            return
            [
                input.RequiresGrad ? dx.SumToShape(input.Dims) : null,
                target.RequiresGrad ? Neg(dx).SumToShape(target.Dims) : null,
            ];
        });
    }

    private static Tensor ReduceLoss(Tensor terms, Reduction reduction)
    {
        if (reduction == Reduction.None)
        {
            return terms;
        }
        double sum = 0;
        foreach (var v in terms.Span)
        {
            sum += v;
        }
        return Scalar((float)(reduction == Reduction.Mean ? sum / terms.Count : sum));
    }

    /// <summary>The output gradient per element (None) or as one factor with the mean's 1/n folded in.</summary>
    private static (Tensor G, bool Each, float K) LossGradScale(Tensor g, Reduction reduction, int n)
    {
        var gc = g.Contiguous();
        if (reduction == Reduction.None)
        {
            return (gc, true, 0f);
        }
        float k = gc.Item() * (reduction == Reduction.Mean ? 1f / n : 1f);
        return (gc, false, k);
    }

    /// <summary>A loss term of d = input − target with a parameter (β, δ), and its derivative in d.</summary>
    private interface IDifferenceLoss
    {
        static abstract float Value(float d, float p);
        static abstract float Derivative(float d, float p);
    }

    private readonly struct SquaredError : IDifferenceLoss
    {
        public static float Value(float d, float p) => d * d;
        public static float Derivative(float d, float p) => 2f * d;
    }

    private readonly struct AbsoluteError : IDifferenceLoss
    {
        public static float Value(float d, float p) => MathF.Abs(d);
        public static float Derivative(float d, float p) => SignOperator.Invoke(d);
    }

    private readonly struct SmoothL1 : IDifferenceLoss
    {
        public static float Value(float d, float beta) => MathF.Abs(d) < beta ? 0.5f * d * d / beta : MathF.Abs(d) - 0.5f * beta;
        public static float Derivative(float d, float beta) => MathF.Abs(d) < beta ? d / beta : SignOperator.Invoke(d);
    }

    private readonly struct Huber : IDifferenceLoss
    {
        public static float Value(float d, float delta) => MathF.Abs(d) <= delta ? 0.5f * d * d : delta * (MathF.Abs(d) - 0.5f * delta);
        public static float Derivative(float d, float delta) => MathF.Abs(d) <= delta ? d : delta * SignOperator.Invoke(d);
    }
}
