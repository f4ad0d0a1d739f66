using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Convolution as one GEMM over the whole batch (columns = image × output pixel), with the patch matrix never
/// built: the GEMM's B panels are packed straight from the input images (implicit GEMM). The weights are packed
/// once per call instead of once per image, and small layers (8×8, 16×16 outputs) get long GEMM rows.
///     forward       Y[O, N·P]  = [W | b] · [col; 1]           (bias as one more k row of ones)
///     weight grad   dW[O, Kp]  = dYᵀ[O, N·P] · colᵀ            (one long-K GEMM, no partial sums)
///     input grad    dcol       = Wᵀ · dY, by groups of images, then col2im
/// Applies to ungrouped, non-pointwise convs whose output plane is a whole number of GEMM column panels, so a
/// panel never straddles two images. Results depend only on the shapes, never on the thread count.
/// </summary>
internal static unsafe class ConvImplicitGemm
{
    [ThreadStatic] private static float[]? t_transposed;

    public static bool Applies(in ConvShape s) =>
        s.Groups == 1 && !s.IsPointwise && s.OutPlane % GemmConfig.Best.Nr == 0 && (long)s.N * s.OutPlane < int.MaxValue;

    /// <summary>y = conv(x, w) + b; <paramref name="wb"/>: scratch of O·(Kp + 1) floats when there is a bias.</summary>
    public static void Forward(in ConvShape s, float* x, float* w, float* bias, float* y, float* wb)
    {
        int kp = s.PatchRows, p = s.OutPlane, n = s.N * p, k = kp;
        float* a = w;
        if (bias != null)
        {
            for (int o = 0; o < s.O; o++)
            {
                new ReadOnlySpan<float>(w + (nint)o * kp, kp).CopyTo(new Span<float>(wb + (nint)o * (kp + 1), kp));
                wb[(nint)o * (kp + 1) + kp] = bias[o];
            }
            a = wb;
            k = kp + 1;
        }
        var cfg = GemmConfig.Best;
        int degree = GemmDriver.Degree(true, s.O, n, k);
        float* packA = GemmDriver.PackA(cfg, degree, false, s.O, k, a, k);
        GemmDriver.Compute(cfg, degree, s.O, n, k, 1f, packA, new ForwardPanels(new Patches(s, x), kp), 0f, y, p, p,
            (nint)s.O * p);
    }

    /// <summary>
    /// gw = dW (when not null) and gb = the bias gradient (when not null).
    /// <paramref name="gyT"/>: scratch of O·N·P floats (dY with the batch moved next to the pixels).
    /// </summary>
    public static void BackwardWeight(in ConvShape s, float* x, float* gy, float* gw, float* gb, float* gyT)
    {
        int p = s.OutPlane, np = s.N * p, kp = s.PatchRows;
        var body = new TransposeBatch { S = s, Gy = gy, GyT = gyT, Gb = gb };
        ParallelFor.Run(Math.Min(s.O, 4 * ParallelFor.MaxDegree), body);
        if (gw == null)
        {
            return;
        }
        var cfg = GemmConfig.Best;
        int degree = GemmDriver.Degree(true, s.O, kp, np);
        float* packA = GemmDriver.PackA(cfg, degree, false, s.O, np, gyT, np);
        GemmDriver.Compute(cfg, degree, s.O, kp, np, 1f, packA, new WeightGradPanels(new Patches(s, x), kp), 0f, gw,
            kp, kp, 0);
    }

    /// <summary>Images per input-gradient GEMM: their patch-matrix gradient (~1 MB) stays in cache for col2im.</summary>
    public static int GroupImages(in ConvShape s) => Math.Clamp((1 << 18) / (s.PatchRows * s.OutPlane), 1, s.N);

    /// <summary>gx = the input gradient; <paramref name="gradCol"/>: scratch of GroupImages·Kp·P floats.</summary>
    public static void BackwardInput(in ConvShape s, float* w, float* gy, float* gx, float* gradCol)
    {
        int kp = s.PatchRows, p = s.OutPlane, group = GroupImages(s);
        var cfg = GemmConfig.Best;
        int degree = GemmDriver.Degree(true, kp, group * p, s.O);
        float* packA = GemmDriver.PackA(cfg, degree, true, kp, s.O, w, kp);
        for (int img0 = 0; img0 < s.N; img0 += group)
        {
            int count = Math.Min(group, s.N - img0);
            GemmDriver.Compute(cfg, degree, kp, count * p, s.O, 1f, packA,
                new OutputGradPanels(gy + (nint)img0 * s.O * p, s.O, p), 0f, gradCol, p, p, (nint)kp * p);
            int channelChunks = Math.Max(1, Math.Min(s.C, 4 * ParallelFor.MaxDegree / count));
            var scatter = new Col2ImTask { S = s, GradCol = gradCol, Gx = gx, Img0 = img0, ChannelChunks = channelChunks };
            ParallelFor.Run(count * channelChunks, scatter);
        }
    }

