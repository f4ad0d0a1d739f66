using System.Runtime.Intrinsics;

namespace Hamr.HandModel;

/// <summary>
/// A sparse matrix by rows (CSR) with only its exact non-zeros, for the layer's two sparse products: skinning weights
/// [V, 16] (a vertex has a handful of joints) and the tip regressor [5, V] (a tip is a few vertices).
/// </summary>
internal sealed class SparseRows
{
    public SparseRows(ReadOnlySpan<float> dense, int rows, int columns)
    {
        int nonZeros = 0;
        foreach (float x in dense)
        {
            nonZeros += x != 0f ? 1 : 0;
        }
        Start = new int[rows + 1];
        Column = new int[nonZeros];
        Value = new float[nonZeros];
        int k = 0;
        for (int r = 0; r < rows; r++)
        {
            Start[r] = k;
            for (int c = 0; c < columns; c++)
            {
                float x = dense[r * columns + c];
                if (x != 0f)
                {
                    Column[k] = c;
                    Value[k++] = x;
                }
            }
        }
        Start[rows] = k;
        Rows = rows;
    }

    public int Rows { get; }

    /// <summary>Row r's entries are [Start[r], Start[r + 1]).</summary>
    public int[] Start { get; }

    public int[] Column { get; }

    public float[] Value { get; }

    public int NonZeros => Value.Length;

    /// <summary>result[r] = Σ_c M[r, c]·points[c] for points [C, 3] → result [R, 3].</summary>
    public void MultiplyPoints(ReadOnlySpan<float> points, Span<float> result)
    {
        for (int r = 0; r < Rows; r++)
        {
            float x = 0, y = 0, z = 0;
            for (int k = Start[r]; k < Start[r + 1]; k++)
            {
                int c = 3 * Column[k];
                float w = Value[k];
                x += w * points[c];
                y += w * points[c + 1];
                z += w * points[c + 2];
            }
            result[3 * r] = x;
            result[3 * r + 1] = y;
            result[3 * r + 2] = z;
        }
    }

    /// <summary>result[c] += Σ_r M[r, c]·points[r] for points [R, 3] → result [C, 3] (the transposed product, accumulated).</summary>
    public void MultiplyPointsTransposed(ReadOnlySpan<float> points, Span<float> result)
    {
        for (int r = 0; r < Rows; r++)
        {
            float x = points[3 * r], y = points[3 * r + 1], z = points[3 * r + 2];
            for (int k = Start[r]; k < Start[r + 1]; k++)
            {
                int c = 3 * Column[k];
                float w = Value[k];
                result[c] += w * x;
                result[c + 1] += w * y;
                result[c + 2] += w * z;
            }
        }
    }
}

/// <summary>
/// Linear blend skinning over sparse weights: each vertex's transform T_v = Σ_j w_vj·A_j (A_j the top 3×4 of joint j's
/// skinning transform, row-major [16, 12]) applied to (p_v, 1). One 4-wide vector per matrix row, so a vertex with n
/// joints costs 3n vector FMAs and 3 dot products; the same kernel serves the plain and the autograd path.
/// </summary>
internal static class SparseSkinning
{
    /// <summary>vertices[v] = T_v·(posed[v], 1) + translation; all spans for one hand.</summary>
    public static void Forward(SparseRows weights, ReadOnlySpan<float> transforms, ReadOnlySpan<float> posed,
        float tx, float ty, float tz, Span<float> vertices)
    {
        var start = weights.Start;
        var column = weights.Column;
        var value = weights.Value;
        for (int v = 0; v < weights.Rows; v++)
        {
            var r0 = Vector128<float>.Zero;
            var r1 = Vector128<float>.Zero;
            var r2 = Vector128<float>.Zero;
            for (int k = start[v]; k < start[v + 1]; k++)
            {
                var a = transforms.Slice(12 * column[k], 12);
                var w = Vector128.Create(value[k]);
                r0 += w * Vector128.Create(a);
                r1 += w * Vector128.Create(a[4..]);
                r2 += w * Vector128.Create(a[8..]);
            }
            var p = Vector128.Create(posed[3 * v], posed[3 * v + 1], posed[3 * v + 2], 1f);
            vertices[3 * v] = Vector128.Dot(r0, p) + tx;
            vertices[3 * v + 1] = Vector128.Dot(r1, p) + ty;
            vertices[3 * v + 2] = Vector128.Dot(r2, p) + tz;
        }
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> for one hand: posedGrad[v] = T_v[:, :3]ᵀ·g_v (written) and
    /// transformsGrad[j] += Σ_v w_vj·g_v·(p_v, 1)ᵀ (accumulated).
    /// </summary>
    public static void Backward(SparseRows weights, ReadOnlySpan<float> transforms, ReadOnlySpan<float> posed,
        ReadOnlySpan<float> grad, Span<float> posedGrad, Span<float> transformsGrad)
    {
        var start = weights.Start;
        var column = weights.Column;
        var value = weights.Value;
        for (int v = 0; v < weights.Rows; v++)
        {
            float gx = grad[3 * v], gy = grad[3 * v + 1], gz = grad[3 * v + 2];
            var g4 = Vector128.Create(posed[3 * v], posed[3 * v + 1], posed[3 * v + 2], 1f);
            var t0 = Vector128<float>.Zero;
            for (int k = start[v]; k < start[v + 1]; k++)
            {
                int j = column[k];
                float w = value[k];
                var a = transforms.Slice(12 * j, 12);
                // Tᵀg accumulated column-wise: Σ_r g_r·A_j[r, :] (the 4th lane is the translation, unused).
                t0 += Vector128.Create(w * gx) * Vector128.Create(a)
                    + Vector128.Create(w * gy) * Vector128.Create(a[4..])
                    + Vector128.Create(w * gz) * Vector128.Create(a[8..]);
                var o = transformsGrad.Slice(12 * j, 12);
                (Vector128.Create(o) + Vector128.Create(w * gx) * g4).CopyTo(o);
                (Vector128.Create(o[4..]) + Vector128.Create(w * gy) * g4).CopyTo(o[4..]);
                (Vector128.Create(o[8..]) + Vector128.Create(w * gz) * g4).CopyTo(o[8..]);
            }
            posedGrad[3 * v] = t0.GetElement(0);
            posedGrad[3 * v + 1] = t0.GetElement(1);
            posedGrad[3 * v + 2] = t0.GetElement(2);
        }
    }
}
