using System.Buffers;
using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Nearest and bilinear resampling of contiguous planes [inH, inW] → [outH, outW] with PyTorch's index rules,
/// forward and backward (the backward scatters each output gradient with the forward's weights). Index and weight
/// tables are computed in float like PyTorch's CPU kernels and rented, so steady-state calls allocate nothing.
/// </summary>
internal static class Upsampling
{
    /// <summary>
    /// PyTorch's compute_scales_value: source pixels per output pixel, 1/scaleFactor when a factor was given
    /// (<paramref name="scaleFactor"/> &gt; 0), otherwise in/out.
    /// </summary>
    private static float SourceScale(int input, int output, double scaleFactor) =>
        scaleFactor > 0 ? (float)(1.0 / scaleFactor) : (float)input / output;

    /// <summary>PyTorch's legacy 'nearest' index: min(floor(dst·scale), in − 1), with exact shortcuts for ×1 and ×2.</summary>
    private static void NearestTable(Span<int> table, int input, int output, double scaleFactor)
    {
        float scale = SourceScale(input, output, scaleFactor);
        for (int i = 0; i < output; i++)
        {
            table[i] = output == input ? i
                : output == 2 * input ? i >> 1
                : Math.Min((int)MathF.Floor(i * scale), input - 1);
        }
    }

    /// <summary>
    /// PyTorch's linear interpolation taps for one axis. align_corners: src = dst·(in−1)/(out−1); otherwise
    /// src = max((dst + ½)·scale − ½, 0) — negative source coordinates clamp to 0.
    /// </summary>
    private static void LinearTable(Span<int> i0, Span<int> i1, Span<float> l0, Span<float> l1, int input, int output,
        bool alignCorners, double scaleFactor)
    {
        float scale = alignCorners
            ? (output > 1 ? (float)(input - 1) / (output - 1) : 0f)
            : SourceScale(input, output, scaleFactor);
        for (int i = 0; i < output; i++)
        {
            float real = alignCorners ? scale * i : Math.Max(scale * (i + 0.5f) - 0.5f, 0f);
            int index = Math.Min((int)real, input - 1);
            float lambda = Math.Clamp(real - index, 0f, 1f);
            i0[i] = index;
            i1[i] = index + (index < input - 1 ? 1 : 0);
            l0[i] = 1f - lambda;
            l1[i] = lambda;
        }
    }

    // ---- nearest ------------------------------------------------------------------------------------------

