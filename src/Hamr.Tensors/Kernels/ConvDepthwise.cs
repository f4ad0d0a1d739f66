using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Direct depthwise convolution (groups == C, one input channel per group, O = C·multiplier): each output
/// plane is a sum of shifted, scaled input rows, so no patch matrix is built. Rows with stride 1 run as SIMD
/// multiply-adds and dot products; other strides gather element by element.
/// </summary>
internal static class ConvDepthwise
{
    /// <summary>Output planes [start, end) of y (plane index = image·O + o).</summary>
    public static void Forward(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, int start, int end)
    {
        var w = s.Window;
        int mult = s.O / s.C, p = s.OutPlane;
        for (int plane = start; plane < end; plane++)
        {
            int img = plane / s.O, o = plane % s.O, c = o / mult;
            var xp = x.Slice((img * s.C + c) * s.InPlane, s.InPlane);
            var yp = y.Slice(plane * p, p);
            yp.Fill(bias.IsEmpty ? 0f : bias[o]);
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int offY = ky * w.DilationH - w.PadH;
                var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, s.H, s.OutH);
                for (int kx = 0; kx < w.KernelW; kx++)
                {
                    float wv = weight[o * w.Taps + ky * w.KernelW + kx];
                    int offX = kx * w.DilationW - w.PadW;
                    var (lo, hi) = ConvWindow.ValidRange(offX, w.StrideW, s.W, s.OutW);
                    if (lo == hi)
                    {
                        continue;
                    }
                    for (int oy = yLo; oy < yHi; oy++)
                    {
                        var yr = yp.Slice(oy * s.OutW + lo, hi - lo);
                        int xStart = (oy * w.StrideH + offY) * s.W + lo * w.StrideW + offX;
                        if (w.StrideW == 1)
                        {
                            TensorPrimitives.MultiplyAdd(xp.Slice(xStart, hi - lo), wv, yr, yr);
                        }
                        else
                        {
                            for (int i = 0; i < yr.Length; i++)
                            {
                                yr[i] += wv * xp[xStart + i * w.StrideW];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Input-gradient planes [start, end) of gx (plane index = image·C + c), overwritten.</summary>
    public static void BackwardInput(in ConvShape s, ReadOnlySpan<float> weight, ReadOnlySpan<float> gy,
        Span<float> gx, int start, int end)
    {
        var w = s.Window;
        int mult = s.O / s.C, p = s.OutPlane;
        for (int plane = start; plane < end; plane++)
        {
            int img = plane / s.C, c = plane % s.C;
            var gxp = gx.Slice(plane * s.InPlane, s.InPlane);
            gxp.Clear();
            for (int m = 0; m < mult; m++)
            {
                int o = c * mult + m;
                var gyp = gy.Slice((img * s.O + o) * p, p);
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    int offY = ky * w.DilationH - w.PadH;
                    var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, s.H, s.OutH);
                    for (int kx = 0; kx < w.KernelW; kx++)
                    {
                        float wv = weight[o * w.Taps + ky * w.KernelW + kx];
                        int offX = kx * w.DilationW - w.PadW;
                        var (lo, hi) = ConvWindow.ValidRange(offX, w.StrideW, s.W, s.OutW);
                        if (lo == hi)
                        {
                            continue;
                        }
                        for (int oy = yLo; oy < yHi; oy++)
                        {
                            var gr = gyp.Slice(oy * s.OutW + lo, hi - lo);
                            int xStart = (oy * w.StrideH + offY) * s.W + lo * w.StrideW + offX;
                            if (w.StrideW == 1)
                            {
                                var d = gxp.Slice(xStart, hi - lo);
                                TensorPrimitives.MultiplyAdd(gr, wv, d, d);
                            }
                            else
                            {
                                for (int i = 0; i < gr.Length; i++)
                                {
                                    gxp[xStart + i * w.StrideW] += wv * gr[i];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Weight gradient rows [start, end) of gw [O, kh·kw] and gb [O] (when not empty), overwritten.</summary>
    public static void BackwardWeight(in ConvShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> gy,
        Span<float> gw, Span<float> gb, int start, int end)
    {
        var w = s.Window;
        int mult = s.O / s.C, p = s.OutPlane;
        for (int o = start; o < end; o++)
        {
            int c = o / mult;
            var gwo = gw.Slice(o * w.Taps, w.Taps);
            gwo.Clear();
            float biasSum = 0f;
            for (int img = 0; img < s.N; img++)
            {
                var xp = x.Slice((img * s.C + c) * s.InPlane, s.InPlane);
                var gyp = gy.Slice((img * s.O + o) * p, p);
                if (!gb.IsEmpty)
                {
                    biasSum += TensorPrimitives.Sum(gyp);
                }
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    int offY = ky * w.DilationH - w.PadH;
                    var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, s.H, s.OutH);
                    for (int kx = 0; kx < w.KernelW; kx++)
                    {
                        int offX = kx * w.DilationW - w.PadW;
                        var (lo, hi) = ConvWindow.ValidRange(offX, w.StrideW, s.W, s.OutW);
                        if (lo == hi)
                        {
                            continue;
                        }
                        float acc = 0f;
                        for (int oy = yLo; oy < yHi; oy++)
                        {
                            var gr = gyp.Slice(oy * s.OutW + lo, hi - lo);
                            int xStart = (oy * w.StrideH + offY) * s.W + lo * w.StrideW + offX;
                            if (w.StrideW == 1)
                            {
                                acc += TensorPrimitives.Dot(gr, xp.Slice(xStart, hi - lo));
                            }
                            else
                            {
                                for (int i = 0; i < gr.Length; i++)
                                {
                                    acc += gr[i] * xp[xStart + i * w.StrideW];
                                }
                            }
                        }
                        gwo[ky * w.KernelW + kx] += acc;
                    }
                }
            }
            if (!gb.IsEmpty)
            {
                gb[o] = biasSum;
            }
        }
    }
}
