namespace Hamr.Tensors.Kernels;

/// <summary>Single-precision general matrix multiply on row-major spans (the engine's workhorse).</summary>
public static class Gemm
{
    /// <summary>
    /// C[m,n] = alpha · op(A)[m,k] · op(B)[k,n] + beta · C, row-major. op(A) = Aᵀ when <paramref name="transA"/>
    /// (then A is stored k×m with leading dimension lda). beta = 0 overwrites C without reading it.
    /// </summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Placeholder reference loop; replaced by the packed, blocked kernel.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += av * bv;
                }
                c[i * ldc + j] = beta == 0 ? alpha * s : alpha * s + beta * c[i * ldc + j];
            }
        }
    }

    /// <summary>Runs <see cref="Sgemm"/> over <paramref name="batch"/> matrices spaced by the given strides.</summary>
    public static void SgemmBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, int strideA, ReadOnlySpan<float> b, int ldb, int strideB,
        float beta, Span<float> c, int ldc, int strideC, int batch)
    {
        for (int i = 0; i < batch; i++)
        {
            Sgemm(transA, transB, m, n, k, alpha, a[(i * strideA)..], lda, b[(i * strideB)..], ldb, beta, c[(i * strideC)..], ldc);
        }
    }
}
