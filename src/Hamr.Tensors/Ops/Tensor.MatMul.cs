using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Matrix products: MatMul (NumPy semantics: vectors, matrices, broadcast batches) and Linear (x·Wᵀ + b).
public sealed partial class Tensor
{
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException("MatMul needs tensors of rank 1 or more");
        }
        if (a.Rank == 1 && b.Rank == 1)
        {
            // Dot product: [1, k] · [k, 1] → [1, 1] → [].
            return MatMul(a.Unsqueeze(0), b.Unsqueeze(1)).Reshape();
        }
        if (a.Rank == 1)
        {
            return MatMul(a.Unsqueeze(0), b).Squeeze(-2);
        }
        if (b.Rank == 1)
        {
            return MatMul(a, b.Unsqueeze(1)).Squeeze(-1);
        }
        int m = a.Dims[^2], k = a.Dims[^1], n = b.Dims[^1];
        if (b.Dims[^2] != k)
        {
            throw new ArgumentException($"MatMul shapes {ShapeUtil.Format(a.Dims)} and {ShapeUtil.Format(b.Dims)} do not chain");
        }
        Tensor r;
        if (a.Rank == 2 && b.Rank == 2)
        {
            r = Uninitialized([m, n]);
            Gemm2D(a, b, r.Buffer, 0, 1f, 0f);
        }
        else if (b.Rank == 2 && a.IsContiguous && k > 0)
        {
            // [.., M, K] · [K, N]: one GEMM over all rows (k > 0, else the row count cannot be read off Count).
            var rows = a.Count / k;
            var flat = new Tensor(a.Buffer, a.Offset, [rows, k], [k, 1]);
            var dims = (int[])a.Dims.Clone();
            dims[^1] = n;
            r = Uninitialized(dims);
            Gemm2D(flat, b, r.Buffer, 0, 1f, 0f);
        }
        else
        {
            r = BatchedMatMul(a, b, m, k, n);
        }
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "MatMul", [a, b], g =>
        [
            a.RequiresGrad ? MatMul(g, b.T).SumToShape(a.Dims) : null,
            b.RequiresGrad ? MatMul(a.T, g).SumToShape(b.Dims) : null,
        ]);
    }

    private static Tensor BatchedMatMul(Tensor a, Tensor b, int m, int k, int n)
    {
        var batch = ShapeUtil.Broadcast(a.Dims.AsSpan(0, a.Rank - 2), b.Dims.AsSpan(0, b.Rank - 2));
        int count = ShapeUtil.Count(batch);
        var ae = a.Expand([.. batch, m, k]).Contiguous();
        var be = b.Expand([.. batch, k, n]).Contiguous();
        var r = Uninitialized([.. batch, m, n]);
        if (k == 0)
        {
            r.Span.Clear();
            return r;
        }
        Gemm.SgemmBatched(false, false, m, n, k, 1f,
            ae.Buffer.AsSpan(ae.Offset), k, m * k,
            be.Buffer.AsSpan(be.Offset), n, k * n,
            0f, r.Buffer, n, m * n, count);
        return r;
    }

    /// <summary>C (row-major, ldc = n) = alpha · a · b + beta · C for 2-D operands, using transposed views as-is.</summary>
    internal static void Gemm2D(Tensor a, Tensor b, float[] c, int cOffset, float alpha, float beta)
    {
        int m = a.Dims[0], k = a.Dims[1], n = b.Dims[1];
        if (k == 0)
        {
            // An empty inner dimension: C = beta · C, without handing GEMM a zero leading dimension.
            var cs = c.AsSpan(cOffset, m * n);
            if (beta == 0f)
            {
                cs.Clear();
            }
            else
            {
                Elementwise.BinaryScalarRight<MultiplyOperator>(cs, beta, cs);
            }
            return;
        }
        if (!AsGemmOperand(ref a, out bool ta, out int lda))
        {
            a = a.Contiguous();
            AsGemmOperand(ref a, out ta, out lda);
        }
        if (!AsGemmOperand(ref b, out bool tb, out int ldb))
        {
            b = b.Contiguous();
            AsGemmOperand(ref b, out tb, out ldb);
        }
        Gemm.Sgemm(ta, tb, m, n, k, alpha, a.Buffer.AsSpan(a.Offset), lda, b.Buffer.AsSpan(b.Offset), ldb, beta,
            c.AsSpan(cOffset, m * n), n);
    }

    private static bool AsGemmOperand(ref Tensor t, out bool transposed, out int ld)
    {
        int rows = t.Dims[0], cols = t.Dims[1];
        int s0 = t.Strides[0], s1 = t.Strides[1];
        if ((s1 == 1 || cols == 1) && (s0 >= cols || rows == 1))
        {
            transposed = false;
            ld = rows == 1 ? Math.Max(cols, 1) : s0;
            return true;
        }
        if ((s0 == 1 || rows == 1) && (s1 >= rows || cols == 1))
        {
            transposed = true;
            ld = cols == 1 ? Math.Max(rows, 1) : s1;
            return true;
        }
        transposed = false;
        ld = 0;
        return false;
    }

    /// <summary>y = x · Wᵀ + b for x [.., in], weight [out, in], bias [out] (optional).</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || x.Rank == 0)
        {
            throw new ArgumentException(
                $"Linear: needs input [.., in] and weight [out, in], got {ShapeUtil.Format(x.Dims)} and {ShapeUtil.Format(weight.Dims)}");
        }
        int inF = weight.Dims[1], outF = weight.Dims[0];
        if (x.Dims[^1] != inF)
        {
            throw new ArgumentException($"Linear: input {ShapeUtil.Format(x.Dims)} does not end in {inF} features");
        }
        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != outF))
        {
            throw new ArgumentException($"Linear: bias {ShapeUtil.Format(bias.Dims)} should be [{outF}]");
        }
        var xc = x.Contiguous();
        int rows = ShapeUtil.Count(x.Dims.AsSpan(0, x.Rank - 1)); // not Count / inF, which is 0 when inF is 0
        var x2 = new Tensor(xc.Buffer, xc.Offset, [rows, inF], [inF, 1]);
        var dims = (int[])x.Dims.Clone();
        dims[^1] = outF;
        var r = Uninitialized(dims);
        float beta = 0f;
        if (bias is not null)
        {
            var bc = bias.Contiguous().Span;
            for (int i = 0; i < rows; i++)
            {
                bc.CopyTo(r.Buffer.AsSpan(i * outF, outF));
            }
            beta = 1f;
        }
        Gemm2D(x2, weight.T, r.Buffer, 0, 1f, beta);
        if (!AnyRequiresGrad(bias is null ? [x, weight] : [x, weight, bias]))
        {
            return r;
        }
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Record(r, "Linear", inputs, g =>
        {
            var g2 = g.Contiguous().Reshape(rows, outF);
            var gx = x.RequiresGrad ? MatMul(g2, weight).Reshape(x.Dims) : null;
            var gw = weight.RequiresGrad ? MatMul(g2.T, x2) : null;
            var gb = bias is { RequiresGrad: true } ? g2.Sum(0) : null;
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }
}
