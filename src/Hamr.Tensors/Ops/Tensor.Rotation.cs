namespace Hamr.Tensors;

// Rotations and 3-vectors for kinematics: Rodrigues (axis-angle → matrix) with a small-angle series instead of the
// norm(x + eps) hack, Cross, Norm and Normalize with exact gradients (the gradient of a zero vector's norm is 0).
public sealed partial class Tensor
{
    // Below this θ² the coefficients use their Taylor series (computed in double, so the closed forms are accurate far
    // below this; the series keeps θ = 0 exact, including its gradient).
    private const double RodriguesSeriesThreshold = 1e-4;

    /// <summary>
    /// Rotation matrices from axis-angle vectors ω (angle θ = |ω| in radians): [..., 3] → [..., 3, 3],
    /// R = I + A·K + B·K² with K = [ω]ₓ, A = sin θ / θ, B = (1 − cos θ) / θ². At ω = 0, dR/dωₖ is the k-th generator.
    /// </summary>
    public static Tensor Rodrigues(Tensor axisAngle)
    {
        ArgumentNullException.ThrowIfNull(axisAngle);
        if (axisAngle.Rank < 1 || axisAngle.Dims[^1] != 3)
        {
            throw new ArgumentException($"Rodrigues needs axis-angle vectors [..., 3], got {ShapeUtil.Format(axisAngle.Dims)}");
        }
        var w = axisAngle.Contiguous();
        int n = w.Count / 3;
        var r = Uninitialized([.. axisAngle.Dims, 3]);
        var ws = w.Span;
        var o = r.Span;
        for (int b = 0; b < n; b++)
        {
            double x = ws[3 * b], y = ws[3 * b + 1], z = ws[3 * b + 2];
            var (a, c, _, _) = RodriguesCoefficients(x * x + y * y + z * z);
            double s = x * x + y * y + z * z;
            var m = o.Slice(9 * b, 9);
            // R = (1 − B·θ²)·I + A·K + B·ωωᵀ  (K² = ωωᵀ − θ²·I)
            double d = 1 - c * s;
            m[0] = (float)(d + c * x * x);
            m[1] = (float)(-a * z + c * x * y);
            m[2] = (float)(a * y + c * x * z);
            m[3] = (float)(a * z + c * y * x);
            m[4] = (float)(d + c * y * y);
            m[5] = (float)(-a * x + c * y * z);
            m[6] = (float)(-a * y + c * z * x);
            m[7] = (float)(a * x + c * z * y);
            m[8] = (float)(d + c * z * z);
        }
        if (!AnyRequiresGrad(axisAngle))
        {
            return r;
        }
        var inputShape = axisAngle.Dims;
        return Record(r, "Rodrigues", [axisAngle], g =>
        {
            // With G the output gradient, v = (G₂₁−G₁₂, G₀₂−G₂₀, G₁₀−G₀₁):
            // dL/dω = A·v + B·(G+Gᵀ)ω + 2ω·[A'·(ω·v) + B'·ωᵀGω − (B'θ² + B)·tr G], primes = d/d(θ²).
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(inputShape);
            var gs = gx.Span;
            var wv = w.Span;
            for (int b = 0; b < n; b++)
            {
                var G = gc.Slice(9 * b, 9);
                double x = wv[3 * b], y = wv[3 * b + 1], z = wv[3 * b + 2];
                double s = x * x + y * y + z * z;
                var (a, c, da, dc) = RodriguesCoefficients(s);
                double vx = G[7] - G[5], vy = G[2] - G[6], vz = G[3] - G[1];
                // (G + Gᵀ)ω
                double sx = 2 * G[0] * x + (G[1] + G[3]) * y + (G[2] + G[6]) * z;
                double sy = (G[3] + G[1]) * x + 2 * G[4] * y + (G[5] + G[7]) * z;
                double sz = (G[6] + G[2]) * x + (G[7] + G[5]) * y + 2 * G[8] * z;
                double wGw = 0.5 * (x * sx + y * sy + z * sz);
                double trace = G[0] + G[4] + G[8];
                double k = 2 * (da * (x * vx + y * vy + z * vz) + dc * wGw - (dc * s + c) * trace);
                gs[3 * b] = (float)(a * vx + c * sx + k * x);
                gs[3 * b + 1] = (float)(a * vy + c * sy + k * y);
                gs[3 * b + 2] = (float)(a * vz + c * sz + k * z);
            }
            return [gx];
        });
    }

    /// <summary>A = sin θ/θ, B = (1 − cos θ)/θ² and their derivatives with respect to s = θ².</summary>
    private static (double A, double B, double DA, double DB) RodriguesCoefficients(double s)
    {
        if (s < RodriguesSeriesThreshold)
        {
            // A = Σ (−s)ⁿ/(2n+1)!, B = Σ (−s)ⁿ/(2n+2)!; truncation error < s³/5040.
            double a = 1 - s / 6 * (1 - s / 20 * (1 - s / 42));
            double b = 0.5 - s / 24 * (1 - s / 30 * (1 - s / 56));
            double da = -1.0 / 6 + s / 60 - s * s / 1680;
            double db = -1.0 / 24 + s / 360 - s * s / 13440;
            return (a, b, da, db);
        }
        double t = Math.Sqrt(s);
        double sin = Math.Sin(t), cos = Math.Cos(t);
        double aa = sin / t, bb = (1 - cos) / s;
        return (aa, bb, (t * cos - sin) / (2 * s * t), (0.5 * t * sin - (1 - cos)) / (s * s));
    }

