namespace Hamr.Tensors.Tests.Conv;

/// <summary>Geometry of one test convolution (conv direction: x [N, C, H, W] → y [N, O, OutH, OutW]).</summary>
public sealed record ConvCase(int N, int C, int H, int W, int O, int KH, int KW, int SH = 1, int SW = 1, int PH = 0,
    int PW = 0, int DH = 1, int DW = 1, int Groups = 1)
{
    public int OutH => (H + 2 * PH - DH * (KH - 1) - 1) / SH + 1;
    public int OutW => (W + 2 * PW - DW * (KW - 1) - 1) / SW + 1;
    public int[] XShape => [N, C, H, W];
    public int[] WShape => [O, C / Groups, KH, KW];
    public int[] YShape => [N, O, OutH, OutW];

    public Tensor Conv(Tensor x, Tensor w, Tensor? b) => Tensor.Conv2d(x, w, b, SH, SW, PH, PW, DH, DW, Groups);
}

/// <summary>Naive double-precision loops defining conv2d and conv-transpose2d (the tests' ground truth).</summary>
public static class ConvReference
{
    /// <summary>
    /// Visits every (output element, input element, weight element) triple of a conv: the one definition
    /// that forward, backward and transpose references below are written from.
    /// </summary>
    private static void ForEachTap(ConvCase k, Action<int, int, int> visit)
    {
        int cg = k.C / k.Groups, og = k.O / k.Groups;
        for (int n = 0; n < k.N; n++)
        {
            for (int o = 0; o < k.O; o++)
            {
                int g = o / og;
                for (int oy = 0; oy < k.OutH; oy++)
                {
                    for (int ox = 0; ox < k.OutW; ox++)
                    {
                        int yi = ((n * k.O + o) * k.OutH + oy) * k.OutW + ox;
                        for (int ci = 0; ci < cg; ci++)
                        {
                            int c = g * cg + ci;
                            for (int ky = 0; ky < k.KH; ky++)
                            {
                                int iy = oy * k.SH - k.PH + ky * k.DH;
                                if (iy < 0 || iy >= k.H)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < k.KW; kx++)
                                {
                                    int ix = ox * k.SW - k.PW + kx * k.DW;
                                    if (ix < 0 || ix >= k.W)
                                    {
                                        continue;
                                    }
                                    visit(yi, ((n * k.C + c) * k.H + iy) * k.W + ix, ((o * cg + ci) * k.KH + ky) * k.KW + kx);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>y = conv(x, w) + b.</summary>
    public static double[] Conv(ConvCase k, double[] x, double[] w, double[]? b)
    {
        var y = new double[k.N * k.O * k.OutH * k.OutW];
        if (b is not null)
        {
            int plane = k.OutH * k.OutW;
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = b[i / plane % k.O];
            }
        }
        ForEachTap(k, (yi, xi, wi) => y[yi] += x[xi] * w[wi]);
        return y;
    }

    /// <summary>Gradients of Σ y·gy with respect to x, w and b.</summary>
    public static (double[] Gx, double[] Gw, double[] Gb) ConvBackward(ConvCase k, double[] x, double[] w, double[] gy)
    {
        var gx = new double[x.Length];
        var gw = new double[w.Length];
        var gb = new double[k.O];
        int plane = k.OutH * k.OutW;
        for (int i = 0; i < gy.Length; i++)
        {
            gb[i / plane % k.O] += gy[i];
        }
        ForEachTap(k, (yi, xi, wi) =>
        {
            gx[xi] += w[wi] * gy[yi];
            gw[wi] += x[xi] * gy[yi];
        });
        return (gx, gw, gb);
    }

    /// <summary>
    /// Conv-transpose of u (shaped like the conv's output) with weight w (the conv's weight, which is the
    /// PyTorch conv-transpose layout [C, O/groups, kh, kw] when seen from the transpose side): the output is
    /// shaped like the conv's input. Written as the scatter that defines it, independently of the conv code.
    /// </summary>
    public static double[] ConvTranspose(ConvCase k, double[] u, double[] w, double[]? b)
    {
        var r = new double[k.N * k.C * k.H * k.W];
        if (b is not null)
        {
            int plane = k.H * k.W;
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = b[i / plane % k.C];
            }
        }
        ForEachTap(k, (yi, xi, wi) => r[xi] += u[yi] * w[wi]);
        return r;
    }
}