    public static void Nearest(float[] x, int xOffset, float[] y, int yOffset, int planes, int inH, int inW, int outH, int outW,
        double scaleH, double scaleW, bool backward)
    {
        var table = ArrayPool<int>.Shared.Rent(outH + outW);
        try
        {
            NearestTable(table.AsSpan(0, outH), inH, outH, scaleH);
            NearestTable(table.AsSpan(outH, outW), inW, outW, scaleW);
            long work = (long)planes * outH * outW;
            if (PlaneParallel.Worth(planes, work))
            {
                PlaneParallel.For(planes, (p0, p1) => NearestRange(x, xOffset, y, yOffset, p0, p1, inH, inW, outH, outW, table, backward));
            }
            else
            {
                NearestRange(x, xOffset, y, yOffset, 0, planes, inH, inW, outH, outW, table, backward);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(table);
        }
    }

    /// <summary>Forward: y[oh, ow] = x[src(oh), src(ow)]. Backward (x is the input gradient): x[src] += y.</summary>
    private static void NearestRange(float[] x, int xOffset, float[] y, int yOffset, int p0, int p1,
        int inH, int inW, int outH, int outW, int[] table, bool backward)
    {
        var srcH = table.AsSpan(0, outH);
        var srcW = table.AsSpan(outH, outW);
        for (int p = p0; p < p1; p++)
        {
            var plane = x.AsSpan(xOffset + p * inH * inW, inH * inW);
            var outPlane = y.AsSpan(yOffset + p * outH * outW, outH * outW);
            for (int oh = 0; oh < outH; oh++)
            {
                var row = plane.Slice(srcH[oh] * inW, inW);
                var outRow = outPlane.Slice(oh * outW, outW);
                if (backward)
                {
                    for (int ow = 0; ow < outW; ow++)
                    {
                        row[srcW[ow]] += outRow[ow];
                    }
                }
                else
                {
                    for (int ow = 0; ow < outW; ow++)
                    {
                        outRow[ow] = row[srcW[ow]];
                    }
                }
            }
        }
    }

    // ---- bilinear -----------------------------------------------------------------------------------------

    public static void Bilinear(float[] x, int xOffset, float[] y, int yOffset, int planes, int inH, int inW, int outH, int outW,
        bool alignCorners, double scaleH, double scaleW, bool backward)
    {
        int n = outH + outW;
        var index = ArrayPool<int>.Shared.Rent(2 * n);
        var weight = ArrayPool<float>.Shared.Rent(2 * n);
        try
        {
            // Layout: [i0 (outH), i0 (outW), i1 (outH), i1 (outW)] and the same for l0, l1.
            LinearTable(index.AsSpan(0, outH), index.AsSpan(n, outH), weight.AsSpan(0, outH), weight.AsSpan(n, outH),
                inH, outH, alignCorners, scaleH);
            LinearTable(index.AsSpan(outH, outW), index.AsSpan(n + outH, outW), weight.AsSpan(outH, outW),
                weight.AsSpan(n + outH, outW), inW, outW, alignCorners, scaleW);
            long work = (long)planes * outH * outW * 4;
            if (PlaneParallel.Worth(planes, work))
            {
                PlaneParallel.For(planes, (p0, p1) =>
                    BilinearRange(x, xOffset, y, yOffset, p0, p1, inH, inW, outH, outW, index, weight, backward));
            }
            else
            {
                BilinearRange(x, xOffset, y, yOffset, 0, planes, inH, inW, outH, outW, index, weight, backward);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(index);
            ArrayPool<float>.Shared.Return(weight);
        }
    }

    /// <summary>
    /// Separable: forward blends the two source rows into a scratch row (vectorised over W), then gathers two taps
    /// per output. Backward (x is the input gradient, pre-zeroed) scatters each output gradient into a scratch row
    /// with the W weights, then adds that row to the two source rows with the H weights — the exact transpose.
    /// </summary>
    private static void BilinearRange(float[] x, int xOffset, float[] y, int yOffset, int p0, int p1,
        int inH, int inW, int outH, int outW, int[] index, float[] weight, bool backward)
    {
        int n = outH + outW;
        var scratch = ArrayPool<float>.Shared.Rent(inW);
        try
        {
            var row = scratch.AsSpan(0, inW);
            var h0 = index.AsSpan(0, outH);
            var w0 = index.AsSpan(outH, outW);
            var h1 = index.AsSpan(n, outH);
            var w1 = index.AsSpan(n + outH, outW);
            var lh0 = weight.AsSpan(0, outH);
            var lw0 = weight.AsSpan(outH, outW);
            var lh1 = weight.AsSpan(n, outH);
            var lw1 = weight.AsSpan(n + outH, outW);
            for (int p = p0; p < p1; p++)
            {
                var plane = x.AsSpan(xOffset + p * inH * inW, inH * inW);
                var outPlane = y.AsSpan(yOffset + p * outH * outW, outH * outW);
                for (int oh = 0; oh < outH; oh++)
                {
                    var top = plane.Slice(h0[oh] * inW, inW);
                    var bottom = plane.Slice(h1[oh] * inW, inW);
                    var outRow = outPlane.Slice(oh * outW, outW);
                    if (backward)
                    {
                        row.Clear();
                        for (int ow = 0; ow < outW; ow++)
                        {
                            float g = outRow[ow];
                            row[w0[ow]] += lw0[ow] * g;
                            row[w1[ow]] += lw1[ow] * g;
                        }
                        TensorPrimitives.MultiplyAdd(row, lh0[oh], top, top);
                        TensorPrimitives.MultiplyAdd(row, lh1[oh], bottom, bottom);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(top, lh0[oh], row);
                        TensorPrimitives.MultiplyAdd(bottom, lh1[oh], row, row);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            outRow[ow] = lw0[ow] * row[w0[ow]] + lw1[ow] * row[w1[ow]];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
