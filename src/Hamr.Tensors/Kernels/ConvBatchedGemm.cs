using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Convolution as GEMMs over groups of images (columns = image × output pixel), the weights packed once per call
/// and shared by every group, each group's patch matrix built by im2col into the worker's cache-sized scratch:
///     forward       Y[O, g·P]  = [W | b] · [col; 1]               (bias as one more k row of ones)
///     weight grad   dW         = Σ_groups dY_g[O, g·P] · col_gᵀ  (one long-K GEMM per group, partials summed in order)
///     input grad    dcol_g     = Wᵀ · dY_g, then col2im            (all three gradients in one pass per group)
/// The downsampling conv (3 taps, stride 2, rows a whole number of panels) skips the patch matrix in the forward:
/// its B panels are packed straight from the image (<see cref="ConvStride2Panels"/>).
/// A fused ReLU (Conv2dRelu) is applied to each group's output while hot, and its mask to dY per group.
/// Groups (g images, g·P ≥ 256 columns where the patch matrix stays ≤ ~1.5 MB) run in parallel, one thread each,
/// so small layers get long GEMM rows and no weight is re-packed per image. Applies to ungrouped,
/// non-pointwise convs whose output plane is a whole number of GEMM column panels. The grouping depends only on
/// the shape, so results do not depend on the thread count.
/// </summary>
internal static unsafe class ConvBatchedGemm
{

    [ThreadStatic] private static float[]? t_col;
    [ThreadStatic] private static float[]? t_tile;
    [ThreadStatic] private static float[]? t_gradCol;
    [ThreadStatic] private static float[]? t_gyGroup;

    public static bool Applies(in ConvShape s) =>
        s.Groups == 1 && !s.IsPointwise && s.OutPlane % GemmConfig.Best.Nr == 0 && (long)s.N * s.OutPlane < int.MaxValue;

    /// <summary>Images per work item: at least 256 GEMM columns, patch matrices of at most ~1.5 MB.</summary>
    public static int GroupImages(in ConvShape s)
    {
        long perImage = (long)s.PatchRows * s.OutPlane;
        int wanted = (256 + s.OutPlane - 1) / s.OutPlane;
        return (int)Math.Clamp(Math.Min(wanted, (3L << 17) / perImage), 1, s.N);
    }

    public static int Groups(in ConvShape s)
    {
        int g = GroupImages(s);
        return (s.N + g - 1) / g;
    }

    /// <summary>y = conv(x, w) + b; <paramref name="wb"/>: scratch of O·(Kp + 1) floats when there is a bias.</summary>
    public static void Forward(in ConvShape s, float* x, float* w, float* bias, float* y, float* wb, bool relu)
    {
        int kp = s.PatchRows, k = kp;
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
        // [W | b] is packed once, into this thread's A buffer, and shared read-only by the workers.
        float* packA = GemmDriver.PackA(GemmConfig.Best, ParallelFor.DegreeFor(int.MaxValue), false, s.O, k, a, k);
        ParallelFor.Run(Groups(s), new ForwardGroup { S = s, PackA = packA, K = k, X = x, Y = y, Group = GroupImages(s), Relu = relu });
    }

    /// <summary>Most columns per GEMM + ReLU chunk.</summary>
    private const int ReluChunk = 1024;

    /// <summary>Columns per chunk: 1024, fewer for many output channels so the tile stays ≤ 256 KB (a multiple of 32).</summary>
    private static int ReluChunkColumns(int outChannels) => Math.Clamp((1 << 16) / outChannels / 32 * 32, 32, ReluChunk);

    private struct ForwardGroup : IParallelBody
    {
        public ConvShape S;
        public float* PackA, X, Y;
        public int K, Group;
        public bool Relu;

