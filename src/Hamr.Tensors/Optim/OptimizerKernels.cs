using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Optim;

/// <summary>
/// Fused, allocation-free parameter updates over spans (Vector512, Vector256, then a scalar tail). Every width
/// performs the same float operations in the same order as the scalar form, which mirrors PyTorch's CPU kernels
/// (add with alpha, lerp, addcmul, addcdiv), so results do not depend on the vector width.
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>Scalars of one SGD update (see torch.optim.SGD).</summary>
    internal readonly record struct SgdScalars(float NegLr, float WeightDecay, float Momentum, float OneMinusDampening, bool Nesterov, bool First);

    /// <summary>
    /// d = g + wd·p; with momentum: buf = first ? d : momentum·buf + (1 − dampening)·d, d = nesterov ? d + momentum·buf : buf;
    /// p = p − lr·d. <paramref name="buffer"/> is empty when momentum is zero.
    /// </summary>
    internal static void Sgd(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> buffer, in SgdScalars s)
    {
        bool momentum = s.Momentum != 0f;
        ref float p = ref MemoryMarshal.GetReference(parameter);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        ref float b = ref momentum ? ref MemoryMarshal.GetReference(buffer) : ref p;
        nuint n = (nuint)parameter.Length, i = 0;
        bool decay = s.WeightDecay != 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            var lr = Vector512.Create(s.NegLr);
            var wd = Vector512.Create(s.WeightDecay);
            var mu = Vector512.Create(s.Momentum);
            var damp = Vector512.Create(s.OneMinusDampening);
            for (; i + 16 <= n; i += 16)
            {
                var pv = Vector512.LoadUnsafe(ref p, i);
                var d = Vector512.LoadUnsafe(ref g, i);
                if (decay)
                {
                    d += wd * pv;
                }
                if (momentum)
                {
                    var bv = s.First ? d : Vector512.LoadUnsafe(ref b, i) * mu + damp * d;
                    bv.StoreUnsafe(ref b, i);
                    d = s.Nesterov ? d + mu * bv : bv;
                }
                (pv + lr * d).StoreUnsafe(ref p, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var lr = Vector256.Create(s.NegLr);
            var wd = Vector256.Create(s.WeightDecay);
            var mu = Vector256.Create(s.Momentum);
            var damp = Vector256.Create(s.OneMinusDampening);
            for (; i + 8 <= n; i += 8)
            {
                var pv = Vector256.LoadUnsafe(ref p, i);
                var d = Vector256.LoadUnsafe(ref g, i);
                if (decay)
                {
                    d += wd * pv;
                }
                if (momentum)
                {
                    var bv = s.First ? d : Vector256.LoadUnsafe(ref b, i) * mu + damp * d;
                    bv.StoreUnsafe(ref b, i);
                    d = s.Nesterov ? d + mu * bv : bv;
                }
                (pv + lr * d).StoreUnsafe(ref p, i);
            }
        }
        for (; i < n; i++)
        {
            float pv = Unsafe.Add(ref p, i);
            float d = Unsafe.Add(ref g, i);
            if (decay)
            {
                d += s.WeightDecay * pv;
            }
            if (momentum)
            {
                float bv = s.First ? d : Unsafe.Add(ref b, i) * s.Momentum + s.OneMinusDampening * d;
                Unsafe.Add(ref b, i) = bv;
                d = s.Nesterov ? d + s.Momentum * bv : bv;
            }
            Unsafe.Add(ref p, i) = pv + s.NegLr * d;
        }
    }

    /// <summary>Scalars of one Adam/AdamW update (see torch.optim.Adam / AdamW).</summary>
    /// <param name="ParamScale">1 − lr·wd for AdamW's decoupled decay, 1 otherwise.</param>
    /// <param name="L2">Adam's weight decay added to the gradient (0 for AdamW).</param>
    /// <param name="Lerp1">1 − β1, the weight of torch.lerp for the first moment.</param>
    /// <param name="NegStepSize">−lr / (1 − β1^t).</param>
    /// <param name="Bc2Sqrt">sqrt(1 − β2^t).</param>
    internal readonly record struct AdamScalars(
        float ParamScale, float L2, float Lerp1, float Beta2, float OneMinusBeta2, float Bc2Sqrt, float Eps, float NegStepSize);

    /// <summary>
    /// p *= scale; g' = g + l2·p; m = lerp(m, g', 1 − β1); v = β2·v + (1 − β2)·g'·g'; (amsgrad: vmax = max(vmax, v));
    /// p += (−stepSize·m) / (sqrt(v or vmax) / bc2Sqrt + eps). <paramref name="maxV"/> is empty without amsgrad.
    /// </summary>
    internal static void Adam(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, Span<float> maxV, in AdamScalars s)
    {
        bool ams = !maxV.IsEmpty;
        bool scale = s.ParamScale != 1f;
        bool l2 = s.L2 != 0f;
        // torch.lerp(self, end, w) is self + w·(end − self) for w < 0.5, else end − (end − self)·(1 − w).
        bool lerpLow = s.Lerp1 < 0.5f;
        float lerpW = lerpLow ? s.Lerp1 : 1f - s.Lerp1;
        ref float p = ref MemoryMarshal.GetReference(parameter);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float xr = ref ams ? ref MemoryMarshal.GetReference(maxV) : ref vr;
        nuint n = (nuint)parameter.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var ps = Vector512.Create(s.ParamScale);
            var wd = Vector512.Create(s.L2);
            var lw = Vector512.Create(lerpW);
            var b2 = Vector512.Create(s.Beta2);
            var c2 = Vector512.Create(s.OneMinusBeta2);
            var bc = Vector512.Create(s.Bc2Sqrt);
            var eps = Vector512.Create(s.Eps);
            var step = Vector512.Create(s.NegStepSize);
            for (; i + 16 <= n; i += 16)
            {
                var pv = Vector512.LoadUnsafe(ref p, i);
                var gv = Vector512.LoadUnsafe(ref g, i);
                var mv = Vector512.LoadUnsafe(ref mr, i);
                if (scale)
                {
                    pv *= ps;
                }
                if (l2)
                {
                    gv += wd * pv;
                }
                mv = lerpLow ? mv + lw * (gv - mv) : gv - (gv - mv) * lw;
                var vv = Vector512.LoadUnsafe(ref vr, i) * b2 + c2 * gv * gv;
                mv.StoreUnsafe(ref mr, i);
                vv.StoreUnsafe(ref vr, i);
                if (ams)
                {
                    vv = Vector512.Max(Vector512.LoadUnsafe(ref xr, i), vv);
                    vv.StoreUnsafe(ref xr, i);
                }
                var denom = Vector512.Sqrt(vv) / bc + eps;
                (pv + step * mv / denom).StoreUnsafe(ref p, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var ps = Vector256.Create(s.ParamScale);
            var wd = Vector256.Create(s.L2);
            var lw = Vector256.Create(lerpW);
            var b2 = Vector256.Create(s.Beta2);
            var c2 = Vector256.Create(s.OneMinusBeta2);
            var bc = Vector256.Create(s.Bc2Sqrt);
            var eps = Vector256.Create(s.Eps);
            var step = Vector256.Create(s.NegStepSize);
            for (; i + 8 <= n; i += 8)
            {
                var pv = Vector256.LoadUnsafe(ref p, i);
                var gv = Vector256.LoadUnsafe(ref g, i);
                var mv = Vector256.LoadUnsafe(ref mr, i);
                if (scale)
                {
                    pv *= ps;
                }
                if (l2)
                {
                    gv += wd * pv;
                }
                mv = lerpLow ? mv + lw * (gv - mv) : gv - (gv - mv) * lw;
                var vv = Vector256.LoadUnsafe(ref vr, i) * b2 + c2 * gv * gv;
                mv.StoreUnsafe(ref mr, i);
                vv.StoreUnsafe(ref vr, i);
                if (ams)
                {
                    vv = Vector256.Max(Vector256.LoadUnsafe(ref xr, i), vv);
                    vv.StoreUnsafe(ref xr, i);
                }
                var denom = Vector256.Sqrt(vv) / bc + eps;
                (pv + step * mv / denom).StoreUnsafe(ref p, i);
            }
        }
        for (; i < n; i++)
        {
            float pv = Unsafe.Add(ref p, i);
            float gv = Unsafe.Add(ref g, i);
            float mv = Unsafe.Add(ref mr, i);
            if (scale)
            {
                pv *= s.ParamScale;
            }
            if (l2)
            {
                gv += s.L2 * pv;
            }
            mv = lerpLow ? mv + lerpW * (gv - mv) : gv - (gv - mv) * lerpW;
            float vv = Unsafe.Add(ref vr, i) * s.Beta2 + s.OneMinusBeta2 * gv * gv;
            Unsafe.Add(ref mr, i) = mv;
            Unsafe.Add(ref vr, i) = vv;
            if (ams)
            {
                vv = MathF.Max(Unsafe.Add(ref xr, i), vv);
                Unsafe.Add(ref xr, i) = vv;
            }
            float denom = MathF.Sqrt(vv) / s.Bc2Sqrt + s.Eps;
            Unsafe.Add(ref p, i) = pv + s.NegStepSize * mv / denom;
        }
    }
}
