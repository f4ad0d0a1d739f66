using Hamr.Tensors;

namespace Hamr.Geometry;

/// <summary>A weak-perspective camera (HAMR, HMR): a point X projects to s·(X_xy + t), t = (Tx, Ty).</summary>
public readonly record struct WeakPerspectiveCamera(float Scale, float Tx, float Ty);

/// <summary>
/// Weak-perspective projection s·(X_xy + t) on spans and on tensors (differentiable in the points and the camera), and
/// the least-squares camera for paired 3D/2D points (HAMR's ground-truth camera for L_cam).
/// </summary>
public static class WeakPerspective
{
    /// <summary>Projects points [N, 3] to [N, 2].</summary>
    public static void Project(ReadOnlySpan<float> points, WeakPerspectiveCamera camera, Span<float> projected)
    {
        if (points.Length % 3 != 0 || projected.Length != points.Length / 3 * 2)
        {
            throw new ArgumentException($"Project needs points [N, 3] and an output [N, 2], got {points.Length} and {projected.Length} values");
        }
        for (int i = 0, o = 0; i < points.Length; i += 3, o += 2)
        {
            projected[o] = camera.Scale * (points[i] + camera.Tx);
            projected[o + 1] = camera.Scale * (points[i + 1] + camera.Ty);
        }
    }

    /// <summary>Projects points [B, N, 3] with cameras [B, 3] = (s, tx, ty) to [B, N, 2]; differentiable in both.</summary>
    public static Tensor Project(Tensor points, Tensor cameras)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(cameras);
        if (points.Rank != 3 || points.Dim(2) != 3 || cameras.Rank != 2 || cameras.Dim(1) != 3 || cameras.Dim(0) != points.Dim(0))
        {
            throw new ArgumentException(
                $"Project needs points [B, N, 3] and cameras [B, 3], got [{string.Join(", ", points.GetShape())}] and [{string.Join(", ", cameras.GetShape())}]");
        }
        var s = cameras.Slice(1, 0, 1).Unsqueeze(1);    // [B, 1, 1]
        var t = cameras.Slice(1, 1, 2).Unsqueeze(1);    // [B, 1, 2]
        return s * (points.Slice(2, 0, 2) + t);         // [B, N, 2]
    }

    /// <summary>
    /// The camera minimising Σ wᵢ·|s·(Xᵢ,xy + t) − xᵢ|² for points [N, 3] and their projections [N, 2], with optional
    /// weights [N] (e.g. visibility; empty = all 1). Linear in (s, u = s·t): s = cov(X, x)/var(X), u = x̄ − s·X̄.
    /// Throws when the weighted 3D points do not spread in x/y (the scale is then undetermined).
    /// </summary>
    public static WeakPerspectiveCamera Fit(ReadOnlySpan<float> points, ReadOnlySpan<float> projected, ReadOnlySpan<float> weights = default)
    {
        int n = points.Length / 3;
        if (points.Length % 3 != 0 || projected.Length != 2 * n || (weights.Length != 0 && weights.Length != n))
        {
            throw new ArgumentException($"Fit needs points [N, 3], projections [N, 2] and weights [N] or none, got {points.Length}, {projected.Length}, {weights.Length} values");
        }
        double sw = 0, mX = 0, mY = 0, mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            sw += w;
            mX += w * points[3 * i];
            mY += w * points[3 * i + 1];
            mx += w * projected[2 * i];
            my += w * projected[2 * i + 1];
        }
        if (!(sw > 0))
        {
            throw new ArgumentException("Fit needs a positive total weight");
        }
        mX /= sw;
        mY /= sw;
        mx /= sw;
        my /= sw;
        double cov = 0, var = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            double dX = points[3 * i] - mX, dY = points[3 * i + 1] - mY;
            cov += w * (dX * (projected[2 * i] - mx) + dY * (projected[2 * i + 1] - my));
            var += w * (dX * dX + dY * dY);
        }
        if (!(var > 0) || cov == 0)
        {
            throw new ArgumentException("Fit: the 3D points do not spread in x/y (or their projections do not), so the scale is undetermined");
        }
        double s = cov / var;
        return new WeakPerspectiveCamera((float)s, (float)((mx - s * mX) / s), (float)((my - s * mY) / s));
    }
}
