using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Activation functions, forward and backward together. Kinks follow PyTorch: relu'(0) = 0, leaky_relu'(0) = slope,
// relu6' = 0 at 0 and 6, hardswish' = −0.5 at −3 and 1.5 at 3 (PyTorch's scalar/CUDA rule).
public sealed partial class Tensor
{
    public Tensor Relu() => UnaryFromOutput<ReluOperator>(this, "Relu", static (y, g) => Broadcast.Binary<ReluGradOperator>(y, g));

    public Tensor Relu6() => UnaryFromInput<Relu6Operator>(this, "Relu6", static (x, g) => Broadcast.Binary<Relu6GradOperator>(x, g));

    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    public Tensor LeakyRelu(float slope = 0.01f)
    {
        var x = Contiguous();
        var r = Uninitialized(Dims);
        Elementwise.BinaryScalarRight<LeakyReluOperator>(x.Span, slope, r.Span);
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "LeakyRelu", [this], g =>
        {
            var d = Uninitialized(x.Dims);
            Elementwise.BinaryScalarRight<LeakyReluDerivativeOperator>(x.Span, slope, d.Span);
            var gc = g.Contiguous();
            Elementwise.Binary<MultiplyOperator>(d.Span, gc.Span, d.Span);
            return [d];
        });
    }

    /// <summary>
    /// Parametric ReLU: x for x &gt; 0, w[c]·x otherwise, where c indexes axis 1 (weight [C]) or one slope for all
    /// (weight [1]); inputs of rank &lt; 2 need a one-element weight, as PyTorch.
    /// </summary>
    public Tensor Prelu(Tensor weight)
    {
        int channels = weight.Count;
        if (channels != 1 && (Rank < 2 || Dims[1] != channels))
        {
            throw new ArgumentException(
                $"prelu weight of {channels} elements does not match axis 1 of input {ShapeUtil.Format(Dims)}");
        }
        var x = Contiguous();
        var w = weight.Contiguous().Detach();
        int inner = channels == 1 ? Count : ShapeUtil.Count(Dims.AsSpan(2));
        int outer = channels == 1 ? 1 : Dims[0];
        var r = Uninitialized(Dims);
        for (int n = 0, p = 0; n < outer; n++)
        {
            for (int c = 0; c < channels; c++, p += inner)
            {
                Elementwise.BinaryScalarRight<LeakyReluOperator>(x.Span.Slice(p, inner), w.Span[c], r.Span.Slice(p, inner));
            }
        }
        if (!AnyRequiresGrad(this, weight))
        {
            return r;
        }
        var input = this;
        return Record(r, "Prelu", [this, weight], g =>
        {
            var gs = g.Contiguous().Span;
            var xs = x.Span;
            Tensor? gx = input.RequiresGrad ? Uninitialized(x.Dims) : null;
            var gxs = gx is null ? Span<float>.Empty : gx.Span;
            var gw = new double[channels];
            for (int n = 0, p = 0; n < outer; n++)
            {
                for (int c = 0; c < channels; c++, p += inner)
                {
                    float slope = w.Span[c];
                    double acc = 0;
                    for (int i = p; i < p + inner; i++)
                    {
                        bool positive = xs[i] > 0;
                        if (!positive)
                        {
                            acc += (double)gs[i] * xs[i];
                        }
                        if (gx is not null)
                        {
                            gxs[i] = positive ? gs[i] : slope * gs[i];
                        }
                    }
                    gw[c] += acc;
                }
            }
            Tensor? gwt = null;
            if (weight.RequiresGrad)
            {
                gwt = Uninitialized(weight.Dims);
                for (int c = 0; c < channels; c++)
                {
                    gwt.Span[c] = (float)gw[c];
                }
            }
            return [gx, gwt];
        });
    }

    public Tensor Sigmoid() =>
        UnaryFromOutput<SigmoidOperator>(this, "Sigmoid", static (y, g) => Broadcast.Binary<SigmoidGradOperator>(y, g));

    public Tensor Tanh()
    {
        var x = Contiguous();
        var r = Uninitialized(Dims);
        System.Numerics.Tensors.TensorPrimitives.Tanh(x.Span, r.Span);
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var y = r.Detach();
        return Record(r, "Tanh", [this], g => [Broadcast.Binary<TanhGradOperator>(y, g)]);
    }

    /// <summary>SiLU / swish: x·σ(x).</summary>
    public Tensor Silu() => UnaryFromInput<SiluOperator>(this, "Silu", static (x, g) => Broadcast.Binary<SiluGradOperator>(x, g));

    /// <summary>relu6(x + 3) / 6.</summary>
    public Tensor HardSigmoid() =>
        UnaryFromInput<HardSigmoidOperator>(this, "HardSigmoid", static (x, g) => Broadcast.Binary<HardSigmoidGradOperator>(x, g));

    /// <summary>x·relu6(x + 3) / 6 (MobileNetV3).</summary>
    public Tensor HardSwish() =>
        UnaryFromInput<HardSwishOperator>(this, "HardSwish", static (x, g) => Broadcast.Binary<HardSwishGradOperator>(x, g));

    /// <summary>
    /// log(1 + e^(βx)) / β, reverting to x where βx &gt; threshold (as PyTorch, for stability); gradient σ(βx) there
    /// and 1 above the threshold.
    /// </summary>
    public Tensor Softplus(float beta = 1f, float threshold = 20f)
    {
        var x = Contiguous();
        var r = Uninitialized(Dims);
        var xs = x.Span;
        var rs = r.Span;
        for (int i = 0; i < rs.Length; i++)
        {
            float z = beta * xs[i];
            rs[i] = z > threshold ? xs[i] : Log1PExp(z) / beta;
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "Softplus", [this], g =>
        {
            var gs = g.Contiguous().Span;
            var d = Uninitialized(x.Dims);
            var src = x.Span;
            var ds = d.Span;
            for (int i = 0; i < ds.Length; i++)
            {
                float z = beta * src[i];
                ds[i] = z > threshold ? gs[i] : gs[i] / (1f + MathF.Exp(-z));
            }
            return [d];
        });
    }

    /// <summary>x for x &gt; 0, α·(e^x − 1) otherwise.</summary>
    public Tensor Elu(float alpha = 1f)
    {
        var x = Contiguous();
        var r = Uninitialized(Dims);
        var xs = x.Span;
        var rs = r.Span;
        for (int i = 0; i < rs.Length; i++)
        {
            rs[i] = xs[i] > 0 ? xs[i] : alpha * ExpM1(xs[i]);
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "Elu", [this], g =>
        {
            var gs = g.Contiguous().Span;
            var d = Uninitialized(x.Dims);
            var src = x.Span;
            var ds = d.Span;
            for (int i = 0; i < ds.Length; i++)
            {
                ds[i] = src[i] > 0 ? gs[i] : gs[i] * alpha * MathF.Exp(src[i]);
            }
            return [d];
        });
    }

    /// <summary>Exact GELU: x·Φ(x) with the normal CDF through erf (PyTorch's default, approximate = 'none').</summary>
    public Tensor Gelu()
    {
        var x = Contiguous();
        var r = Uninitialized(Dims);
        var xs = x.Span;
        var rs = r.Span;
        for (int i = 0; i < rs.Length; i++)
        {
            rs[i] = (float)(xs[i] * NormalCdf(xs[i]));
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "Gelu", [this], g =>
        {
            var gs = g.Contiguous().Span;
            var d = Uninitialized(x.Dims);
            var src = x.Span;
            var ds = d.Span;
            for (int i = 0; i < ds.Length; i++)
            {
                double v = src[i];
                double pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI);
                ds[i] = (float)(gs[i] * (NormalCdf(v) + v * pdf));
            }
            return [d];
        });
    }

    /// <summary>log(1 + e^z) without overflow and without losing tiny values to rounding.</summary>
    internal static float Log1PExp(float z) => z > 0 ? z + MathF.Log(1f + MathF.Exp(-z)) : (float)Math.Log(1.0 + Math.Exp(z));

    private static float ExpM1(float x) => MathF.Abs(x) < 1e-3f ? x + 0.5f * x * x + x * x * x / 6f : MathF.Exp(x) - 1f;

    /// <summary>Φ(x) = (1 + erf(x/√2)) / 2, using erfc for the lower tail to keep relative accuracy.</summary>
    private static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, relative error &lt; 1.2e−7).</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
