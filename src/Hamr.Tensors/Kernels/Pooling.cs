namespace Hamr.Tensors.Kernels;

/// <summary>Window geometry of a 2-D pooling op over planes of [InH, InW] giving [OutH, OutW].</summary>
internal readonly record struct PoolGeometry(
    int InH, int InW, int OutH, int OutW, int KernelH, int KernelW, int StrideH, int StrideW,
    int PadH, int PadW, int DilationH, int DilationW)
{
    public int InPlane => InH * InW;
    public int OutPlane => OutH * OutW;

    /// <summary>Inner-loop steps for <paramref name="planes"/> planes (for the parallel decision).</summary>
    public long Work(int planes) => (long)planes * OutPlane * KernelH * KernelW;
}

/// <summary>
/// Max, average and adaptive-average pooling over contiguous NCHW planes, forward and backward, with PyTorch's
/// window rules. Buffers are passed as array + offset so large calls can be split across cores.
/// </summary>
internal static class Pooling
{
    /// <summary>
    /// PyTorch's pooling_output_shape: floor (or ceil) of the sliding count; in ceil mode the last window must
    /// start inside the input or the left padding, otherwise it is dropped.
    /// </summary>
    public static int OutputSize(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        int span = input + 2 * pad - dilation * (kernel - 1) - 1;
        int numerator = span + (ceilMode ? stride - 1 : 0);
        int output = FloorDiv(numerator, stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + pad)
        {
            output--;
        }
        return output;
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    // ---- max ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Max over each window (padding counts as −∞, NaN wins as in PyTorch); <paramref name="argmax"/>, when given,
    /// receives the in-plane index of the first maximum as a float (exact below 2^24).
    /// </summary>
    public static void MaxForward(float[] x, int xOffset, float[] y, float[]? argmax, int planes, PoolGeometry g)
    {
        if (PlaneParallel.Worth(planes, g.Work(planes)))
        {
            PlaneParallel.For(planes, (p0, p1) => MaxForwardRange(x, xOffset, y, argmax, p0, p1, g));
        }
        else
        {
            MaxForwardRange(x, xOffset, y, argmax, 0, planes, g);
        }
    }

    private static void MaxForwardRange(float[] x, int xOffset, float[] y, float[]? argmax, int p0, int p1, PoolGeometry g)
    {
        for (int p = p0; p < p1; p++)
        {
            var src = x.AsSpan(xOffset + p * g.InPlane, g.InPlane);
            int yo = p * g.OutPlane;
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (hs, he) = DilatedWindow(oh, g.StrideH, g.PadH, g.KernelH, g.DilationH, g.InH);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (ws, we) = DilatedWindow(ow, g.StrideW, g.PadW, g.KernelW, g.DilationW, g.InW);
                    float best = float.NegativeInfinity;
                    int bestIndex = hs * g.InW + ws;
                    for (int h = hs; h < he; h += g.DilationH)
                    {
                        int row = h * g.InW;
                        for (int w = ws; w < we; w += g.DilationW)
                        {
                            float v = src[row + w];
                            if (v > best || float.IsNaN(v))
                            {
                                best = v;
                                bestIndex = row + w;
                            }
                        }
                    }
                    y[yo + oh * g.OutW + ow] = best;
                    if (argmax is not null)
                    {
                        argmax[yo + oh * g.OutW + ow] = bestIndex;
                    }
                }
            }
        }
    }

    /// <summary>First and one-past-last input index of a dilated window, stepped past the left padding.</summary>
    private static (int Start, int End) DilatedWindow(int o, int stride, int pad, int kernel, int dilation, int input)
    {
        int start = o * stride - pad;
        int end = Math.Min(start + (kernel - 1) * dilation + 1, input);
        if (start < 0)
        {
            start += (-start + dilation - 1) / dilation * dilation;
        }
        return (start, end);
    }

    /// <summary>Adds each output gradient to the input element that won its window (<paramref name="gx"/> pre-zeroed).</summary>
    public static void MaxBackward(float[] gy, int gyOffset, float[] argmax, float[] gx, int planes, PoolGeometry g)
    {
        // Windows may overlap, but each plane is written by its own outputs only, so planes split safely.
        if (PlaneParallel.Worth(planes, (long)planes * g.OutPlane * 8))
        {
            PlaneParallel.For(planes, (p0, p1) => MaxBackwardRange(gy, gyOffset, argmax, gx, p0, p1, g));
        }
        else
        {
            MaxBackwardRange(gy, gyOffset, argmax, gx, 0, planes, g);
        }
    }

    private static void MaxBackwardRange(float[] gy, int gyOffset, float[] argmax, float[] gx, int p0, int p1, PoolGeometry g)
    {
        for (int p = p0; p < p1; p++)
        {
            int yo = p * g.OutPlane, xo = p * g.InPlane;
            for (int i = 0; i < g.OutPlane; i++)
            {
                gx[xo + (int)argmax[yo + i]] += gy[gyOffset + yo + i];
            }
        }
    }

    // ---- average ------------------------------------------------------------------------------------------

    /// <summary>
    /// PyTorch's avg_pool2d window: the divisor is the window clipped to the padded input (count_include_pad) or
    /// to the input itself; a window lying wholly in the padding gives 0.
    /// </summary>
    private static (int Start, int End, int PaddedSize) AvgWindow(int o, int stride, int pad, int kernel, int input)
    {
        int start = o * stride - pad;
        int end = Math.Min(start + kernel, input + pad);
        int padded = end - start;
        return (Math.Max(start, 0), Math.Min(end, input), padded);
    }

    public static void AvgForward(float[] x, int xOffset, float[] y, int planes, PoolGeometry g, bool countIncludePad)
    {
        if (PlaneParallel.Worth(planes, g.Work(planes)))
        {
            PlaneParallel.For(planes, (p0, p1) => AvgForwardRange(x, xOffset, y, p0, p1, g, countIncludePad));
        }
        else
        {
            AvgForwardRange(x, xOffset, y, 0, planes, g, countIncludePad);
        }
    }

    private static void AvgForwardRange(float[] x, int xOffset, float[] y, int p0, int p1, PoolGeometry g, bool countIncludePad)
    {
        for (int p = p0; p < p1; p++)
        {
            var src = x.AsSpan(xOffset + p * g.InPlane, g.InPlane);
            int yo = p * g.OutPlane;
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (hs, he, ph) = AvgWindow(oh, g.StrideH, g.PadH, g.KernelH, g.InH);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (ws, we, pw) = AvgWindow(ow, g.StrideW, g.PadW, g.KernelW, g.InW);
                    float sum = 0f;
                    for (int h = hs; h < he; h++)
                    {
                        var row = src.Slice(h * g.InW);
                        for (int w = ws; w < we; w++)
                        {
                            sum += row[w];
                        }
                    }
                    int divisor = countIncludePad ? ph * pw : (he - hs) * (we - ws);
                    y[yo + oh * g.OutW + ow] = hs >= he || ws >= we ? 0f : sum / divisor;
                }
            }
        }
    }

    public static void AvgBackward(float[] gy, int gyOffset, float[] gx, int planes, PoolGeometry g, bool countIncludePad)
    {
        if (PlaneParallel.Worth(planes, g.Work(planes)))
        {
            PlaneParallel.For(planes, (p0, p1) => AvgBackwardRange(gy, gyOffset, gx, p0, p1, g, countIncludePad));
        }
        else
        {
            AvgBackwardRange(gy, gyOffset, gx, 0, planes, g, countIncludePad);
        }
    }

    private static void AvgBackwardRange(float[] gy, int gyOffset, float[] gx, int p0, int p1, PoolGeometry g, bool countIncludePad)
    {
        for (int p = p0; p < p1; p++)
        {
            var dst = gx.AsSpan(p * g.InPlane, g.InPlane);
            int yo = gyOffset + p * g.OutPlane;
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (hs, he, ph) = AvgWindow(oh, g.StrideH, g.PadH, g.KernelH, g.InH);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (ws, we, pw) = AvgWindow(ow, g.StrideW, g.PadW, g.KernelW, g.InW);
                    if (hs >= he || ws >= we)
                    {
                        continue;
                    }
                    int divisor = countIncludePad ? ph * pw : (he - hs) * (we - ws);
                    float share = gy[yo + oh * g.OutW + ow] / divisor;
                    for (int h = hs; h < he; h++)
                    {
                        var row = dst.Slice(h * g.InW);
                        for (int w = ws; w < we; w++)
                        {
                            row[w] += share;
                        }
                    }
                }
            }
        }
    }

    // ---- adaptive average ---------------------------------------------------------------------------------

    /// <summary>PyTorch's adaptive window: [floor(i·in/out), ceil((i+1)·in/out)).</summary>
    private static (int Start, int End) AdaptiveWindow(int i, int input, int output) =>
        ((int)((long)i * input / output), (int)(((long)(i + 1) * input + output - 1) / output));

    public static void AdaptiveAvgForward(float[] x, int xOffset, float[] y, int planes, int inH, int inW, int outH, int outW)
    {
        for (int p = 0; p < planes; p++)
        {
            var src = x.AsSpan(xOffset + p * inH * inW, inH * inW);
            int yo = p * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                var (hs, he) = AdaptiveWindow(oh, inH, outH);
                for (int ow = 0; ow < outW; ow++)
                {
                    var (ws, we) = AdaptiveWindow(ow, inW, outW);
                    float sum = 0f;
                    for (int h = hs; h < he; h++)
                    {
                        var row = src.Slice(h * inW);
                        for (int w = ws; w < we; w++)
                        {
                            sum += row[w];
                        }
                    }
                    y[yo + oh * outW + ow] = sum / ((he - hs) * (we - ws));
                }
            }
        }
    }

    public static void AdaptiveAvgBackward(float[] gy, int gyOffset, float[] gx, int planes, int inH, int inW, int outH, int outW)
    {
        for (int p = 0; p < planes; p++)
        {
            var dst = gx.AsSpan(p * inH * inW, inH * inW);
            int yo = gyOffset + p * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                var (hs, he) = AdaptiveWindow(oh, inH, outH);
                for (int ow = 0; ow < outW; ow++)
                {
                    var (ws, we) = AdaptiveWindow(ow, inW, outW);
                    float share = gy[yo + oh * outW + ow] / ((he - hs) * (we - ws));
                    for (int h = hs; h < he; h++)
                    {
                        var row = dst.Slice(h * inW);
                        for (int w = ws; w < we; w++)
                        {
                            row[w] += share;
                        }
                    }
                }
            }
        }
    }
}
