using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Elementwise math (exp, log, sqrt, pow, abs, clamp, where) and comparison masks, forward and backward together.
// Kink conventions follow PyTorch: abs'(0) = 0, clamp passes the gradient at its bounds (min ≤ x ≤ max).
public sealed partial class Tensor
{
    public Tensor Exp() => UnaryFromOutput<ExpOperator>(this, "Exp", static (y, g) => Mul(g, y));

    public Tensor Log() => UnaryFromInput<LogOperator>(this, "Log", static (x, g) => Div(g, x));

    public Tensor Sqrt() => UnaryFromOutput<SqrtOperator>(this, "Sqrt", static (y, g) => Broadcast.Binary<SqrtGradOperator>(y, g));

    /// <summary>1 / sqrt(x).</summary>
    public Tensor Rsqrt() => UnaryFromOutput<RsqrtOperator>(this, "Rsqrt", static (y, g) => Broadcast.Binary<RsqrtGradOperator>(y, g));

    /// <summary>1 / x.</summary>
    public Tensor Reciprocal() =>
        UnaryFromOutput<ReciprocalOperator>(this, "Reciprocal", static (y, g) => Broadcast.Binary<ReciprocalGradOperator>(y, g));

    public Tensor Square() => UnaryFromInput<SquareOperator>(this, "Square", static (x, g) => Broadcast.Binary<SquareGradOperator>(x, g));

    /// <summary>|x|; the gradient is sign(x), 0 at x = 0.</summary>
    public Tensor Abs() => UnaryFromInput<AbsOperator>(this, "Abs", static (x, g) => Broadcast.Binary<AbsGradOperator>(x, g));

    /// <summary>sign(x) ∈ {−1, 0, 1}; piecewise constant, so no gradient flows.</summary>
    public Tensor Sign() => Broadcast.Unary<SignOperator>(this);