        public readonly void Invoke(int index)
        {
            int kp = S.PatchRows, p = S.OutPlane, img0 = index * Group, count = Math.Min(Group, S.N - img0);
            bool direct = ConvStride2Panels.Applies(S);
            float* col = direct ? null : Im2Col(S, X, img0, count);
            float* y = Y + (nint)img0 * S.O * p;
            if (Relu && count == 1)
            {
                // One image a group (planes of ≥ 256 pixels; the first layer's output is 512 KB an image): GEMM by
                // column chunks into a tile that stays in L2 (rows padded off the 4 KB stride, so they do not fight
                // over cache sets), then the ReLU streams each tile row out to y without reading y's lines first.
                // Conv-stack forward: conv1 1.25 → 0.75 ms, conv2 2.3 → 2.05 ms, conv3 a little.
                int chunk = ReluChunkColumns(S.O), ld = chunk + 16;
                float* tile = AlignedScratch(ref t_tile, (long)S.O * ld);
                for (int j0 = 0; j0 < p; j0 += chunk)
                {
                    int n = Math.Min(chunk, p - j0);
                    if (direct)
                    {
                        GemmDriver.Compute(GemmConfig.Best, 1, S.O, n, K, 1f, PackA, new ConvStride2Panels(S, X, img0, j0), 0f,
                            tile, ld, n, 0);
                    }
                    else
                    {
                        GemmDriver.Compute(GemmConfig.Best, 1, S.O, n, K, 1f, PackA, new BlockedRows(col + j0, kp, p), 0f,
                            tile, ld, n, 0);
                    }
                    for (int o = 0; o < S.O; o++)
                    {
                        Elementwise.UnaryStreaming<ReluOperator>(tile + (nint)o * ld, y + (nint)o * p + j0, n);
                    }
                }
                Elementwise.StreamingFence();
                return;
            }
            if (direct)
            {
                GemmDriver.Compute(GemmConfig.Best, 1, S.O, count * p, K, 1f, PackA, new ConvStride2Panels(S, X, img0, 0), 0f,
                    y, p, p, (nint)S.O * p);
            }
            else
            {
                GemmDriver.Compute(GemmConfig.Best, 1, S.O, count * p, K, 1f, PackA, new BlockedRows(col, kp, p), 0f,
                    y, p, p, (nint)S.O * p);
            }
            if (Relu)
            {
                // While the group's output is still in cache (fused Conv2dRelu).
                var span = new Span<float>(y, count * S.O * p);
                Elementwise.Unary<ReluOperator>(span, span);
            }
        }
    }

    /// <summary>
    /// Gradients of y = conv(x, w) + b, or of y = relu(conv(x, w) + b) when <paramref name="reluOutput"/> (that y) is
    /// given: gx, gw, gb where not null. One pass over image groups, each doing its share of all three while its
    /// dY (masked by y &gt; 0 for the ReLU) is hot in cache. Scratch: <paramref name="partials"/> Groups·O·(Kp + 1)
    /// floats (per-group weight and bias sums, added in group order), <paramref name="packedW"/> the packed Wᵀ
    /// (<see cref="PackedWeightLength"/> floats) when gx is wanted.
    /// </summary>
    public static void Backward(in ConvShape s, float* x, float* w, float* gy, float* reluOutput, float* gx, float* gw,
        float* gb, float* partials, float* packedW)
    {
        if (gx != null)
        {
            GemmDriver.PackAInto(GemmConfig.Best, ParallelFor.DegreeFor(int.MaxValue), true, s.PatchRows, s.O, w, s.PatchRows,
                packedW);
        }
        int groups = Groups(s);
        ParallelFor.Run(groups, new BackwardGroup
        {
            S = s,
            X = x,
            Gy = gy,
            Y = reluOutput,
            Gx = gx,
            NeedW = gw != null,
            NeedB = gb != null,
            PackedW = packedW,
            Partials = partials,
            Group = GroupImages(s),
        });
        // Per-group sums added in group order, output channels split across threads.
        int chunks = Math.Min(s.O, 4 * ParallelFor.MaxDegree);
        ParallelFor.Run(chunks, new SumPartials { S = s, Partials = partials, Gw = gw, Gb = gb, Groups = groups, Chunks = chunks });
    }

    private struct SumPartials : IParallelBody
    {
        public ConvShape S;
        public float* Partials, Gw, Gb;
        public int Groups, Chunks;