    /// <summary>Where one patch row reads the image: channel, tap offsets and the valid output columns.</summary>
    private struct RowGeometry
    {
        public int Channel, OffY, OffX, Lo, Hi;
    }

    /// <summary>The whole-batch patch matrix col[Kp, N·P] of an input [N, C, H, W], read on demand.</summary>
    private readonly struct Patches(ConvShape s, float* x)
    {
        private readonly ConvShape _s = s;
        private readonly float* _x = x;

        public RowGeometry Geometry(int r)
        {
            ref readonly ConvWindow win = ref _s.Window;
            int c = r / win.Taps, t = r - c * win.Taps, ky = t / win.KernelW, kx = t - ky * win.KernelW;
            var g = new RowGeometry { Channel = c, OffY = ky * win.DilationH - win.PadH, OffX = kx * win.DilationW - win.PadW };
            (g.Lo, g.Hi) = ConvWindow.ValidRange(g.OffX, win.StrideW, _s.W, _s.OutW);
            return g;
        }

        /// <summary>dst[0, count) = col[row, col0 .. col0 + count) for the row with geometry g.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row(in RowGeometry g, int col0, int count, float* dst)
        {
            int outW = _s.OutW, plane = _s.OutPlane;
            int img = col0 / plane, pix = col0 - img * plane, oy = pix / outW, ox = pix - oy * outW;
            Row(g, img, oy, ox, count, dst);
        }

        /// <summary>As <see cref="Row(in RowGeometry, int, int, float*)"/> from image img, output pixel (oy, ox).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row(in RowGeometry g, int img, int oy, int ox, int count, float* dst)
        {
            int sw = _s.Window.StrideW, sh = _s.Window.StrideH, outW = _s.OutW, outH = _s.OutH, width = _s.W;
            int height = _s.H, lo = g.Lo, hi = g.Hi;
            nint planeIn = (nint)height * width, imageIn = _s.C * planeIn;
            float* channel = _x + img * imageIn + g.Channel * planeIn;
            while (count > 0)
            {
                int len = Math.Min(outW - ox, count);
                int iy = oy * sh + g.OffY;
                int a = Math.Max(ox, lo), b = Math.Min(ox + len, hi);
                if ((uint)iy >= (uint)height || a >= b)
                {
                    new Span<float>(dst, len).Clear();
                }
                else
                {
                    for (int q = ox; q < a; q++)
                    {
                        dst[q - ox] = 0f;
                    }
                    for (int q = b; q < ox + len; q++)
                    {
                        dst[q - ox] = 0f;
                    }
                    int first = a * sw + g.OffX;
                    float* src = channel + (nint)iy * width + first;
                    if (sw == 1)
                    {
                        Buffer.MemoryCopy(src, dst + (a - ox), (b - a) * 4L, (b - a) * 4L);
                    }
                    else
                    {
                        ConvRowCopy.Gather(src, sw, width - first, dst + (a - ox), b - a);
                    }
                }
                dst += len;
                count -= len;
                ox += len;
                if (ox == outW)
                {
                    ox = 0;
                    if (++oy == outH)
                    {
                        oy = 0;
                        channel += imageIn;
                    }
                }
            }
        }

        public int OutW => _s.OutW;

        public int OutPlane => _s.OutPlane;
    }

