namespace Hamr.Tensors.Tests.Pooling;

/// <summary>Naive double-precision pooling and resampling, restating PyTorch's rules loop by loop.</summary>
internal static class PoolReference
{
    /// <summary>PyTorch pooling_output_shape, with the ceil-mode rule that the last window starts inside input + left pad.</summary>
    public static int OutSize(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        double span = input + 2 * pad - dilation * (kernel - 1) - 1;
        int output = (int)(ceilMode ? Math.Ceiling(span / stride) : Math.Floor(span / stride)) + 1;
        if (ceilMode && (output - 1) * stride >= input + pad)
        {
            output--;
        }
        return output;
    }

    public static double[] MaxPool(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
        int dh, int dw, bool ceil)
    {
        int oh = OutSize(h, kh, sh, ph, dh, ceil), ow = OutSize(w, kw, sw, pw, dw, ceil);
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    double best = double.NegativeInfinity;
                    for (int a = 0; a < kh; a++)
                    {
                        for (int b = 0; b < kw; b++)
                        {
                            int r = i * sh - ph + a * dh, c = j * sw - pw + b * dw;
                            if (r >= 0 && r < h && c >= 0 && c < w)
                            {
                                best = Math.Max(best, x[(p * h + r) * w + c]);
                            }
                        }
                    }
                    y[(p * oh + i) * ow + j] = best;
                }
            }
        }
        return y;
    }

    public static double[] AvgPool(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
        bool ceil, bool countIncludePad)
    {
        int oh = OutSize(h, kh, sh, ph, 1, ceil), ow = OutSize(w, kw, sw, pw, 1, ceil);
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    double sum = 0;
                    int padded = 0, valid = 0;
                    for (int a = 0; a < kh; a++)
                    {
                        for (int b = 0; b < kw; b++)
                        {
                            int r = i * sh - ph + a, c = j * sw - pw + b;
                            if (r < h + ph && c < w + pw)
                            {
                                padded++; // inside the zero-padded input (windows never start before −pad)
                            }
                            if (r >= 0 && r < h && c >= 0 && c < w)
                            {
                                valid++;
                                sum += x[(p * h + r) * w + c];
                            }
                        }
                    }
                    y[(p * oh + i) * ow + j] = valid == 0 ? 0 : sum / (countIncludePad ? padded : valid);
                }
            }
        }
        return y;
    }

    public static double[] AdaptiveAvg(double[] x, int planes, int h, int w, int oh, int ow)
    {
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < oh; i++)
            {
                int r0 = i * h / oh, r1 = (int)Math.Ceiling((i + 1) * (double)h / oh);
                for (int j = 0; j < ow; j++)
                {
                    int c0 = j * w / ow, c1 = (int)Math.Ceiling((j + 1) * (double)w / ow);
                    double sum = 0;
                    for (int r = r0; r < r1; r++)
                    {
                        for (int c = c0; c < c1; c++)
                        {
                            sum += x[(p * h + r) * w + c];
                        }
                    }
                    y[(p * oh + i) * ow + j] = sum / ((r1 - r0) * (c1 - c0));
                }
            }
        }
        return y;
    }

    /// <summary>PyTorch legacy 'nearest': src = min(floor(dst · srcPerDst), in − 1).</summary>
    public static double[] Nearest(double[] x, int planes, int h, int w, int oh, int ow, double srcPerDstH, double srcPerDstW)
    {
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < oh; i++)
            {
                int r = Math.Min((int)Math.Floor(i * srcPerDstH), h - 1);
                for (int j = 0; j < ow; j++)
                {
                    int c = Math.Min((int)Math.Floor(j * srcPerDstW), w - 1);
                    y[(p * oh + i) * ow + j] = x[(p * h + r) * w + c];
                }
            }
        }
        return y;
    }

    /// <summary>
    /// PyTorch 'bilinear': align_corners src = dst·(in−1)/(out−1); otherwise src = max((dst+½)·srcPerDst − ½, 0);
    /// taps floor(src) and the next one (clamped to the last pixel).
    /// </summary>
    public static double[] Bilinear(double[] x, int planes, int h, int w, int oh, int ow, bool alignCorners,
        double srcPerDstH, double srcPerDstW)
    {
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < oh; i++)
            {
                var (r0, r1, lr) = Taps(i, h, oh, alignCorners, srcPerDstH);
                for (int j = 0; j < ow; j++)
                {
                    var (c0, c1, lc) = Taps(j, w, ow, alignCorners, srcPerDstW);
                    double At(int r, int c) => x[(p * h + r) * w + c];
                    y[(p * oh + i) * ow + j] = (1 - lr) * ((1 - lc) * At(r0, c0) + lc * At(r0, c1))
                        + lr * ((1 - lc) * At(r1, c0) + lc * At(r1, c1));
                }
            }
        }
        return y;
    }

    private static (int I0, int I1, double Lambda) Taps(int dst, int input, int output, bool alignCorners, double srcPerDst)
    {
        double src = alignCorners
            ? (output > 1 ? dst * (input - 1.0) / (output - 1) : 0)
            : Math.Max((dst + 0.5) * srcPerDst - 0.5, 0);
        int i0 = Math.Min((int)Math.Floor(src), input - 1);
        int i1 = Math.Min(i0 + 1, input - 1);
        return (i0, i1, src - i0);
    }

    /// <summary>Distinct values (a scaled random permutation) so max pooling has no ties and gradcheck is well defined.</summary>
    public static Tensor Distinct(ulong seed, params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var rng = new TensorRandom(seed);
        var values = Enumerable.Range(0, n).Select(i => (i - n / 2) * 0.05f).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return Tensor.FromArray(values, shape).RequireGrad();
    }
}
