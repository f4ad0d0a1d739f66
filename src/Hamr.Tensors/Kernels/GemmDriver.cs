using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// The blocked GEMM loop nest (after Goto/BLIS). First all of op(A) is packed, in parallel, into k-major
/// micro-panels. Then C is split into (up to McL rows × a run of Nr-column panels) tasks that run in
/// parallel with no further synchronisation; inside a task:
///     for each Kc block → pack the task's kc × (its Nr panels) of B into a per-thread buffer (written and
///     read while hot) → for each B micro-panel (stays in L1) → for each A micro-panel (from L2) → kernel.
/// Each B element is packed once per row block, so no k × n packed copy of B ever goes out to memory.
/// Requires m, n, k &gt; 0 and alpha ≠ 0; the caller handles the degenerate cases. The hot methods are
/// compiled fully optimised at once (AggressiveOptimization): tier-0 kernels are ~10× slower, and the
/// first calls of a process, or calls on a busy machine, should not wait for tiering to catch up.
/// </summary>
internal static unsafe partial class GemmDriver
{
    /// <summary>Below this many multiply-adds a GEMM runs on the calling thread only.</summary>
    public const long ParallelThreshold = 64L * 64 * 64;

    /// <summary>Tasks per thread in the compute phase, so a descheduled thread does not stall the rest.</summary>
    private const int TasksPerThread = 8;

    /// <summary>At most this many Nr panels per task, so its packed B (Kc × 8 · Nr floats) fits in L2.</summary>
    private const int MaxChunkPanels = 8;

    /// <summary>Row blocks per thread when a product splits by rows (see <see cref="RowSplitTasks"/>).</summary>
    private const int RowTasksPerThread = 1;

    /// <summary>Packed A at least this large (bytes) splits by rows when B is narrow.</summary>
    private const long RowSplitMinABytes = 1L << 20;

    [ThreadStatic]
    private static float[]? t_packA;

    [ThreadStatic]
    private static float[]? t_panelB;

    public static void Run(in GemmConfig cfg, bool parallel, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        int degree = Degree(parallel, m, n, k);
        int parts = KSplitParts(cfg, degree, m, n, k);
        if (parts > 1)
        {
            RunKSplit(cfg, parts, transA, m, n, k, alpha, a, lda, new MatrixB(transB, b, ldb, n), beta, c, ldc);
            return;
        }
        int rowTasks = RowSplitTasks(cfg, degree, m, n, k);
        if (rowTasks > 1)
        {
            RunRowSplit(cfg, degree, rowTasks, transA, m, n, k, alpha, a, lda, new MatrixB(transB, b, ldb, n), beta, c, ldc);
            return;
        }
        float* packA = PackA(cfg, degree, transA, m, k, a, lda);
        Compute(cfg, degree, m, n, k, alpha, packA, new MatrixB(transB, b, ldb, n), beta, c, ldc, n, 0);
    }

    /// <summary>
    /// Row blocks a parallel product runs as whole independent GEMMs (0: it does not). When op(B) is a few
    /// panels wide but op(A) is large (1024 × 1024 × 256), splitting columns leaves every task streaming all of
    /// packed A, and packing A is a phase of its own that the threads must finish together before computing.
    /// Split into row blocks instead: each thread packs only its own rows of A, and the (narrow) B is packed once
    /// into a buffer the threads share, with no barrier in between (see GemmRowSplit.cs). Deep products whose C
    /// is small split k instead (see GemmKSplit.cs).
    /// </summary>
    private static int RowSplitTasks(in GemmConfig cfg, int degree, int m, int n, int k)
    {
        int tasks = degree * RowTasksPerThread;
        int bPanels = (n + cfg.Nr - 1) / cfg.Nr;
        bool wideA = (long)m * k * sizeof(float) > RowSplitMinABytes;
        return degree > 1 && wideA && bPanels <= MaxChunkPanels && m >= tasks * cfg.Mr * 4 ? tasks : 0;
    }

    /// <summary>Threads a product of this size uses (1 below <see cref="ParallelThreshold"/> or when not parallel).</summary>
    public static int Degree(bool parallel, int m, int n, int k) =>
        parallel && (long)m * n * k >= ParallelThreshold ? ParallelFor.DegreeFor(int.MaxValue) : 1;

    /// <summary>
    /// Packs op(A) [m, k] into the calling thread's A buffer and returns it; it stays valid for
    /// <see cref="Compute{TB}"/> calls from this thread until the next GEMM this thread starts.
    /// </summary>
    public static float* PackA(in GemmConfig cfg, int degree, bool transA, int m, int k, float* a, nint lda) =>
        PackAInto(cfg, degree, transA, m, k, a, lda, Buffer(ref t_packA, PackedALength(cfg, m, k)));

    /// <summary>Floats a packed op(A) [m, k] takes (see <see cref="PackAInto"/>).</summary>
    public static long PackedALength(in GemmConfig cfg, int m, int k) => (long)RoundUp(m, cfg.Mr) * k;

    /// <summary>
    /// Packs op(A) [m, k] into <paramref name="packA"/> (<see cref="PackedALength"/> floats, best 64-byte aligned),
    /// for <see cref="Compute{TB}"/> calls from any thread while it lives (e.g. weights shared by workers).
    /// </summary>
    public static float* PackAInto(in GemmConfig cfg, int degree, bool transA, int m, int k, float* a, nint lda, float* packA)
    {
        int mPad = RoundUp(m, cfg.Mr);
        var pack = new PackATask
        {
            Cfg = cfg,
            TransA = transA,
            M = m,
            K = k,
            A = a,
            Lda = lda,
            PackA = packA,
            MPad = mPad,
        };
        RunTasks(degree, mPad / cfg.Mr, pack);
        return packA;
    }