    /// <summary>B = [col; 1] for the forward GEMM (the row of ones carries the bias).</summary>
    private readonly struct ForwardPanels(Patches patches, int patchRows) : IGemmPanelSource
    {
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst)
        {
            int rows = Math.Min(kcb, patchRows - p0);
            RowGeometry* geometry = stackalloc RowGeometry[Math.Max(rows, 1)];
            for (int pr = 0; pr < rows; pr++)
            {
                geometry[pr] = patches.Geometry(p0 + pr);
            }
            int plane = patches.OutPlane, outW = patches.OutW;
            for (int q = 0; q < panels; q++)
            {
                int col = j + q * nr, img = col / plane, pix = col - img * plane, oy = pix / outW, ox = pix - oy * outW;
                float* d = dst + (nint)q * kcb * nr;
                for (int pr = 0; pr < rows; pr++)
                {
                    patches.Row(geometry[pr], img, oy, ox, nr, d + (nint)pr * nr);
                }
                for (int pr = rows; pr < kcb; pr++)
                {
                    new Span<float>(d + (nint)pr * nr, nr).Fill(1f);
                }
            }
        }
    }

    /// <summary>B = colᵀ [N·P, Kp] for the weight gradient: patch rows gathered, then transposed into panels.</summary>
    private readonly struct WeightGradPanels(Patches patches, int patchRows) : IGemmPanelSource
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst)
        {
            int cols = Math.Min(panels * nr, patchRows - j);
            float* rows = Scratch((long)cols * kcb);
            for (int q = 0; q < cols; q++)
            {
                patches.Row(patches.Geometry(j + q), p0, kcb, rows + (nint)q * kcb);
            }
            for (int q = 0; q < panels; q++)
            {
                GemmPack.PackBPanel(true, rows, kcb, cols, 0, kcb, q * nr, nr, dst + (nint)q * kcb * nr);
            }
        }
    }

    /// <summary>B = dY [O, N·P] read from [N, O, P] (a panel lies inside one image).</summary>
    private readonly struct OutputGradPanels(float* gy, int channels, int plane) : IGemmPanelSource
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst)
        {
            for (int pr = 0; pr < kcb; pr++)
            {
                for (int q = 0; q < panels; q++)
                {
                    int col = j + q * nr, img = col / plane, pix = col - img * plane;
                    float* src = gy + ((nint)img * channels + p0 + pr) * plane + pix;
                    Buffer.MemoryCopy(src, dst + (nint)q * kcb * nr + (nint)pr * nr, nr * 4L, nr * 4L);
                }
            }
        }
    }

    /// <summary>gyT[o, img·P + pix] = gy[img, o, pix] for a range of channels, and gb[o] = Σ gyT[o, :].</summary>
    private struct TransposeBatch : IParallelBody
    {
        public ConvShape S;
        public float* Gy, GyT, Gb;

        public readonly void Invoke(int index)
        {
            int chunks = Math.Min(S.O, 4 * ParallelFor.MaxDegree);
            var (start, end) = ConvParallel.Range(S.O, chunks, index);
            int p = S.OutPlane;
            nint np = (nint)S.N * p;
            for (int o = start; o < end; o++)
            {
                float* row = GyT + o * np;
                for (int img = 0; img < S.N; img++)
                {
                    Buffer.MemoryCopy(Gy + ((nint)img * S.O + o) * p, row + (nint)img * p, p * 4L, p * 4L);
                }
                if (Gb != null)
                {
                    Gb[o] = Elementwise.Sum(new ReadOnlySpan<float>(row, (int)np));
                }
            }
        }
    }

    /// <summary>gx[img] = col2im(gradCol of img) for a range of channels of one image of the group.</summary>
    private struct Col2ImTask : IParallelBody
    {
        public ConvShape S;
        public float* GradCol, Gx;
        public int Img0, ChannelChunks;

        public readonly void Invoke(int index)
        {
            int local = index / ChannelChunks;
            var (c0, c1) = ConvParallel.Range(S.C, ChannelChunks, index - local * ChannelChunks);
            int taps = S.Window.Taps, p = S.OutPlane, plane = S.InPlane;
            var image = new Span<float>(Gx + ((nint)(Img0 + local) * S.C + c0) * plane, (c1 - c0) * plane);
            image.Clear();
            var col = new ReadOnlySpan<float>(GradCol + ((nint)local * S.PatchRows + (nint)c0 * taps) * p, (c1 - c0) * taps * p);
            ConvIm2Col.Col2Im(col, c1 - c0, S.H, S.W, S.Window, S.OutH, S.OutW, image);
        }
    }

    private static float* Scratch(long count)
    {
        if (t_transposed is null || t_transposed.LongLength < count + 16)
        {
            t_transposed = GC.AllocateUninitializedArray<float>((int)Math.Max(count + 16, 1 << 16), pinned: true);
        }
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(t_transposed));
    }
}