        public readonly void Invoke(int index)
        {
            var (start, end) = ConvParallel.Range(S.O, Chunks, index);
            int kp = S.PatchRows;
            long len = (long)S.O * (kp + 1);
            for (int i = 0; i < Groups; i++)
            {
                float* part = Partials + i * len;
                if (Gw != null)
                {
                    var dst = new Span<float>(Gw + (nint)start * kp, (end - start) * kp);
                    var src = new ReadOnlySpan<float>(part + (nint)start * kp, (end - start) * kp);
                    if (i == 0)
                    {
                        src.CopyTo(dst);
                    }
                    else
                    {
                        Elementwise.AddInPlace(dst, src);
                    }
                }
                if (Gb != null)
                {
                    for (int o = start; o < end; o++)
                    {
                        float v = part[(nint)S.O * kp + o];
                        Gb[o] = i == 0 ? v : Gb[o] + v;
                    }
                }
            }
        }
    }

    public static long PackedWeightLength(in ConvShape s) => GemmDriver.PackedALength(GemmConfig.Best, s.PatchRows, s.O);

    private struct BackwardGroup : IParallelBody
    {
        public ConvShape S;
        public float* X, Gy, Y, Gx, PackedW, Partials;
        public int Group;
        public bool NeedW, NeedB;

        public readonly void Invoke(int index)
        {
            int kp = S.PatchRows, p = S.OutPlane, o = S.O, img0 = index * Group, count = Math.Min(Group, S.N - img0);
            var cfg = GemmConfig.Best;
            float* gy = Gy + (nint)img0 * o * p;
            float* part = Partials + (nint)index * o * (kp + 1);

            // dY of the group as [O, count·P] (one image's dY already is), masked by the ReLU where fused.
            float* a = gy;
            if (count > 1 || Y != null)
            {
                a = Scratch(ref t_gyGroup, (long)o * count * p);
                for (int i = 0; i < count; i++)
                {
                    for (int c = 0; c < o; c++)
                    {
                        nint from = ((nint)i * o + c) * p, to = ((nint)c * count + i) * p;
                        var dst = new Span<float>(a + to, p);
                        if (Y != null)
                        {
                            Elementwise.Binary<ReluGradOperator>(new ReadOnlySpan<float>(Y + (nint)img0 * o * p + from, p),
                                new ReadOnlySpan<float>(gy + from, p), dst);
                        }
                        else
                        {
                            new ReadOnlySpan<float>(gy + from, p).CopyTo(dst);
                        }
                    }
                }
            }
            if (NeedB)
            {
                for (int c = 0; c < o; c++)
                {
                    part[(nint)o * kp + c] = Elementwise.Sum(new ReadOnlySpan<float>(a + (nint)c * count * p, count * p));
                }
            }
            if (NeedW)
            {
                float* col = Im2Col(S, X, img0, count);
                float* packA = GemmDriver.PackA(cfg, 1, false, o, count * p, a, (nint)count * p);
                GemmDriver.Compute(cfg, 1, o, kp, count * p, 1f, packA, new BlockedRowsTransposed(col, kp, p), 0f,
                    part, kp, kp, 0);
            }
            if (Gx != null)
            {
                float* gradCol = Scratch(ref t_gradCol, (long)count * kp * p);
                // B = the group's dY as [O, count·P]: column-blocked when read in place, side by side from scratch.
                if (a == gy)
                {
                    GemmDriver.Compute(cfg, 1, kp, count * p, o, 1f, PackedW, new BlockedRows(gy, o, p), 0f,
                        gradCol, p, p, (nint)kp * p);
                }
                else
                {
                    GemmDriver.Compute(cfg, 1, kp, count * p, o, 1f, PackedW, new BlockedRows(a, o, count * p), 0f,
                        gradCol, p, p, (nint)kp * p);
                }
                int plane = S.C * S.InPlane;
                for (int i = 0; i < count; i++)
                {
                    var image = new Span<float>(Gx + (nint)(img0 + i) * plane, plane);
                    ConvIm2Col.Col2ImOverwrite(new ReadOnlySpan<float>(gradCol + (nint)i * kp * p, kp * p), S.C, S.H, S.W, S.Window,
                        S.OutH, S.OutW, image);
                }
            }
        }
    }

