using System.Runtime.CompilerServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Implicit-GEMM B panels for the downsampling conv (3 taps across, stride 2, padding 1, W = 2·Wo, Wo a multiple
/// of Nr): each Nr-column panel is a run of one output row, so its three kx rows for a (c, ky) come from one
/// input row split into even and odd columns, packed straight from the image. No patch matrix is written and
/// read back. Columns are image × output pixel from <c>img0</c>; k rows at and past PatchRows are ones (bias).
/// </summary>
internal readonly unsafe struct ConvStride2Panels(ConvShape s, float* x, int img0, int colOffset) : IGemmPanelSource
{
    public static bool Applies(in ConvShape s) =>
        ConvIm2Col.IsStride2Kernel3(s.Window, s.W, s.OutW) && s.OutW % GemmConfig.Best.Nr == 0 && s.Groups == 1;

    /// <summary>
    /// Prefetches the input rows that the panel starting at column <paramref name="col"/> reads for k rows [p0, p1):
    /// called for the next panel while this one is packed, since the input is a layer output in memory (the second
    /// layer's forward 2.0 → 1.9 ms a step, the first's 0.85 → 0.8).
    /// </summary>
    private void PrefetchPanel(int col, int p0, int p1, int nr)
    {
        int plane = s.OutPlane, img = col / plane, pix = col - img * plane;
        if (img0 + img >= s.N)
        {
            return;
        }
        int oy = pix / s.OutW, ox0 = pix - oy * s.OutW;
        var w = s.Window;
        float* image = x + (nint)(img0 + img) * s.C * s.InPlane + 2 * ox0;
        int t = p0 / 3, tEnd = (Math.Min(p1, s.PatchRows) + 2) / 3, c = t / w.KernelH, ky = t - c * w.KernelH;
        for (; t < tEnd; t++)
        {
            int iy = oy * w.StrideH + ky * w.DilationH - w.PadH;
            if ((uint)iy < (uint)s.H)
            {
                ConvIm2Col.Prefetch(image + ((nint)c * s.H + iy) * s.W, 2 * nr);
            }
            if (++ky == w.KernelH)
            {
                ky = 0;
                c++;
            }
        }
    }

    [SkipLocalsInit]
    public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst)
    {
        var w = s.Window;
        int plane = s.OutPlane, kp = s.PatchRows, p1 = p0 + kcb;
        float* triple = stackalloc float[3 * nr];
        for (int q = 0; q < panels; q++)
        {
            int col = colOffset + j + q * nr, img = col / plane, pix = col - img * plane;
            int oy = pix / s.OutW, ox0 = pix - oy * s.OutW;
            float* image = x + (nint)(img0 + img) * s.C * s.InPlane;
            float* d = dst + (nint)q * kcb * nr;
            PrefetchPanel(col + nr, p0, p1, nr);
            // (c, ky) triples of k rows that overlap [p0, p1).
            for (int t = p0 / 3; t * 3 < Math.Min(p1, kp); t++)
            {
                int c = t / w.KernelH, ky = t - c * w.KernelH, r = t * 3;
                bool whole = r >= p0 && r + 3 <= p1;
                float* o = whole ? d + (nint)(r - p0) * nr : triple;
                int iy = oy * w.StrideH + ky * w.DilationH - w.PadH;
                if ((uint)iy >= (uint)s.H)
                {
                    new Span<float>(o, 3 * nr).Clear();
                }
                else
                {
                    float* src = image + ((nint)c * s.H + iy) * s.W + 2 * ox0;
                    ConvIm2Col.SplitRow(src, s.W - 2 * ox0, nr, o, o + nr, o + 2 * nr);
                    if (ox0 > 0)
                    {
                        o[0] = src[-1];
                    }
                }
                if (!whole)
                {
                    for (int k = Math.Max(r, p0); k < Math.Min(r + 3, p1); k++)
                    {
                        new ReadOnlySpan<float>(triple + (nint)(k - r) * nr, nr).CopyTo(new Span<float>(d + (nint)(k - p0) * nr, nr));
                    }
                }
            }
            for (int k = Math.Max(kp, p0); k < p1; k++)
            {
                new Span<float>(d + (nint)(k - p0) * nr, nr).Fill(1f);
            }
        }
    }
}
