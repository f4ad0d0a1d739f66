using Hamr.Tensors;

namespace Hamr.Geometry;

// Differentiable (autograd) rotation conversions on tensors with batch axes in front: [..., 3] axis-angle,
// [..., 4] quaternions (w, x, y, z), [..., 6] 6D, [..., 3, 3] matrices. Values agree with the span forms.
public static partial class Rotations
{
    /// <summary>Rotation matrices [..., 3, 3] from axis-angle [..., 3] (the engine's Rodrigues, small-angle series).</summary>
    public static Tensor AxisAngleToMatrix(Tensor axisAngle) => Tensor.Rodrigues(axisAngle);

    /// <summary>Rotation matrices [..., 3, 3] from 6D [..., 6] by Gram–Schmidt, as a composite of engine ops.</summary>
    public static Tensor SixDToMatrix(Tensor sixD)
    {
        ArgumentNullException.ThrowIfNull(sixD);
        CheckLastAxis(sixD, 6, "SixDToMatrix");
        var a1 = sixD.Slice(-1, 0, 3);                                          // [..., 3]
        var a2 = sixD.Slice(-1, 3, 3);                                          // [..., 3]
        var b1 = a1.Normalize(-1, (float)NormalizeEps);                         // [..., 3]
        var b2 = (a2 - b1 * (b1 * a2).Sum(-1, keepDims: true)).Normalize(-1, (float)NormalizeEps);
        var b3 = Tensor.Cross(b1, b2);
        return Tensor.Stack([b1, b2, b3], -1);                                  // [..., 3, 3], b_k as column k
    }

    /// <summary>The 6D representation [..., 6] (first two columns) of matrices [..., 3, 3]; gradients flow back.</summary>
    public static Tensor MatrixToSixD(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank < 2 || matrix.Dim(-1) != 3 || matrix.Dim(-2) != 3)
        {
            throw new ArgumentException($"MatrixToSixD needs matrices [..., 3, 3], got [{string.Join(", ", matrix.GetShape())}]", nameof(matrix));
        }
        var shape = matrix.GetShape();
        shape[^2] = 6;
        return matrix.Slice(-1, 0, 2).Transpose(-2, -1).Reshape(shape[..^1]); // [..., 2, 3] columns → [..., 6]
    }

    /// <summary>
    /// Rotation matrices [..., 3, 3] from quaternions [..., 4] of any norm (R(q) = R(q/|q|); the zero quaternion gives
    /// the identity and a zero gradient). One custom op with its analytic backward.
    /// </summary>
    public static Tensor QuaternionToMatrix(Tensor quaternion)
    {
        ArgumentNullException.ThrowIfNull(quaternion);
        CheckLastAxis(quaternion, 4, "QuaternionToMatrix");
        var q = quaternion.Contiguous();
        int n = q.Count / 4;
        var shape = q.GetShape();
        var outShape = new int[shape.Length + 1];
        shape.AsSpan(0, shape.Length - 1).CopyTo(outShape);
        outShape[^2] = 3;
        outShape[^1] = 3;
        var result = Tensor.Zeros(outShape);
        QuaternionsToMatrices<float>(q.AsSpan(), result.AsSpan());
        return Tensor.CustomOp(result, "QuaternionToMatrix", [q], g =>
        {
            var gs = g.Contiguous().AsSpan();
            var qs = q.AsSpan();
            var grad = Tensor.Zeros(shape);
            var o = grad.AsSpan();
            for (int b = 0; b < n; b++)
            {
                QuaternionToMatrixBackward(qs.Slice(4 * b, 4), gs.Slice(9 * b, 9), o.Slice(4 * b, 4));
            }
            return [grad];
        });
    }

    /// <summary>
    /// R = I + s·P(q), s = 2/|q|², P quadratic in q: dL/dq = s·Σ G∘∂P/∂q − (2q/|q|²)·s·Σ G∘P.
    /// </summary>
    private static void QuaternionToMatrixBackward(ReadOnlySpan<float> q, ReadOnlySpan<float> g, Span<float> dq)
    {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        double n = w * w + x * x + y * y + z * z;
        if (n == 0)
        {
            dq.Clear();
            return;
        }
        double s = 2 / n;
        double g00 = g[0], g01 = g[1], g02 = g[2], g10 = g[3], g11 = g[4], g12 = g[5], g20 = g[6], g21 = g[7], g22 = g[8];
        double gp = -g00 * (y * y + z * z) + g01 * (x * y - w * z) + g02 * (x * z + w * y)
                  + g10 * (x * y + w * z) - g11 * (x * x + z * z) + g12 * (y * z - w * x)
                  + g20 * (x * z - w * y) + g21 * (y * z + w * x) - g22 * (x * x + y * y);
        double gw = -z * g01 + y * g02 + z * g10 - x * g12 - y * g20 + x * g21;
        double gx = y * (g01 + g10) + z * (g02 + g20) - 2 * x * (g11 + g22) + w * (g21 - g12);
        double gy = x * (g01 + g10) + z * (g12 + g21) - 2 * y * (g00 + g22) + w * (g02 - g20);
        double gz = x * (g02 + g20) + y * (g12 + g21) - 2 * z * (g00 + g11) + w * (g10 - g01);
        double k = 2 / n * s * gp;
        dq[0] = (float)(s * gw - k * w);
        dq[1] = (float)(s * gx - k * x);
        dq[2] = (float)(s * gy - k * y);
        dq[3] = (float)(s * gz - k * z);
    }

    private static void CheckLastAxis(Tensor t, int size, string op)
    {
        if (t.Rank < 1 || t.Dim(-1) != size)
        {
            throw new ArgumentException($"{op} needs [..., {size}], got [{string.Join(", ", t.GetShape())}]");
        }
    }
}