    /// <summary>The patch matrices of images [img0, img0 + count), [count][Kp][P], in this thread's scratch.</summary>
    private static float* Im2Col(in ConvShape s, float* x, int img0, int count)
    {
        int kp = s.PatchRows, p = s.OutPlane, image = s.C * s.InPlane;
        float* col = Scratch(ref t_col, (long)count * kp * p);
        for (int i = 0; i < count; i++)
        {
            ConvIm2Col.Im2Col(new ReadOnlySpan<float>(x + (nint)(img0 + i) * image, image), s.C, s.H, s.W, s.Window,
                s.OutH, s.OutW, new Span<float>(col + (nint)i * kp * p, kp * p));
        }
        return col;
    }

    /// <summary>
    /// B [rows, count·plane] stored image by image as [count][rows][plane] (patch matrices, or dY); k rows at and
    /// past <c>rows</c> are ones (the forward's bias row). A panel never straddles two images.
    /// </summary>
    private readonly struct BlockedRows(float* b, int rows, int plane) : IGemmPanelSource
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst)
        {
            for (int q = 0; q < panels; q++)
            {
                int col = j + q * nr, img = col / plane, pix = col - img * plane;
                float* src = b + ((nint)img * rows + p0) * plane + pix;
                float* d = dst + (nint)q * kcb * nr;
                int real = Math.Clamp(rows - p0, 0, kcb);
                if (nr == 32 && Vector512.IsHardwareAccelerated)
                {
                    // 128-byte rows: two vector moves inline rather than a memmove call per row.
                    for (int pr = 0; pr < real; pr++)
                    {
                        float* from = src + (nint)pr * plane, to = d + (nint)pr * 32;
                        Vector512.Store(Vector512.Load(from), to);
                        Vector512.Store(Vector512.Load(from + 16), to + 16);
                    }
                }
                else
                {
                    for (int pr = 0; pr < real; pr++)
                    {
                        Buffer.MemoryCopy(src + (nint)pr * plane, d + (nint)pr * nr, nr * 4L, nr * 4L);
                    }
                }
                for (int pr = real; pr < kcb; pr++)
                {
                    new Span<float>(d + (nint)pr * nr, nr).Fill(1f);
                }
            }
        }
    }

    /// <summary>B = colᵀ [count·plane, rows] from patch matrices stored [count][rows][plane] (weight gradient).</summary>
    private readonly struct BlockedRowsTransposed(float* col, int rows, int plane) : IGemmPanelSource
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst)
        {
            // k rows are output pixels; split the block where it crosses from one image to the next.
            for (int r0 = 0; r0 < kcb;)
            {
                int k = p0 + r0, img = k / plane, pix = k - img * plane, run = Math.Min(kcb - r0, plane - pix);
                float* b = col + (nint)img * rows * plane + pix;
                for (int q = 0; q < panels; q++)
                {
                    GemmPack.PackBPanel(true, b, plane, rows, 0, run, j + q * nr, nr, dst + (nint)q * kcb * nr + (nint)r0 * nr);
                }
                r0 += run;
            }
        }
    }

    /// <summary>A pinned per-thread scratch area of at least <paramref name="count"/> floats that starts on a cache line.</summary>
    private static float* AlignedScratch(ref float[]? buffer, long count) =>
        (float*)(((nint)Scratch(ref buffer, count + 16) + 63) & ~(nint)63);

    /// <summary>A pinned per-thread scratch area of at least <paramref name="count"/> floats.</summary>
    private static float* Scratch(ref float[]? buffer, long count)
    {
        if (buffer is null || buffer.LongLength < count)
        {
            buffer = GC.AllocateUninitializedArray<float>((int)Math.Max(count, 1 << 16), pinned: true);
        }
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
    }
}
