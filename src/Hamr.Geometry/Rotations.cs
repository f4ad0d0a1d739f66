using System.Numerics;

namespace Hamr.Geometry;

/// <summary>
/// Rotation conversions on plain spans, for float and double alike (generic math): axis-angle ↔ 3×3 matrix here,
/// quaternions and the 6D representation in the partial files beside this one, tensor (autograd) forms in
/// <c>Rotations.Tensors.cs</c>. Matrices are row-major [9]; axis-angle vectors ω have angle θ = |ω| in radians;
/// quaternions are (w, x, y, z). The batched forms take [N, 3] / [N, 9] / [N, 4] / [N, 6] spans.
/// </summary>
public static partial class Rotations
{
    // Below this θ² the Rodrigues coefficients use their Taylor series: the closed forms are 0/0 at θ = 0 and the
    // series' truncation error there is below (θ²)³/5040 ≈ 2e-16. Same threshold as the engine's Tensor.Rodrigues.
    private const double SeriesThreshold = 1e-4;

    /// <summary>
    /// Rodrigues' formula: R = I + A·K + B·K², K = [ω]ₓ, A = sin θ/θ, B = (1 − cos θ)/θ². B is evaluated as
    /// 2·(sin(θ/2)/θ)², which has no cancellation in float; both use a series for small θ (no norm(ω + ε) hack).
    /// </summary>
    public static void AxisAngleToMatrix<T>(ReadOnlySpan<T> axisAngle, Span<T> matrix)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(axisAngle.Length, 3, nameof(axisAngle));
        CheckLength(matrix.Length, 9, nameof(matrix));
        T x = axisAngle[0], y = axisAngle[1], z = axisAngle[2];
        T s = x * x + y * y + z * z;
        var (a, b) = RodriguesCoefficients(s);
        // R = (1 − B·θ²)·I + A·K + B·ωωᵀ  (K² = ωωᵀ − θ²·I)
        T d = T.One - b * s;
        matrix[0] = d + b * x * x;
        matrix[1] = -a * z + b * x * y;
        matrix[2] = a * y + b * x * z;
        matrix[3] = a * z + b * y * x;
        matrix[4] = d + b * y * y;
        matrix[5] = -a * x + b * y * z;
        matrix[6] = -a * y + b * z * x;
        matrix[7] = a * x + b * z * y;
        matrix[8] = d + b * z * z;
    }

    /// <summary>Batched <see cref="AxisAngleToMatrix{T}(ReadOnlySpan{T}, Span{T})"/>: [N, 3] → [N, 9].</summary>
    public static void AxisAnglesToMatrices<T>(ReadOnlySpan<T> axisAngles, Span<T> matrices)
        where T : IFloatingPointIeee754<T>
    {
        int n = CheckBatch(axisAngles.Length, 3, matrices.Length, 9);
        for (int i = 0; i < n; i++)
        {
            AxisAngleToMatrix(axisAngles.Slice(3 * i, 3), matrices.Slice(9 * i, 9));
        }
    }

    /// <summary>
    /// The axis-angle vector of a rotation matrix, θ ∈ [0, π]. Goes through the quaternion (Shepperd's branch on the
    /// largest of w, x, y, z, then θ = 2·atan2(|v|, w)), which stays accurate near θ = 0, where (tr − 1)/2 loses the
    /// angle, and near θ = π, where the antisymmetric part vanishes. At θ = π either of ±π·axis is returned.
    /// </summary>
    public static void MatrixToAxisAngle<T>(ReadOnlySpan<T> matrix, Span<T> axisAngle)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(axisAngle.Length, 3, nameof(axisAngle));
        CheckLength(matrix.Length, 9, nameof(matrix));
        var (w, x, y, z) = Shepperd(matrix);
        AxisAngleOfQuaternion(w, x, y, z, axisAngle);
    }

    /// <summary>Batched <see cref="MatrixToAxisAngle{T}(ReadOnlySpan{T}, Span{T})"/>: [N, 9] → [N, 3].</summary>
    public static void MatricesToAxisAngles<T>(ReadOnlySpan<T> matrices, Span<T> axisAngles)
        where T : IFloatingPointIeee754<T>
    {
        int n = CheckBatch(matrices.Length, 9, axisAngles.Length, 3);
        for (int i = 0; i < n; i++)
        {
            MatrixToAxisAngle(matrices.Slice(9 * i, 9), axisAngles.Slice(3 * i, 3));
        }
    }

    /// <summary>C = A·B for row-major 3×3 matrices (C may not alias A or B).</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(a.Length, 9, nameof(a));
        CheckLength(b.Length, 9, nameof(b));
        CheckLength(c.Length, 9, nameof(c));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
    }

    /// <summary>A = sin θ/θ and B = (1 − cos θ)/θ² as functions of s = θ².</summary>
    private static (T A, T B) RodriguesCoefficients<T>(T s)
        where T : IFloatingPointIeee754<T>
    {
        if (s < T.CreateTruncating(SeriesThreshold))
        {
            // A = Σ (−s)ⁿ/(2n+1)!, B = Σ (−s)ⁿ/(2n+2)!.
            T a = T.One - s / T.CreateTruncating(6) * (T.One - s / T.CreateTruncating(20) * (T.One - s / T.CreateTruncating(42)));
            T b = T.CreateTruncating(0.5) - s / T.CreateTruncating(24) * (T.One - s / T.CreateTruncating(30) * (T.One - s / T.CreateTruncating(56)));
            return (a, b);
        }
        T theta = T.Sqrt(s);
        T half = T.Sin(theta / T.CreateTruncating(2)) / theta;
        return (T.Sin(theta) / theta, T.CreateTruncating(2) * half * half);
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"expected {expected} values, got {actual}", name);
        }
    }

    private static int CheckBatch(int inLength, int inStride, int outLength, int outStride)
    {
        if (inLength % inStride != 0 || outLength != inLength / inStride * outStride)
        {
            throw new ArgumentException($"batch of {inLength} values (groups of {inStride}) does not match an output of {outLength} (groups of {outStride})");
        }
        return inLength / inStride;
    }
}