    /// <summary>x^p elementwise; gradient p·x^(p−1).</summary>
    public Tensor Pow(float exponent)
    {
        switch (exponent)
        {
            case 1f:
                return Mul(this, Scalar(1f));
            case 2f:
                return Square();
            case 0.5f:
                return Sqrt();
            case -1f:
                return Reciprocal();
            case -0.5f:
                return Rsqrt();
        }
        var x = Contiguous();
        var r = Uninitialized(Dims);
        var xs = x.Span;
        var rs = r.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            rs[i] = MathF.Pow(xs[i], exponent);
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "Pow", [this], g =>
        {
            var gc = g.Contiguous();
            var d = Uninitialized(x.Dims);
            var src = x.Span;
            var gs = gc.Span;
            var ds = d.Span;
            for (int i = 0; i < ds.Length; i++)
            {
                // PyTorch: a zero exponent gives a zero gradient, also at x = 0 (not 0·0⁻¹ = NaN).
                ds[i] = exponent == 0f ? 0f : gs[i] * exponent * MathF.Pow(src[i], exponent - 1f);
            }
            return [d];
        });
    }

    /// <summary>a^b elementwise with broadcasting; d/da = b·a^(b−1), d/db = a^b·ln a.</summary>
    public static Tensor Pow(Tensor a, Tensor b)
    {
        var shape = ShapeUtil.Broadcast(a.Dims, b.Dims);
        var (ae, be) = (ExpandedDense(a, shape), ExpandedDense(b, shape));
        var r = Uninitialized(shape);
        var av = ae.Span;
        var bv = be.Span;
        var rs = r.Span;
        for (int i = 0; i < rs.Length; i++)
        {
            rs[i] = MathF.Pow(av[i], bv[i]);
        }
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Pow", [a, b], g =>
        {
            var gs = g.Contiguous().Span;
            var (ga, gb) = (Uninitialized(shape), Uninitialized(shape));
            var gas = ga.Span;
            var gbs = gb.Span;
            var x = ae.Span;
            var p = be.Span;
            var y = r.Span;
            for (int i = 0; i < gas.Length; i++)
            {
                gas[i] = p[i] == 0f ? 0f : gs[i] * p[i] * MathF.Pow(x[i], p[i] - 1f);
                // PyTorch: the exponent's gradient is 0 where the base is 0 and the exponent non-negative.
                gbs[i] = x[i] == 0f && p[i] >= 0f ? 0f : gs[i] * y[i] * MathF.Log(x[i]);
            }
            return [a.RequiresGrad ? ga.SumToShape(a.Dims) : null, b.RequiresGrad ? gb.SumToShape(b.Dims) : null];
        });
    }

    /// <summary>
    /// Clamps into [min, max] (either bound optional). The gradient is 1 where min ≤ x ≤ max (bounds included, as
    /// torch.clamp) and 0 outside.
    /// </summary>
    public Tensor Clamp(float? min = null, float? max = null)
    {
        var x = Contiguous();
        var r = Uninitialized(Dims);
        if (min is float lo)
        {
            Elementwise.BinaryScalarRight<MaxOperator>(x.Span, lo, r.Span);
        }
        else
        {
            x.Span.CopyTo(r.Span);
        }
        if (max is float hi)
        {
            Elementwise.BinaryScalarRight<MinOperator>(r.Span, hi, r.Span);
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        float l = min ?? float.NegativeInfinity, h = max ?? float.PositiveInfinity;
        return Record(r, "Clamp", [this], g =>
        {
            var gs = g.Contiguous().Span;
            var d = Uninitialized(x.Dims);
            var xs = x.Span;
            var ds = d.Span;
            for (int i = 0; i < ds.Length; i++)
            {
                ds[i] = xs[i] >= l && xs[i] <= h ? gs[i] : 0f;
            }
            return [d];
        });
    }

    public Tensor ClampMin(float min) => Clamp(min, null);

    public Tensor ClampMax(float max) => Clamp(null, max);

    /// <summary>
    /// Elementwise choice with broadcasting of all three operands: a where condition is nonzero, else b.
    /// The condition gets no gradient.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.Dims, a.Dims), b.Dims);
        var c = ExpandedDense(condition, shape);
        var (ae, be) = (ExpandedDense(a, shape), ExpandedDense(b, shape));
        var r = Uninitialized(shape);
        var cs = c.Span;
        var av = ae.Span;
        var bv = be.Span;
        var rs = r.Span;
        for (int i = 0; i < rs.Length; i++)
        {
            rs[i] = cs[i] != 0f ? av[i] : bv[i];
        }
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Where", [a, b], g =>
        {
            var gs = g.Contiguous().Span;
            var (ga, gb) = (Uninitialized(shape), Uninitialized(shape));
            var gas = ga.Span;
            var gbs = gb.Span;
            var m = c.Span;
            for (int i = 0; i < gas.Length; i++)
            {
                bool take = m[i] != 0f;
                gas[i] = take ? gs[i] : 0f;
                gbs[i] = take ? 0f : gs[i];
            }
            return [a.RequiresGrad ? ga.SumToShape(a.Dims) : null, b.RequiresGrad ? gb.SumToShape(b.Dims) : null];
        });
    }

    public static Tensor Where(Tensor condition, Tensor a, float b) => Where(condition, a, Scalar(b));

    public static Tensor Where(Tensor condition, float a, Tensor b) => Where(condition, Scalar(a), b);

    // ---- comparison masks (1 where true, 0 where false; broadcasting; no gradient) ----------------------

    public static Tensor Greater(Tensor a, Tensor b) => Broadcast.Binary<GreaterOperator>(a, b);

    public static Tensor GreaterEqual(Tensor a, Tensor b) => Broadcast.Binary<GreaterEqualOperator>(a, b);

    public static Tensor Less(Tensor a, Tensor b) => Broadcast.Binary<LessOperator>(a, b);

    public static Tensor LessEqual(Tensor a, Tensor b) => Broadcast.Binary<LessEqualOperator>(a, b);

    public static Tensor Equal(Tensor a, Tensor b) => Broadcast.Binary<EqualOperator>(a, b);

    public static Tensor NotEqual(Tensor a, Tensor b) => Broadcast.Binary<NotEqualOperator>(a, b);

    public Tensor Greater(float value) => Greater(this, Scalar(value));

    public Tensor GreaterEqual(float value) => GreaterEqual(this, Scalar(value));

    public Tensor Less(float value) => Less(this, Scalar(value));

    public Tensor LessEqual(float value) => LessEqual(this, Scalar(value));

    public Tensor Equal(float value) => Equal(this, Scalar(value));

    public Tensor NotEqual(float value) => NotEqual(this, Scalar(value));

    // ---- helpers -----------------------------------------------------------------------------------------

    /// <summary>y = op(x); backward(x, g) computes the input gradient from the input.</summary>
    internal static Tensor UnaryFromInput<TOp>(Tensor x, string name, Func<Tensor, Tensor, Tensor> backward)
        where TOp : struct, IUnaryOperator
    {
        var r = Broadcast.Unary<TOp>(x);
        return AnyRequiresGrad(x) ? Record(r, name, [x], g => [backward(x, g)]) : r;
    }

    /// <summary>y = op(x); backward(y, g) computes the input gradient from the output (saves keeping x).</summary>
    internal static Tensor UnaryFromOutput<TOp>(Tensor x, string name, Func<Tensor, Tensor, Tensor> backward)
        where TOp : struct, IUnaryOperator
    {
        var r = Broadcast.Unary<TOp>(x);
        if (!AnyRequiresGrad(x))
        {
            return r;
        }
        var y = r.Detach();
        return Record(r, name, [x], g => [backward(y, g)]);
    }

    /// <summary>A dense, graph-free copy of <paramref name="t"/> broadcast to <paramref name="shape"/>.</summary>
    internal static Tensor ExpandedDense(Tensor t, int[] shape)
    {
        var view = t.Detach();
        if (ShapeUtil.SameShape(t.Dims, shape) && t.IsContiguous)
        {
            return view;
        }
        var strides = ShapeUtil.BroadcastStrides(t.Dims, t.Strides, shape);
        var dense = Uninitialized(shape);
        StridedCopy.Gather(t.Buffer, t.Offset, shape, strides, dense.Span);
        return dense;
    }
}
