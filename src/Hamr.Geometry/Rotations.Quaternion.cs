using System.Numerics;

namespace Hamr.Geometry;

// Quaternions (w, x, y, z) ↔ matrices and axis-angle. Non-unit quaternions are accepted where a conversion can be
// written homogeneously (the matrix of q is that of q/|q|; the zero quaternion maps to the identity).
public static partial class Rotations
{
    /// <summary>Rotation matrix of a quaternion (w, x, y, z), normalised on the fly: R = I + 2/|q|²·(…).</summary>
    public static void QuaternionToMatrix<T>(ReadOnlySpan<T> quaternion, Span<T> matrix)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(quaternion.Length, 4, nameof(quaternion));
        CheckLength(matrix.Length, 9, nameof(matrix));
        T w = quaternion[0], x = quaternion[1], y = quaternion[2], z = quaternion[3];
        T n = w * w + x * x + y * y + z * z;
        T s = n > T.Zero ? T.CreateTruncating(2) / n : T.Zero;
        matrix[0] = T.One - s * (y * y + z * z);
        matrix[1] = s * (x * y - w * z);
        matrix[2] = s * (x * z + w * y);
        matrix[3] = s * (x * y + w * z);
        matrix[4] = T.One - s * (x * x + z * z);
        matrix[5] = s * (y * z - w * x);
        matrix[6] = s * (x * z - w * y);
        matrix[7] = s * (y * z + w * x);
        matrix[8] = T.One - s * (x * x + y * y);
    }

    /// <summary>Batched <see cref="QuaternionToMatrix{T}(ReadOnlySpan{T}, Span{T})"/>: [N, 4] → [N, 9].</summary>
    public static void QuaternionsToMatrices<T>(ReadOnlySpan<T> quaternions, Span<T> matrices)
        where T : IFloatingPointIeee754<T>
    {
        int n = CheckBatch(quaternions.Length, 4, matrices.Length, 9);
        for (int i = 0; i < n; i++)
        {
            QuaternionToMatrix(quaternions.Slice(4 * i, 4), matrices.Slice(9 * i, 9));
        }
    }

    /// <summary>
    /// Unit quaternion of a rotation matrix with w ≥ 0 (Shepperd 1978: the square root is taken of the largest of
    /// 4w², 4x², 4y², 4z², so no branch divides by a small number).
    /// </summary>
    public static void MatrixToQuaternion<T>(ReadOnlySpan<T> m, Span<T> quaternion)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(m.Length, 9, nameof(m));
        CheckLength(quaternion.Length, 4, nameof(quaternion));
        var (w, x, y, z) = Shepperd(m);
        T sign = w < T.Zero ? -T.One : T.One;
        quaternion[0] = sign * w;
        quaternion[1] = sign * x;
        quaternion[2] = sign * y;
        quaternion[3] = sign * z;
    }

    /// <summary>Batched <see cref="MatrixToQuaternion{T}(ReadOnlySpan{T}, Span{T})"/>: [N, 9] → [N, 4].</summary>
    public static void MatricesToQuaternions<T>(ReadOnlySpan<T> matrices, Span<T> quaternions)
        where T : IFloatingPointIeee754<T>
    {
        int n = CheckBatch(matrices.Length, 9, quaternions.Length, 4);
        for (int i = 0; i < n; i++)
        {
            MatrixToQuaternion(matrices.Slice(9 * i, 9), quaternions.Slice(4 * i, 4));
        }
    }

    /// <summary>Unit quaternion (cos θ/2, sin(θ/2)/θ · ω) of an axis-angle vector; series for small θ.</summary>
    public static void AxisAngleToQuaternion<T>(ReadOnlySpan<T> axisAngle, Span<T> quaternion)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(axisAngle.Length, 3, nameof(axisAngle));
        CheckLength(quaternion.Length, 4, nameof(quaternion));
        T x = axisAngle[0], y = axisAngle[1], z = axisAngle[2];
        T s = x * x + y * y + z * z;
        T theta = T.Sqrt(s);
        // k = sin(θ/2)/θ = 1/2 − θ²/48 + θ⁴/3840 − …
        T k = s < T.CreateTruncating(SeriesThreshold)
            ? T.CreateTruncating(0.5) - s / T.CreateTruncating(48) * (T.One - s / T.CreateTruncating(80))
            : T.Sin(theta / T.CreateTruncating(2)) / theta;
        quaternion[0] = T.Cos(theta / T.CreateTruncating(2));
        quaternion[1] = k * x;
        quaternion[2] = k * y;
        quaternion[3] = k * z;
    }

    /// <summary>
    /// Axis-angle vector of a quaternion (any norm), θ ∈ [0, π]: θ = 2·atan2(|v|, |w|) with v's sign following w, so
    /// q and −q give the same rotation vector; exact at v = 0 (ω = 0) without a series (atan2(n, w)/n is smooth).
    /// </summary>
    public static void QuaternionToAxisAngle<T>(ReadOnlySpan<T> quaternion, Span<T> axisAngle)
        where T : IFloatingPointIeee754<T>
    {
        CheckLength(quaternion.Length, 4, nameof(quaternion));
        CheckLength(axisAngle.Length, 3, nameof(axisAngle));
        AxisAngleOfQuaternion(quaternion[0], quaternion[1], quaternion[2], quaternion[3], axisAngle);
    }

    private static (T W, T X, T Y, T Z) Shepperd<T>(ReadOnlySpan<T> m)
        where T : IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        T trace = m[0] + m[4] + m[8];
        T w, x, y, z;
        if (trace >= m[0] && trace >= m[4] && trace >= m[8])
        {
            T r = T.Sqrt(T.One + trace);
            T f = half / r;
            (w, x, y, z) = (half * r, (m[7] - m[5]) * f, (m[2] - m[6]) * f, (m[3] - m[1]) * f);
        }
        else if (m[0] >= m[4] && m[0] >= m[8])
        {
            T r = T.Sqrt(T.One + m[0] - m[4] - m[8]);
            T f = half / r;
            (w, x, y, z) = ((m[7] - m[5]) * f, half * r, (m[1] + m[3]) * f, (m[2] + m[6]) * f);
        }
        else if (m[4] >= m[8])
        {
            T r = T.Sqrt(T.One - m[0] + m[4] - m[8]);
            T f = half / r;
            (w, x, y, z) = ((m[2] - m[6]) * f, (m[1] + m[3]) * f, half * r, (m[5] + m[7]) * f);
        }
        else
        {
            T r = T.Sqrt(T.One - m[0] - m[4] + m[8]);
            T f = half / r;
            (w, x, y, z) = ((m[3] - m[1]) * f, (m[2] + m[6]) * f, (m[5] + m[7]) * f, half * r);
        }
        return (w, x, y, z);
    }

    private static void AxisAngleOfQuaternion<T>(T w, T x, T y, T z, Span<T> axisAngle)
        where T : IFloatingPointIeee754<T>
    {
        if (w < T.Zero)
        {
            (w, x, y, z) = (-w, -x, -y, -z);
        }
        T n = T.Sqrt(x * x + y * y + z * z);
        T two = T.CreateTruncating(2);
        T k;
        if (n > T.Zero)
        {
            k = two * T.Atan2(n, w) / n;
        }
        else
        {
            k = w > T.Zero ? two / w : T.Zero;
        }
        axisAngle[0] = k * x;
        axisAngle[1] = k * y;
        axisAngle[2] = k * z;
    }
}
