using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// The row-split path of the GEMM driver (see <see cref="RowSplitTasks"/>): each task packs its own rows of A,
/// and op(B) is packed once into a buffer the tasks share, group of panels by group of panels, by whichever
/// task needs a group first (a flag per group: free, being packed, ready). Tasks walk the groups of each k block
/// in opposite directions, so two threads each pack about half of B and then read the other half.
/// </summary>
internal static unsafe partial class GemmDriver
{
    /// <summary>Packed op(B) up to this size is shared by the row tasks; larger is packed per task.</summary>
    private const long SharedBMaxBytes = 8L << 20;

    /// <summary>A task waits at most this long for a group another is packing before it packs its own copy.</summary>
    private const long GroupWaitMicros = 50;

    /// <summary>
    /// The k block of the row-split path: about 128 (half of Kc), measured 2–7% faster than 256 at
    /// 256 × 2304 × 256, as each thread's A block and B panel then take half the L2 and L1.
    /// </summary>
    private const int RowSplitKc = 128;

    private const int FlagFree = 0, FlagPacking = 1, FlagReady = 2;

    [ThreadStatic]
    private static float[]? t_sharedB;

    [ThreadStatic]
    private static int[]? t_groupFlags;

    private static void RunRowSplit(in GemmConfig cfg, int degree, int rowTasks, bool transA, int m, int n, int k,
        float alpha, float* a, nint lda, MatrixB b, float beta, float* c, nint ldc)
    {
        int kc = RowSplitKBlock(k);
        int bPanels = (n + cfg.Nr - 1) / cfg.Nr;
        int groupPanels = Math.Max(1, bPanels / 4);
        int groups = (bPanels + groupPanels - 1) / groupPanels;
        var task = new RowBlockTask
        {
            Cfg = cfg,
            TransA = transA,
            M = m,
            N = n,
            K = k,
            Kc = kc,
            BPanels = bPanels,
            GroupPanels = groupPanels,
            Groups = groups,
            Rows = RoundUp((m + rowTasks - 1) / rowTasks, cfg.Mr),
            Alpha = alpha,
            Beta = beta,
            A = a,
            Lda = lda,
            B = b,
            C = c,
            Ldc = ldc,
        };
        long sharedLength = (long)k * bPanels * cfg.Nr;
        if (sharedLength * sizeof(float) <= SharedBMaxBytes)
        {
            int flags = (k + kc - 1) / kc * groups;
            if (t_groupFlags is null || t_groupFlags.Length < flags)
            {
                t_groupFlags = GC.AllocateArray<int>(Math.Max(flags, 64), pinned: true);
            }
            int* f = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(t_groupFlags));
            new Span<int>(f, flags).Clear();
            task.Flags = f;
            task.SharedB = Buffer(ref t_sharedB, sharedLength);
        }
        RunTasks(degree, rowTasks, task);
    }

    /// <summary>Equal k blocks of about <see cref="RowSplitKc"/> (k up to 1.25 · RowSplitKc is one block).</summary>
    private static int RowSplitKBlock(int k)
    {
        if (k <= RowSplitKc + RowSplitKc / 4)
        {
            return k;
        }
        int blocks = (k + RowSplitKc - 1) / RowSplitKc;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>One row block of a row-split product: packs its rows of A on this thread, then computes them.</summary>
    private struct RowBlockTask : IParallelBody
    {
        public GemmConfig Cfg;
        public bool TransA;
        public int M, N, K, Kc, Rows, BPanels, GroupPanels, Groups;
        public float Alpha, Beta;
        public float* A, C, SharedB;
        public nint Lda, Ldc;
        public MatrixB B;
        public int* Flags;

        public readonly void Invoke(int index)
        {
            int i0 = index * Rows;
            int rows = Math.Min(Rows, M - i0);
            if (rows <= 0)
            {
                return;
            }
            float* a = TransA ? A + i0 : A + i0 * Lda;
            if (SharedB == null)
            {
                float* packA = PackA(Cfg, 1, TransA, rows, K, a, Lda);
                Compute(Cfg, 1, rows, N, K, Alpha, packA, B, Beta, C + i0 * Ldc, Ldc, N, 0);
                return;
            }
            Work(index, rows, a, C + i0 * Ldc);
        }

        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void Work(int index, int m, float* a, float* c)
        {
            int mr = Cfg.Mr, nr = Cfg.Nr, kc = Kc;
            float* tile = stackalloc float[mr * nr];
            float* own = Buffer(ref t_panelB, (long)kc * nr * GroupPanels);
            int mPad = RoundUp(m, mr);
            // A is packed one k block at a time, each panel just before its first use, so it stays in L2.
            float* aBlock = Buffer(ref t_packA, (long)mPad * kc);
            bool forward = (index & 1) == 0;
            for (int p0 = 0, kb = 0; p0 < K; p0 += kc, kb++)
            {
                int kcb = Math.Min(kc, K - p0);
                float beta = p0 == 0 ? Beta : 1f;
                float* aSource = TransA ? a + (nint)p0 * Lda : a + p0;
                for (int q = 0; q < Groups; q++)
                {
                    int g = forward ? q : Groups - 1 - q;
                    int jp0 = g * GroupPanels;
                    int jp1 = Math.Min(jp0 + GroupPanels, BPanels);
                    float* groupB = Group(kb, g, p0, kcb, jp0, jp1 - jp0, own);
                    for (int jp = jp0; jp < jp1; jp++)
                    {
                        int j = jp * nr;
                        int cols = Math.Min(nr, N - j);
                        float* panelB = groupB + (nint)(jp - jp0) * kcb * nr;
                        PanelAgainstA(Cfg, q == 0 && jp == jp0, TransA, aSource, Lda, m, kcb, mPad, aBlock, panelB, cols,
                            c + j, Ldc, Alpha, beta, tile);
                    }
                }
            }
        }

        /// <summary>The packed group <paramref name="g"/> of k block <paramref name="kb"/>: shared, or this thread's copy.</summary>
        private readonly float* Group(int kb, int g, int p0, int kcb, int j0, int panels, float* own)
        {
            int nr = Cfg.Nr;
            int* flag = Flags + kb * Groups + g;
            float* shared = SharedB + ((nint)p0 * BPanels + (nint)j0 * kcb) * nr;
            int state = Volatile.Read(ref *flag);
            if (state == FlagFree && Interlocked.CompareExchange(ref *flag, FlagPacking, FlagFree) == FlagFree)
            {
                B.Pack(p0, kcb, j0 * nr, panels, nr, shared);
                Volatile.Write(ref *flag, FlagReady);
                return shared;
            }
            if (state != FlagReady)
            {
                long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * GroupWaitMicros / 1_000_000;
                while (Volatile.Read(ref *flag) != FlagReady)
                {
                    if (Stopwatch.GetTimestamp() >= until)
                    {
                        // The packing thread was descheduled: do not wait for it.
                        B.Pack(p0, kcb, j0 * nr, panels, nr, own);
                        return own;
                    }
                    Thread.SpinWait(4);
                }
            }
            return shared;
        }
    }

    /// <summary>
    /// One packed B micro-panel against every A micro-panel of a k block (the k block's A packed panel by panel just
    /// before its first use when <paramref name="packA"/>), into C columns from <paramref name="c"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PanelAgainstA(in GemmConfig cfg, bool packA, bool transA, float* aSource, nint lda, int m, int kcb,
        int mPad, float* aBlock, float* panelB, int cols, float* c, nint ldc, float alpha, float beta, float* tile)
    {
        int mr = cfg.Mr, nr = cfg.Nr;
        var kernel = cfg.Kernel;
        for (int i = 0; i < mPad; i += mr)
        {
            float* ap = aBlock + (nint)i * kcb;
            if (packA)
            {
                GemmPack.PackAPanel(transA, aSource, lda, m, kcb, i, mr, kcb, mPad, aBlock);
            }
            int rows = Math.Min(mr, m - i);
            float* cp = c + i * ldc;
            if (rows == mr && cols == nr)
            {
                kernel(kcb, ap, panelB, cp, ldc, alpha, beta);
            }
            else
            {
                kernel(kcb, ap, panelB, tile, nr, 1f, 0f);
                MergeTile(tile, nr, cp, ldc, rows, cols, alpha, beta);
            }
        }
    }
}
