using Hamr.HandModel.Numerics;

namespace Hamr.HandModel.OpenHand;

/// <summary>
/// Principal components of sampled hand shapes about the template (not about the sample mean, so that β = 0 is the
/// template exactly; the factors are independent with mean 1, so the sample mean lies on the template up to sampling
/// noise and the small nonlinearity). Computed through the N×N Gram matrix of the samples (N ≪ 3V), whose leading
/// eigenpairs come from subspace iteration (<see cref="SymmetricEigen.Top"/>):
/// if G = X Xᵀ / N = U Λ Uᵀ, the unit directions are Xᵀ u_k / √(N λ_k), and a direction scaled by √λ_k is
/// Xᵀ u_k / √N — so β ~ N(0, I) reproduces the samples' second moments in the kept components. The same
/// combination of the samples' joint displacements gives each component's joint motion.
/// </summary>
internal sealed class ShapePca
{
    private ShapePca(double[] directions, double[] extraDirections, double[] variances, double explained)
    {
        Directions = directions;
        ExtraDirections = extraDirections;
        Variances = variances;
        ExplainedFraction = explained;
    }

    /// <summary>[D, K]: component k scaled by its standard deviation √λ_k (metres per unit β).</summary>
    public double[] Directions { get; }

    /// <summary>[E, K]: the matching displacements of the extra coordinates (joints, tips) per unit β.</summary>
    public double[] ExtraDirections { get; }

    /// <summary>[K]: λ_k, the variance along each unit direction, descending.</summary>
    public double[] Variances { get; }

    /// <summary>Share of the samples' total second moment that the kept components hold.</summary>
    public double ExplainedFraction { get; }

    /// <summary>
    /// <paramref name="deltas"/> [N, D] and <paramref name="extraDeltas"/> [N, E] are samples minus the template;
    /// <paramref name="orientation"/> [D] fixes each component's sign (its dot product with it is made ≥ 0).
    /// </summary>
    public static ShapePca Fit(double[] deltas, double[] extraDeltas, int samples, int components, double[] orientation)
    {
        int n = samples, d = deltas.Length / n, e = extraDeltas.Length / n;
        var gram = new double[n * n];
        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            var xi = deltas.AsSpan(i * d, d);
            for (int j = 0; j <= i; j++)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot<double>(xi, deltas.AsSpan(j * d, d)) / n;
                gram[(i * n) + j] = s;
                gram[(j * n) + i] = s;
            }

            trace += gram[(i * n) + i];
        }

        var (values, vectors) = SymmetricEigen.Top(gram, n, components);
        var directions = new double[d * components];
        var extra = new double[e * components];
        var variances = new double[components];
        double kept = 0;
        double invSqrtN = 1 / Math.Sqrt(n);
        for (int k = 0; k < components; k++)
        {
            variances[k] = Math.Max(values[k], 0);
            kept += variances[k];
            var dir = new double[d];
            var ext = new double[e];
            for (int i = 0; i < n; i++)
            {
                double u = vectors[(i * components) + k] * invSqrtN;
                for (int c = 0; c < d; c++)
                {
                    dir[c] += u * deltas[(i * d) + c];
                }

                for (int c = 0; c < e; c++)
                {
                    ext[c] += u * extraDeltas[(i * e) + c];
                }
            }

            double sign = System.Numerics.Tensors.TensorPrimitives.Dot<double>(dir, orientation) < 0 ? -1 : 1;
            for (int c = 0; c < d; c++)
            {
                directions[(c * components) + k] = sign * dir[c];
            }

            for (int c = 0; c < e; c++)
            {
                extra[(c * components) + k] = sign * ext[c];
            }
        }

        return new ShapePca(directions, extra, variances, trace > 0 ? kept / trace : 0);
    }
}
