using Hamr.Tensors;

namespace Hamr.Geometry;

// The logarithm map on tensors: rotation matrices [..., 3, 3] → axis-angle [..., 3], differentiable (for the joint-limit
// penalty of a network that predicts 6D rotations).
public static partial class Rotations
{
    // Below this θ² the coefficient of [ω]ײ in J_r⁻¹ uses its series (the closed form is 0/0 at θ = 0).
    private const double LogSeriesThreshold = 1e-4;

    /// <summary>
    /// Axis-angle vectors [..., 3] (θ ∈ [0, π]) of rotation matrices [..., 3, 3]; one custom op. The forward is the span
    /// form (Shepperd's quaternion, accurate at 0 and at π). The backward is the gradient on SO(3): for R → R·exp([δ]ₓ)
    /// the output moves by J_r⁻¹(ω)·δ, so dL/dR = ½·R·[J_r⁻ᵀ·g]ₓ, which is finite at θ = 0 and at θ = π (unlike
    /// differentiating θ/(2 sin θ)·vee(R − Rᵀ)). It is the exact gradient for any input produced on SO(3) (Rodrigues, 6D
    /// Gram–Schmidt); off-manifold directions get none, so the inputs must be rotations.
    /// </summary>
    public static Tensor MatrixToAxisAngle(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank < 2 || matrix.Dim(-1) != 3 || matrix.Dim(-2) != 3)
        {
            throw new ArgumentException($"MatrixToAxisAngle needs matrices [..., 3, 3], got [{string.Join(", ", matrix.GetShape())}]", nameof(matrix));
        }
        var m = matrix.Contiguous();
        var shape = m.GetShape();
        var outShape = shape[..^1];
        var result = Tensor.Zeros(outShape);
        MatricesToAxisAngles<float>(m.AsSpan(), result.AsSpan());
        int n = result.Count / 3;
        return Tensor.CustomOp(result, "MatrixToAxisAngle", [m], g =>
        {
            var gs = g.Contiguous().AsSpan();
            var rs = m.AsSpan();
            var ws = result.AsSpan();
            var grad = Tensor.Zeros(shape);
            var o = grad.AsSpan();
            for (int i = 0; i < n; i++)
            {
                LogBackward(rs.Slice(9 * i, 9), ws.Slice(3 * i, 3), gs.Slice(3 * i, 3), o.Slice(9 * i, 9));
            }
            return [grad];
        });
    }

    /// <summary>dL/dR = ½·R·[h]ₓ with h = J_r⁻ᵀ(ω)·g = g − ½·ω×g + c(θ)·ω×(ω×g), c = 1/θ² − cot(θ/2)/(2θ).</summary>
    private static void LogBackward(ReadOnlySpan<float> r, ReadOnlySpan<float> omega, ReadOnlySpan<float> g, Span<float> dr)
    {
        double wx = omega[0], wy = omega[1], wz = omega[2];
        double gx = g[0], gy = g[1], gz = g[2];
        double t2 = wx * wx + wy * wy + wz * wz;
        double c;
        if (t2 < LogSeriesThreshold)
        {
            c = 1.0 / 12 + t2 / 720 + t2 * t2 / 30240;
        }
        else
        {
            double t = Math.Sqrt(t2);
            // cot(θ/2) = (1 + cos θ)/sin θ; written with the half angle it is 0 (not 0/0) at θ = π.
            c = 1 / t2 - Math.Cos(t / 2) / Math.Sin(t / 2) / (2 * t);
        }
        // a = ω×g, b = ω×a.
        double ax = wy * gz - wz * gy, ay = wz * gx - wx * gz, az = wx * gy - wy * gx;
        double bx = wy * az - wz * ay, by = wz * ax - wx * az, bz = wx * ay - wy * ax;
        double hx = gx - 0.5 * ax + c * bx, hy = gy - 0.5 * ay + c * by, hz = gz - 0.5 * az + c * bz;
        // [h]ₓ = [[0, −hz, hy], [hz, 0, −hx], [−hy, hx, 0]]; (R·[h]ₓ)_{ij} = Σ_k R_ik·[h]ₓ_kj.
        for (int i = 0; i < 3; i++)
        {
            double r0 = r[3 * i], r1 = r[3 * i + 1], r2 = r[3 * i + 2];
            dr[3 * i] = (float)(0.5 * (r1 * hz - r2 * hy));
            dr[3 * i + 1] = (float)(0.5 * (-r0 * hz + r2 * hx));
            dr[3 * i + 2] = (float)(0.5 * (r0 * hy - r1 * hx));
        }
    }
}
