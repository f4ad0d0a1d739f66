using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>Single-precision general matrix multiply on row-major spans (the engine's workhorse).</summary>
/// <remarks>
/// Packed, cache-blocked and register-blocked (see <see cref="GemmDriver"/>), on the widest of the
/// Vector512 / Vector256 / scalar micro-kernels the CPU accelerates, using up to
/// <see cref="ParallelFor.MaxDegree"/> threads for problems above ~64³ multiply-adds. Allocates nothing
/// in steady state (packing buffers are kept per thread).
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// C[m,n] = alpha · op(A)[m,k] · op(B)[k,n] + beta · C, row-major. op(A) = Aᵀ when <paramref name="transA"/>
    /// (then A is stored k×m with leading dimension lda). beta = 0 overwrites C without reading it.
    /// </summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        SgemmOn(GemmConfig.BestPath, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// <paramref name="batchCount"/> independent products: for batch i, <see cref="Sgemm"/> on
    /// a[i·strideA..], b[i·strideB..], c[i·strideC..]. A stride of 0 for A or B shares that operand across the
    /// batch (e.g. one weight matrix); C's stride must keep the outputs apart. Small products run one per
    /// thread; large ones run one after another, each using all threads.
    /// </summary>
    public static void SgemmBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, int strideA, ReadOnlySpan<float> b, int ldb, int strideB,
        float beta, Span<float> c, int ldc, int strideC, int batchCount)
    {
        if (batchCount < 0 || strideA < 0 || strideB < 0 || strideC < 0)
        {
            ThrowOutOfRange("batchCount and strides must not be negative.");
        }
        if (batchCount == 0)
        {
            return;
        }
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        long spanC = Extent(m, n, ldc);
        if (batchCount > 1 && spanC > 0 && strideC < spanC)
        {
            ThrowOutOfRange("strideC must keep the C matrices of different batches apart.");
        }
        long last = batchCount - 1L;
        CheckLength(a.Length, last * strideA + Extent(transA ? k : m, transA ? m : k, lda), nameof(a));
        CheckLength(b.Length, last * strideB + Extent(transB ? n : k, transB ? k : n, ldb), nameof(b));
        CheckLength(c.Length, last * strideC + spanC, nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        GemmConfig cfg = GemmConfig.Best;
        long work = (long)m * n * k;
        bool perThread = batchCount > 1 && work < GemmDriver.ParallelThreshold * 4
            && ParallelFor.DegreeFor(batchCount) > 1;
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                if (perThread)
                {
                    var body = new BatchTask
                    {
                        Cfg = cfg,
                        TransA = transA,
                        TransB = transB,
                        M = m,
                        N = n,
                        K = k,
                        Alpha = alpha,
                        Beta = beta,
                        A = pa,
                        Lda = lda,
                        StrideA = strideA,
                        B = pb,
                        Ldb = ldb,
                        StrideB = strideB,
                        C = pc,
                        Ldc = ldc,
                        StrideC = strideC,
                    };
                    ParallelFor.Run(batchCount, body);
                    return;
                }
                for (int i = 0; i < batchCount; i++)
                {
                    Multiply(cfg, true, transA, transB, m, n, k, alpha, pa + (nint)i * strideA, lda,
                        pb + (nint)i * strideB, ldb, beta, pc + (nint)i * strideC, ldc);
                }
            }
        }
    }

    /// <summary><see cref="Sgemm"/> on a chosen kernel path (tests run every path the machine has).</summary>
    internal static void SgemmOn(GemmPath path, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        CheckLength(a.Length, Extent(transA ? k : m, transA ? m : k, lda), nameof(a));
        CheckLength(b.Length, Extent(transB ? n : k, transB ? k : n, ldb), nameof(b));
        CheckLength(c.Length, Extent(m, n, ldc), nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }
        GemmConfig cfg = path == GemmConfig.BestPath ? GemmConfig.Best : GemmConfig.For(path);
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                Multiply(cfg, true, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
        }
    }

    private static unsafe void Multiply(in GemmConfig cfg, bool parallel, bool transA, bool transB, int m, int n,
        int k, float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        if (k == 0 || alpha == 0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        GemmDriver.Run(cfg, parallel, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static unsafe void ScaleC(int m, int n, float beta, float* c, nint ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (beta == 0)
            {
                row.Clear();
            }
            else if (beta != 1)
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private unsafe struct BatchTask : IParallelBody
    {
        public GemmConfig Cfg;
        public bool TransA, TransB;
        public int M, N, K, StrideA, StrideB, StrideC;
        public float Alpha, Beta;
        public float* A, B, C;
        public nint Lda, Ldb, Ldc;

        public readonly void Invoke(int index) =>
            Multiply(Cfg, false, TransA, TransB, M, N, K, Alpha, A + (nint)index * StrideA, Lda,
                B + (nint)index * StrideB, Ldb, Beta, C + (nint)index * StrideC, Ldc);
    }

    /// <summary>Floats a rows × cols row-major matrix with leading dimension ld spans.</summary>
    private static long Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (rows - 1L) * ld + cols;

    private static void CheckShape(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            ThrowOutOfRange("m, n and k must not be negative.");
        }
        if (lda < Math.Max(1, transA ? m : k) || ldb < Math.Max(1, transB ? k : n) || ldc < Math.Max(1, n))
        {
            ThrowOutOfRange("A leading dimension is smaller than its row length.");
        }
    }

    private static void CheckLength(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"Span is too short: {length} < {needed} floats.", name);
        }
    }

    private static void ThrowOutOfRange(string message) => throw new ArgumentOutOfRangeException(null, message);
}
