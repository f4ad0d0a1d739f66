using System.Numerics;

namespace Hamr.Geometry;

// The continuous 6D representation of Zhou, Barnes, Lu, Yang, Li, "On the Continuity of Rotation Representations in
// Neural Networks" (CVPR 2019): the first two COLUMNS of the matrix, (R₀₀, R₁₀, R₂₀, R₀₁, R₁₁, R₂₁), mapped back by
// Gram–Schmidt. (PyTorch3D stores the first two rows instead; the two are transposes of each other.)
public static partial class Rotations
{
    // Same guard as F.normalize / Tensor.Normalize: x / max(|x|, eps), so degenerate inputs give zeros, not NaN.
    private const double NormalizeEps = 1e-12;

    /// <summary>
    /// Rotation matrix from 6D: b₁ = a₁/|a₁|, b₂ = normalise(a₂ − (b₁·a₂)·b₁), b₃ = b₁ × b₂; R = [b₁ b₂ b₃] as columns.
    /// </summary>
    public static void SixDToMatrix<T>(ReadOnlySpan<T> sixD, Span<T> matrix)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(sixD.Length, 6, nameof(sixD));
        CheckLength(matrix.Length, 9, nameof(matrix));
        T eps = T.CreateTruncating(NormalizeEps);
        T ax = sixD[0], ay = sixD[1], az = sixD[2];
        T n1 = T.Max(T.Sqrt(ax * ax + ay * ay + az * az), eps);
        T b1x = ax / n1, b1y = ay / n1, b1z = az / n1;
        T dot = b1x * sixD[3] + b1y * sixD[4] + b1z * sixD[5];
        T ux = sixD[3] - dot * b1x, uy = sixD[4] - dot * b1y, uz = sixD[5] - dot * b1z;
        T n2 = T.Max(T.Sqrt(ux * ux + uy * uy + uz * uz), eps);
        T b2x = ux / n2, b2y = uy / n2, b2z = uz / n2;
        matrix[0] = b1x;
        matrix[3] = b1y;
        matrix[6] = b1z;
        matrix[1] = b2x;
        matrix[4] = b2y;
        matrix[7] = b2z;
        matrix[2] = b1y * b2z - b1z * b2y;
        matrix[5] = b1z * b2x - b1x * b2z;
        matrix[8] = b1x * b2y - b1y * b2x;
    }

    /// <summary>Batched <see cref="SixDToMatrix{T}(ReadOnlySpan{T}, Span{T})"/>: [N, 6] → [N, 9].</summary>
    public static void SixDsToMatrices<T>(ReadOnlySpan<T> sixD, Span<T> matrices)
        where T : IFloatingPointIeee754<T>
    {
        int n = CheckBatch(sixD.Length, 6, matrices.Length, 9);
        for (int i = 0; i < n; i++)
        {
            SixDToMatrix(sixD.Slice(6 * i, 6), matrices.Slice(9 * i, 9));
        }
    }

    /// <summary>The 6D representation: the first two columns of the matrix.</summary>
    public static void MatrixToSixD<T>(ReadOnlySpan<T> matrix, Span<T> sixD)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(matrix.Length, 9, nameof(matrix));
        CheckLength(sixD.Length, 6, nameof(sixD));
        sixD[0] = matrix[0];
        sixD[1] = matrix[3];
        sixD[2] = matrix[6];
        sixD[3] = matrix[1];
        sixD[4] = matrix[4];
        sixD[5] = matrix[7];
    }

    /// <summary>Batched <see cref="MatrixToSixD{T}(ReadOnlySpan{T}, Span{T})"/>: [N, 9] → [N, 6].</summary>
    public static void MatricesToSixDs<T>(ReadOnlySpan<T> matrices, Span<T> sixD)
        where T : IFloatingPointIeee754<T>
    {
        int n = CheckBatch(matrices.Length, 9, sixD.Length, 6);
        for (int i = 0; i < n; i++)
        {
            MatrixToSixD(matrices.Slice(9 * i, 9), sixD.Slice(6 * i, 6));
        }
    }
}
