using System.Runtime.CompilerServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// The K-split path of the GEMM driver: a deep product with a small C (256 × 2304 × 256) splits its k range into
/// one slice per thread; each thread packs its own slices of A and B block by block and multiplies them into a
/// whole C of its own (the first thread into C itself, the others into scratch that stays in their L2), with no
/// synchronisation until the end, where the partial products are added into C by row blocks. Against the row split
/// (threads sharing packed B, waiting on each other's groups every k block) this measured 15–20% faster at
/// 256 × 2304 × 256 (~340 vs ~280 GFLOP/s, OpenBLAS ~290). The split sums each C element in a different order
/// than one thread does, so such products differ in the last bits between thread counts.
/// </summary>
internal static unsafe partial class GemmDriver
{
    [ThreadStatic]
    private static float[]? t_partialC;

    /// <summary>C at most this many floats keeps a K-split thread's partial product in its L2 beside the A and B blocks.</summary>
    private const long KSplitMaxC = 64L * 1024;

    /// <summary>Slices a parallel product splits its k range into (0: it does not).</summary>
    private static int KSplitParts(in GemmConfig cfg, int degree, int m, int n, int k)
    {
        if (degree < 2 || (long)m * n > KSplitMaxC)
        {
            return 0;
        }
        // Each slice must be several k blocks deep, and deeper than C is wide or tall, for the extra pass to pay.
        return k >= degree * 4 * RowSplitKc && k >= 4 * Math.Max(m, n) && m >= cfg.Mr && n >= cfg.Nr ? degree : 0;
    }

    private static void RunKSplit(in GemmConfig cfg, int parts, bool transA, int m, int n, int k, float alpha, float* a,
        nint lda, MatrixB b, float beta, float* c, nint ldc)
    {
        int slice = RoundUp((k + parts - 1) / parts, 8);
        float* partials = Buffer(ref t_partialC, (long)(parts - 1) * m * n);
        RunTasks(parts, parts, new KSliceTask
        {
            Cfg = cfg,
            TransA = transA,
            M = m,
            N = n,
            K = k,
            Slice = slice,
            Alpha = alpha,
            Beta = beta,
            A = a,
            Lda = lda,
            B = b,
            C = c,
            Ldc = ldc,
            Partials = partials,
        });
        int rowBlocks = Math.Min(m, 4 * parts);
        RunTasks(parts, rowBlocks, new KSumTask { M = m, N = n, Parts = parts, Blocks = rowBlocks, C = c, Ldc = ldc, Partials = partials });
    }

    /// <summary>One k slice: C_t = alpha · A[:, slice] · op(B)[slice, :] (+ beta · C for the first slice).</summary>
    private struct KSliceTask : IParallelBody
    {
        public GemmConfig Cfg;
        public bool TransA;
        public int M, N, K, Slice;
        public float Alpha, Beta;
        public float* A, C, Partials;
        public nint Lda, Ldc;
        public MatrixB B;

        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Invoke(int index)
        {
            int start = index * Slice, end = Math.Min(K, start + Slice);
            if (start >= end)
            {
                if (index > 0)
                {
                    new Span<float>(Partials + (nint)(index - 1) * M * N, M * N).Clear();
                }
                return;
            }
            float* c = index == 0 ? C : Partials + (nint)(index - 1) * M * N;
            nint ldc = index == 0 ? Ldc : N;
            int mr = Cfg.Mr, nr = Cfg.Nr, kc = RowSplitKc;
            float* tile = stackalloc float[mr * nr];
            int bPanels = (N + nr - 1) / nr, mPad = RoundUp(M, mr);
            float* panelsB = Buffer(ref t_panelB, (long)(kc + kc / 4) * nr * bPanels);
            float* aBlock = Buffer(ref t_packA, (long)mPad * (kc + kc / 4));
            for (int p0 = start; p0 < end;)
            {
                int kcb = Math.Min(kc, end - p0);
                if (end - p0 - kcb < kc / 4)
                {
                    kcb = end - p0; // no sliver block at the end of the slice
                }
                float beta = p0 > start ? 1f : index == 0 ? Beta : 0f;
                B.Pack(p0, kcb, 0, bPanels, nr, panelsB);
                float* aSource = TransA ? A + (nint)p0 * Lda : A + p0;
                for (int jp = 0; jp < bPanels; jp++)
                {
                    int j = jp * nr, cols = Math.Min(nr, N - j);
                    float* panelB = panelsB + (nint)jp * kcb * nr;
                    PanelAgainstA(Cfg, jp == 0, TransA, aSource, Lda, M, kcb, mPad, aBlock, panelB, cols, c + j, ldc, Alpha, beta,
                        tile);
                }
                p0 += kcb;
            }
        }
    }

    /// <summary>C[rows of block] += the other slices' partial products, in slice order.</summary>
    private struct KSumTask : IParallelBody
    {
        public int M, N, Parts, Blocks;
        public float* C, Partials;
        public nint Ldc;

        public readonly void Invoke(int index)
        {
            int r0 = (int)((long)M * index / Blocks), r1 = (int)((long)M * (index + 1) / Blocks);
            for (int r = r0; r < r1; r++)
            {
                var row = new Span<float>(C + r * Ldc, N);
                for (int t = 1; t < Parts; t++)
                {
                    Elementwise.AddInPlace(row, new ReadOnlySpan<float>(Partials + ((nint)(t - 1) * M + r) * N, N));
                }
            }
        }
    }
}
