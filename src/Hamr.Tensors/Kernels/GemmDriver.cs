using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// The blocked GEMM loop nest (Goto/BLIS order). For each block of Nc columns: pack all of op(B) for those
/// columns and, once, all of op(A), in parallel; then split C into (Mc rows × a run of Nr panels) tasks
/// that run in parallel with no further synchronisation. Inside a task:
///     for each Kc block → for each B micro-panel (stays in L1) → for each A micro-panel (from L2) → kernel.
/// Requires m, n, k &gt; 0 and alpha ≠ 0; the caller handles the degenerate cases.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Below this many multiply-adds a GEMM runs on the calling thread only.</summary>
    public const long ParallelThreshold = 64L * 64 * 64;

    /// <summary>Tasks per thread in the compute phase, so a descheduled thread does not stall the rest.</summary>
    private const int TasksPerThread = 4;

    [ThreadStatic]
    private static float[]? t_packA;

    [ThreadStatic]
    private static float[]? t_packB;

    public static void Run(in GemmConfig cfg, bool parallel, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        int mr = cfg.Mr, nr = cfg.Nr;
        int mPad = RoundUp(m, mr);
        int ncMax = Math.Min(RoundUp(n, nr), cfg.Nc);
        float* packA = Buffer(ref t_packA, (long)mPad * k);
        float* packB = Buffer(ref t_packB, (long)ncMax * k);

        int degree = parallel && (long)m * n * k >= ParallelThreshold ? ParallelFor.DegreeFor(int.MaxValue) : 1;
        int mBlocks = (m + cfg.Mc - 1) / cfg.Mc;

        var pack = new PackTask
        {
            Cfg = cfg, TransA = transA, TransB = transB, M = m, N = n, K = k,
            A = a, Lda = lda, B = b, Ldb = ldb, PackA = packA, PackB = packB, MPad = mPad,
        };
        var compute = new ComputeTask
        {
            Cfg = cfg, M = m, N = n, K = k, Alpha = alpha, Beta = beta, C = c, Ldc = ldc,
            PackA = packA, PackB = packB, MPad = mPad,
        };
        for (int jc = 0; jc < n; jc += cfg.Nc)
        {
            int nc = Math.Min(cfg.Nc, n - jc);
            int ncPad = RoundUp(nc, nr);
            int bPanels = ncPad / nr;

            pack.Jc = jc;
            pack.NcPad = ncPad;
            pack.APanels = jc == 0 ? mPad / mr : 0;
            RunTasks(degree, pack.APanels + bPanels, pack);

            // Enough column chunks that every thread gets several tasks, but whole panels each.
            int chunks = degree == 1 ? 1 : Math.Clamp((degree * TasksPerThread + mBlocks - 1) / mBlocks, 1, bPanels);
            int chunkPanels = (bPanels + chunks - 1) / chunks;
            chunks = (bPanels + chunkPanels - 1) / chunkPanels;

            compute.Jc = jc;
            compute.NcPad = ncPad;
            compute.BPanels = bPanels;
            compute.ChunkPanels = chunkPanels;
            compute.Chunks = chunks;
            RunTasks(degree, mBlocks * chunks, compute);
        }
    }

    private static void RunTasks<TBody>(int degree, int count, TBody body) where TBody : struct, IParallelBody
    {
        if (degree > 1)
        {
            ParallelFor.Run(count, body);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            body.Invoke(i);
        }
    }

    private struct PackTask : IParallelBody
    {
        public GemmConfig Cfg;
        public bool TransA, TransB;
        public int M, N, K, MPad, Jc, NcPad, APanels;
        public float* A, B, PackA, PackB;
        public nint Lda, Ldb;

        public readonly void Invoke(int index)
        {
            if (index < APanels)
            {
                GemmPack.PackAPanel(TransA, A, Lda, M, K, index * Cfg.Mr, Cfg.Mr, Cfg.Kc, MPad, PackA);
            }
            else
            {
                GemmPack.PackBPanel(TransB, B, Ldb, N, K, Jc, (index - APanels) * Cfg.Nr, Cfg.Nr, Cfg.Kc, NcPad, PackB);
            }
        }
    }

    private struct ComputeTask : IParallelBody
    {
        public GemmConfig Cfg;
        public int M, N, K, MPad, Jc, NcPad, BPanels, ChunkPanels, Chunks;
        public float Alpha, Beta;
        public float* C, PackA, PackB;
        public nint Ldc;

        [SkipLocalsInit]
        public readonly void Invoke(int index)
        {
            int mr = Cfg.Mr, nr = Cfg.Nr;
            var kernel = Cfg.Kernel;
            float* tile = stackalloc float[mr * nr];

            int i0 = index / Chunks * Cfg.Mc;
            int mc = Math.Min(Cfg.Mc, M - i0);
            int aPanels = (mc + mr - 1) / mr;
            int jp0 = index % Chunks * ChunkPanels;
            int jp1 = Math.Min(jp0 + ChunkPanels, BPanels);

            for (int p0 = 0; p0 < K; p0 += Cfg.Kc)
            {
                int kcb = Math.Min(Cfg.Kc, K - p0);
                float beta = p0 == 0 ? Beta : 1f;
                float* aBlock = PackA + (nint)p0 * MPad + (nint)(i0 / mr) * kcb * mr;
                float* bBlock = PackB + (nint)p0 * NcPad;
                for (int jp = jp0; jp < jp1; jp++)
                {
                    float* bp = bBlock + (nint)jp * kcb * nr;
                    int j = Jc + jp * nr;
                    int cols = Math.Min(nr, N - j);
                    for (int ip = 0; ip < aPanels; ip++)
                    {
                        float* ap = aBlock + (nint)ip * kcb * mr;
                        int i = i0 + ip * mr;
                        int rows = Math.Min(mr, M - i);
                        float* cp = C + i * Ldc + j;
                        if (rows == mr && cols == nr)
                        {
                            kernel(kcb, ap, bp, cp, Ldc, Alpha, beta);
                        }
                        else
                        {
                            kernel(kcb, ap, bp, tile, nr, 1f, 0f);
                            MergeTile(tile, nr, cp, Ldc, rows, cols, Alpha, beta);
                        }
                    }
                }
            }
        }
    }

    /// <summary>C[rows, cols] = alpha · tile + beta · C for an edge tile (beta = 0: C is not read).</summary>
    private static void MergeTile(float* tile, int ldt, float* c, nint ldc, int rows, int cols, float alpha, float beta)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + r * ldt;
            float* cr = c + r * ldc;
            if (beta == 0)
            {
                for (int j = 0; j < cols; j++)
                {
                    cr[j] = alpha * t[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cr[j] = alpha * t[j] + beta * cr[j];
                }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>A 64-byte-aligned scratch area of at least <paramref name="count"/> floats, kept per thread.</summary>
    private static float* Buffer(ref float[]? array, long count)
    {
        const int AlignFloats = 16;
        if (array is null || array.LongLength < count + AlignFloats)
        {
            if (count + AlignFloats > Array.MaxLength)
            {
                throw new OutOfMemoryException("GEMM packing buffer too large.");
            }
            // Pinned (POH) so the pointer stays valid without a fixed statement; grows geometrically.
            long size = Math.Max(count + AlignFloats, array is null ? 0 : Math.Min(array.LongLength * 3 / 2, Array.MaxLength));
            array = GC.AllocateUninitializedArray<float>((int)size, pinned: true);
        }
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((address + 63) & ~(nint)63);
    }
}