    /// <summary>Cross product along the last axis (size 3); batch axes broadcast.</summary>
    public static Tensor Cross(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank < 1 || b.Rank < 1 || a.Dims[^1] != 3 || b.Dims[^1] != 3)
        {
            throw new ArgumentException($"Cross needs [..., 3] operands, got {ShapeUtil.Format(a.Dims)} and {ShapeUtil.Format(b.Dims)}");
        }
        var dims = ShapeUtil.Broadcast(a.Dims, b.Dims);
        var ae = ExpandedCopy(a, dims);
        var be = ExpandedCopy(b, dims);
        var r = Uninitialized(dims);
        CrossKernel(ae.Span, be.Span, r.Span);
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Cross", [a, b], g =>
        {
            // L = g·(a×b) = a·(b×g) = b·(g×a).
            var gc = g.Contiguous();
            Tensor? ga = null, gb = null;
            if (a.RequiresGrad)
            {
                ga = Uninitialized(dims);
                CrossKernel(be.Span, gc.Span, ga.Span);
                ga = ga.SumToShape(a.Dims);
            }
            if (b.RequiresGrad)
            {
                gb = Uninitialized(dims);
                CrossKernel(gc.Span, ae.Span, gb.Span);
                gb = gb.SumToShape(b.Dims);
            }
            return [ga, gb];
        });
    }

    private static void CrossKernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r)
    {
        for (int i = 0; i + 2 < r.Length; i += 3)
        {
            float ax = a[i], ay = a[i + 1], az = a[i + 2], bx = b[i], by = b[i + 1], bz = b[i + 2];
            r[i] = ay * bz - az * by;
            r[i + 1] = az * bx - ax * bz;
            r[i + 2] = ax * by - ay * bx;
        }
    }

    /// <summary>Euclidean norm along an axis; its gradient at a zero vector is defined as 0.</summary>
    public Tensor Norm(int axis = -1, bool keepDims = false)
    {
        int ax = ShapeUtil.Axis(axis, Rank);
        var (outer, inner) = OuterInner(Dims, ax);
        int len = Dims[ax];
        var x = Contiguous();
        var keptDims = (int[])Dims.Clone();
        keptDims[ax] = 1;
        var r = Uninitialized(keptDims);
        var xs = x.Span;
        var o = r.Span;
        for (int p = 0; p < outer; p++)
        {
            for (int q = 0; q < inner; q++)
            {
                double s = 0;
                for (int k = 0, i = p * len * inner + q; k < len; k++, i += inner)
                {
                    s += (double)xs[i] * xs[i];
                }
                o[p * inner + q] = (float)Math.Sqrt(s);
            }
        }
        var result = keepDims ? r : r.Reshape(Dims.Where((_, i) => i != ax).ToArray());
        if (!AnyRequiresGrad(this))
        {
            return result;
        }
        var inputShape = Dims;
        return Record(result.Detach(), "Norm", [this], g =>
        {
            // d|x|/dx = x/|x| (0 where |x| = 0).
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(inputShape);
            var gs = gx.Span;
            var xv = x.Span;
            var nv = r.Span;
            for (int p = 0; p < outer; p++)
            {
                for (int q = 0; q < inner; q++)
                {
                    float nrm = nv[p * inner + q];
                    float f = nrm > 0 ? gc[p * inner + q] / nrm : 0f;
                    for (int k = 0, i = p * len * inner + q; k < len; k++, i += inner)
                    {
                        gs[i] = f * xv[i];
                    }
                }
            }
            return [gx];
        });
    }

    /// <summary>F.normalize: x / max(|x|, <paramref name="eps"/>) along an axis.</summary>
    public Tensor Normalize(int axis = -1, float eps = 1e-12f)
    {
        int ax = ShapeUtil.Axis(axis, Rank);
        var (outer, inner) = OuterInner(Dims, ax);
        int len = Dims[ax];
        var x = Contiguous();
        var r = Uninitialized(Dims);
        var denominators = Uninitialized([outer * inner]);
        var ds = denominators.Span;
        var xs = x.Span;
        var o = r.Span;
        for (int p = 0; p < outer; p++)
        {
            for (int q = 0; q < inner; q++)
            {
                double s = 0;
                int start = p * len * inner + q;
                for (int k = 0, i = start; k < len; k++, i += inner)
                {
                    s += (double)xs[i] * xs[i];
                }
                float d = Math.Max((float)Math.Sqrt(s), eps);
                ds[p * inner + q] = d;
                for (int k = 0, i = start; k < len; k++, i += inner)
                {
                    o[i] = xs[i] / d;
                }
            }
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "Normalize", [this], g =>
        {
            // y = x/|x|: dx = (g − y·(y·g))/|x|; where |x| < eps the denominator is the constant eps: dx = g/eps.
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(r.Dims);
            var gs = gx.Span;
            var ys = r.Span;
            var dv = denominators.Span;
            for (int p = 0; p < outer; p++)
            {
                for (int q = 0; q < inner; q++)
                {
                    float d = dv[p * inner + q];
                    int start = p * len * inner + q;
                    double dot = 0;
                    if (d > eps)
                    {
                        for (int k = 0, i = start; k < len; k++, i += inner)
                        {
                            dot += (double)ys[i] * gc[i];
                        }
                    }
                    for (int k = 0, i = start; k < len; k++, i += inner)
                    {
                        gs[i] = (float)((gc[i] - ys[i] * dot) / d);
                    }
                }
            }
            return [gx];
        });
    }
}