    /// <summary>
    /// C = alpha · A · op(B) + beta · C with A packed by <see cref="PackA"/> and op(B) packed panel by panel by
    /// <paramref name="source"/>. C may be column-blocked: column j lives at
    /// c + (j / colBlock) · blockStride + j % colBlock (row stride ldc); colBlock must be n or a multiple of Nr.
    /// </summary>
    public static void Compute<TB>(in GemmConfig cfg, int degree, int m, int n, int k, float alpha, float* packA,
        TB source, float beta, float* c, nint ldc, int colBlock, nint blockStride) where TB : struct, IGemmPanelSource
    {
        int mr = cfg.Mr, nr = cfg.Nr;
        if (colBlock < n && colBlock % nr != 0)
        {
            throw new ArgumentException("GEMM column blocks must be whole micro-panels", nameof(colBlock));
        }

        // Row blocks as even as possible; then enough column chunks that every thread gets several tasks.
        int mBlocks = (m + cfg.Mc - 1) / cfg.Mc;
        int mcl = RoundUp((m + mBlocks - 1) / mBlocks, mr);
        mBlocks = (m + mcl - 1) / mcl;
        int bPanels = (n + nr - 1) / nr;
        int chunks = degree == 1 ? 1 : Math.Clamp((degree * TasksPerThread + mBlocks - 1) / mBlocks, 1, bPanels);
        int chunkPanels = Math.Min((bPanels + chunks - 1) / chunks, MaxChunkPanels);
        chunks = (bPanels + chunkPanels - 1) / chunkPanels;

        var compute = new ComputeTask<TB>
        {
            Cfg = cfg,
            M = m,
            N = n,
            K = k,
            Alpha = alpha,
            Beta = beta,
            Source = source,
            C = c,
            Ldc = ldc,
            ColBlock = colBlock,
            BlockStride = blockStride,
            PackA = packA,
            MPad = RoundUp(m, mr),
            Mcl = mcl,
            BPanels = bPanels,
            ChunkPanels = chunkPanels,
            Chunks = chunks,
        };
        RunTasks(degree, mBlocks * chunks, compute);
    }

    /// <summary>op(B) read from a row-major matrix.</summary>
    private readonly struct MatrixB(bool transB, float* b, nint ldb, int n) : IGemmPanelSource
    {
        public void Pack(int p0, int kcb, int j, int panels, int nr, float* dst) =>
            GemmPack.PackBPanels(transB, b, ldb, n, p0, kcb, j, panels, nr, dst);
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

    private struct PackATask : IParallelBody
    {
        public GemmConfig Cfg;
        public bool TransA;
        public int M, K, MPad;
        public float* A, PackA;
        public nint Lda;

        public readonly void Invoke(int index) =>
            GemmPack.PackAPanel(TransA, A, Lda, M, K, index * Cfg.Mr, Cfg.Mr, KBlock(Cfg, K), MPad, PackA);
    }

    private struct ComputeTask<TB> : IParallelBody where TB : struct, IGemmPanelSource
    {
        public GemmConfig Cfg;
        public TB Source;
        public int M, N, K, MPad, Mcl, BPanels, ChunkPanels, Chunks, ColBlock;
        public float Alpha, Beta;
        public float* C, PackA;
        public nint Ldc, BlockStride;

        public readonly void Invoke(int index) => Work(index);

        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void Work(int index)
        {
            int mr = Cfg.Mr, nr = Cfg.Nr, kc = KBlock(Cfg, K);
            float* tile = stackalloc float[mr * nr];
            float* panelsB = Buffer(ref t_panelB, (long)Math.Max(kc, Cfg.Kc + Cfg.Kc / 4) * nr * ChunkPanels);

            int i0 = index / Chunks * Mcl;
            int mc = Math.Min(Mcl, M - i0);
            int aPanels = (mc + mr - 1) / mr;
            int jp0 = index % Chunks * ChunkPanels;
            int jp1 = Math.Min(jp0 + ChunkPanels, BPanels);

            for (int p0 = 0; p0 < K; p0 += kc)
            {
                int kcb = Math.Min(kc, K - p0);
                float beta = p0 == 0 ? Beta : 1f;
                float* aBlock = PackA + (nint)p0 * MPad + (nint)(i0 / mr) * kcb * mr;
                // The chunk's B panels are packed together: for row-major B each k row is then one long
                // contiguous read instead of many 128-byte pieces a page apart.
                Source.Pack(p0, kcb, jp0 * nr, jp1 - jp0, nr, panelsB);
                for (int jp = jp0; jp < jp1; jp++)
                {
                    int j = jp * nr;
                    int cols = Math.Min(nr, N - j);
                    float* panelB = panelsB + (nint)(jp - jp0) * kcb * nr;
                    float* cj = C + (nint)(j / ColBlock) * BlockStride + j % ColBlock;
                    PanelAgainstA(Cfg, false, false, null, 0, mc, kcb, aPanels * mr, aBlock, panelB, cols, cj + i0 * Ldc, Ldc,
                        Alpha, beta, tile);
                }
            }
        }
    }

    /// <summary>C[rows, cols] = alpha · tile + beta · C for an edge tile (beta = 0: C is not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// The k block for a product of depth k: Kc, except that k up to 1.25·Kc runs as one block and longer k is
    /// cut into equal blocks (289 = 256 + 33 would spend a whole C pass on a 33-deep sliver). Packing A and
    /// computing use the same value, as both know k.
    /// </summary>
    private static int KBlock(in GemmConfig cfg, int k)
    {
        int kc = cfg.Kc;
        if (k <= kc + kc / 4)
        {
            return Math.Max(k, 1);
        }
        int blocks = (k + kc - 1) / kc;
        return (k + blocks - 1) / blocks;
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
