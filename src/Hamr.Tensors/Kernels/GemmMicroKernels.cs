using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hamr.Tensors.Kernels;

// The register-blocked inner loops of Gemm: each computes one MR×NR tile of C from a packed A micro-panel
// (kc × MR, k-major) and a packed B micro-panel (kc × NR, k-major):
//     C[MR, NR] = alpha · Σ_p A[p, 0..MR) ⊗ B[p, 0..NR) + beta · C   (beta = 0: C is not read).
// The accumulators are plain locals so the JIT keeps them all in registers; the bodies are written out
// (generated once by a short script, then kept as ordinary code) because helper calls taking accumulators
// by ref would make the JIT spill them to the stack.
internal static unsafe class GemmMicroKernels
{
    /// <summary>8×32 tile with Vector512: 16 accumulators, 2 B loads and 8 A broadcasts per k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vector512Kernel8x32(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        if (Sse.IsSupported)
        {
            // C is usually not in cache: start its lines coming while the k loop runs.
            for (int r = 0; r < 8; r++)
            {
                Sse.Prefetch0(c + r * ldc);
                Sse.Prefetch0(c + r * ldc + 31);
                Sse.Prefetch0(c + r * ldc + 16);
            }
        }
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (; kc > 0; kc--)
        {
            Vector512<float> b0 = Vector512.Load(b + 0), b1 = Vector512.Load(b + 16);
            Vector512<float> av = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a += 8;
            b += 32;
        }
        Vector512<float> alphaV = Vector512.Create(alpha);
        if (beta == 0)
        {
            (c00 * alphaV).Store(c + 0 * ldc + 0);
            (c01 * alphaV).Store(c + 0 * ldc + 16);
            (c10 * alphaV).Store(c + 1 * ldc + 0);
            (c11 * alphaV).Store(c + 1 * ldc + 16);
            (c20 * alphaV).Store(c + 2 * ldc + 0);
            (c21 * alphaV).Store(c + 2 * ldc + 16);
            (c30 * alphaV).Store(c + 3 * ldc + 0);
            (c31 * alphaV).Store(c + 3 * ldc + 16);
            (c40 * alphaV).Store(c + 4 * ldc + 0);
            (c41 * alphaV).Store(c + 4 * ldc + 16);
            (c50 * alphaV).Store(c + 5 * ldc + 0);
            (c51 * alphaV).Store(c + 5 * ldc + 16);
            (c60 * alphaV).Store(c + 6 * ldc + 0);
            (c61 * alphaV).Store(c + 6 * ldc + 16);
            (c70 * alphaV).Store(c + 7 * ldc + 0);
            (c71 * alphaV).Store(c + 7 * ldc + 16);
            return;
        }
        Vector512<float> betaV = Vector512.Create(beta);
        Vector512.FusedMultiplyAdd(c00, alphaV, Vector512.Load(c + 0 * ldc + 0) * betaV).Store(c + 0 * ldc + 0);
        Vector512.FusedMultiplyAdd(c01, alphaV, Vector512.Load(c + 0 * ldc + 16) * betaV).Store(c + 0 * ldc + 16);
        Vector512.FusedMultiplyAdd(c10, alphaV, Vector512.Load(c + 1 * ldc + 0) * betaV).Store(c + 1 * ldc + 0);
        Vector512.FusedMultiplyAdd(c11, alphaV, Vector512.Load(c + 1 * ldc + 16) * betaV).Store(c + 1 * ldc + 16);
        Vector512.FusedMultiplyAdd(c20, alphaV, Vector512.Load(c + 2 * ldc + 0) * betaV).Store(c + 2 * ldc + 0);
        Vector512.FusedMultiplyAdd(c21, alphaV, Vector512.Load(c + 2 * ldc + 16) * betaV).Store(c + 2 * ldc + 16);
        Vector512.FusedMultiplyAdd(c30, alphaV, Vector512.Load(c + 3 * ldc + 0) * betaV).Store(c + 3 * ldc + 0);
        Vector512.FusedMultiplyAdd(c31, alphaV, Vector512.Load(c + 3 * ldc + 16) * betaV).Store(c + 3 * ldc + 16);
        Vector512.FusedMultiplyAdd(c40, alphaV, Vector512.Load(c + 4 * ldc + 0) * betaV).Store(c + 4 * ldc + 0);
        Vector512.FusedMultiplyAdd(c41, alphaV, Vector512.Load(c + 4 * ldc + 16) * betaV).Store(c + 4 * ldc + 16);
        Vector512.FusedMultiplyAdd(c50, alphaV, Vector512.Load(c + 5 * ldc + 0) * betaV).Store(c + 5 * ldc + 0);
        Vector512.FusedMultiplyAdd(c51, alphaV, Vector512.Load(c + 5 * ldc + 16) * betaV).Store(c + 5 * ldc + 16);
        Vector512.FusedMultiplyAdd(c60, alphaV, Vector512.Load(c + 6 * ldc + 0) * betaV).Store(c + 6 * ldc + 0);
        Vector512.FusedMultiplyAdd(c61, alphaV, Vector512.Load(c + 6 * ldc + 16) * betaV).Store(c + 6 * ldc + 16);
        Vector512.FusedMultiplyAdd(c70, alphaV, Vector512.Load(c + 7 * ldc + 0) * betaV).Store(c + 7 * ldc + 0);
        Vector512.FusedMultiplyAdd(c71, alphaV, Vector512.Load(c + 7 * ldc + 16) * betaV).Store(c + 7 * ldc + 16);
    }

    /// <summary>6×16 tile with Vector256: 12 accumulators, 2 B loads and 6 A broadcasts per k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vector256Kernel6x16(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        if (Sse.IsSupported)
        {
            // C is usually not in cache: start its lines coming while the k loop runs.
            for (int r = 0; r < 6; r++)
            {
                Sse.Prefetch0(c + r * ldc);
                Sse.Prefetch0(c + r * ldc + 15);
            }
        }
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (; kc > 0; kc--)
        {
            Vector256<float> b0 = Vector256.Load(b + 0), b1 = Vector256.Load(b + 8);
            Vector256<float> av = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            a += 6;
            b += 16;
        }
        Vector256<float> alphaV = Vector256.Create(alpha);
        if (beta == 0)
        {
            (c00 * alphaV).Store(c + 0 * ldc + 0);
            (c01 * alphaV).Store(c + 0 * ldc + 8);
            (c10 * alphaV).Store(c + 1 * ldc + 0);
            (c11 * alphaV).Store(c + 1 * ldc + 8);
            (c20 * alphaV).Store(c + 2 * ldc + 0);
            (c21 * alphaV).Store(c + 2 * ldc + 8);
            (c30 * alphaV).Store(c + 3 * ldc + 0);
            (c31 * alphaV).Store(c + 3 * ldc + 8);
            (c40 * alphaV).Store(c + 4 * ldc + 0);
            (c41 * alphaV).Store(c + 4 * ldc + 8);
            (c50 * alphaV).Store(c + 5 * ldc + 0);
            (c51 * alphaV).Store(c + 5 * ldc + 8);
            return;
        }
        Vector256<float> betaV = Vector256.Create(beta);
        Vector256.FusedMultiplyAdd(c00, alphaV, Vector256.Load(c + 0 * ldc + 0) * betaV).Store(c + 0 * ldc + 0);
        Vector256.FusedMultiplyAdd(c01, alphaV, Vector256.Load(c + 0 * ldc + 8) * betaV).Store(c + 0 * ldc + 8);
        Vector256.FusedMultiplyAdd(c10, alphaV, Vector256.Load(c + 1 * ldc + 0) * betaV).Store(c + 1 * ldc + 0);
        Vector256.FusedMultiplyAdd(c11, alphaV, Vector256.Load(c + 1 * ldc + 8) * betaV).Store(c + 1 * ldc + 8);
        Vector256.FusedMultiplyAdd(c20, alphaV, Vector256.Load(c + 2 * ldc + 0) * betaV).Store(c + 2 * ldc + 0);
        Vector256.FusedMultiplyAdd(c21, alphaV, Vector256.Load(c + 2 * ldc + 8) * betaV).Store(c + 2 * ldc + 8);
        Vector256.FusedMultiplyAdd(c30, alphaV, Vector256.Load(c + 3 * ldc + 0) * betaV).Store(c + 3 * ldc + 0);
        Vector256.FusedMultiplyAdd(c31, alphaV, Vector256.Load(c + 3 * ldc + 8) * betaV).Store(c + 3 * ldc + 8);
        Vector256.FusedMultiplyAdd(c40, alphaV, Vector256.Load(c + 4 * ldc + 0) * betaV).Store(c + 4 * ldc + 0);
        Vector256.FusedMultiplyAdd(c41, alphaV, Vector256.Load(c + 4 * ldc + 8) * betaV).Store(c + 4 * ldc + 8);
        Vector256.FusedMultiplyAdd(c50, alphaV, Vector256.Load(c + 5 * ldc + 0) * betaV).Store(c + 5 * ldc + 0);
        Vector256.FusedMultiplyAdd(c51, alphaV, Vector256.Load(c + 5 * ldc + 8) * betaV).Store(c + 5 * ldc + 8);
    }

    /// <summary>4×4 tile in scalar code, for CPUs (or runs) without SIMD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scalar4x4(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (; kc > 0; kc--)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            float a1 = a[1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            float a2 = a[2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            float a3 = a[3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }
        if (beta == 0)
        {
            c[0 * ldc + 0] = alpha * c00; c[0 * ldc + 1] = alpha * c01; c[0 * ldc + 2] = alpha * c02; c[0 * ldc + 3] = alpha * c03;
            c[1 * ldc + 0] = alpha * c10; c[1 * ldc + 1] = alpha * c11; c[1 * ldc + 2] = alpha * c12; c[1 * ldc + 3] = alpha * c13;
            c[2 * ldc + 0] = alpha * c20; c[2 * ldc + 1] = alpha * c21; c[2 * ldc + 2] = alpha * c22; c[2 * ldc + 3] = alpha * c23;
            c[3 * ldc + 0] = alpha * c30; c[3 * ldc + 1] = alpha * c31; c[3 * ldc + 2] = alpha * c32; c[3 * ldc + 3] = alpha * c33;
            return;
        }
        c[0 * ldc + 0] = alpha * c00 + beta * c[0 * ldc + 0];
        c[0 * ldc + 1] = alpha * c01 + beta * c[0 * ldc + 1];
        c[0 * ldc + 2] = alpha * c02 + beta * c[0 * ldc + 2];
        c[0 * ldc + 3] = alpha * c03 + beta * c[0 * ldc + 3];
        c[1 * ldc + 0] = alpha * c10 + beta * c[1 * ldc + 0];
        c[1 * ldc + 1] = alpha * c11 + beta * c[1 * ldc + 1];
        c[1 * ldc + 2] = alpha * c12 + beta * c[1 * ldc + 2];
        c[1 * ldc + 3] = alpha * c13 + beta * c[1 * ldc + 3];
        c[2 * ldc + 0] = alpha * c20 + beta * c[2 * ldc + 0];
        c[2 * ldc + 1] = alpha * c21 + beta * c[2 * ldc + 1];
        c[2 * ldc + 2] = alpha * c22 + beta * c[2 * ldc + 2];
        c[2 * ldc + 3] = alpha * c23 + beta * c[2 * ldc + 3];
        c[3 * ldc + 0] = alpha * c30 + beta * c[3 * ldc + 0];
        c[3 * ldc + 1] = alpha * c31 + beta * c[3 * ldc + 1];
        c[3 * ldc + 2] = alpha * c32 + beta * c[3 * ldc + 2];
        c[3 * ldc + 3] = alpha * c33 + beta * c[3 * ldc + 3];
    }
}
