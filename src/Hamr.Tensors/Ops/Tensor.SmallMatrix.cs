namespace Hamr.Tensors;

// Batched 3×3 / 4×4 matrix ops for kinematics (thousands of tiny matrices per batch): direct loops over the trailing
// two axes with explicit backward, instead of compositions of elementwise ops. Leading axes are batch axes.
public sealed partial class Tensor
{
    /// <summary>Determinant of each 3×3 matrix: [..., 3, 3] → [...].</summary>
    public Tensor Det3x3()
    {
        CheckMatrices("Det3x3", 3);
        var a = Contiguous();
        int n = Count / 9;
        var r = Uninitialized(Dims.AsSpan(0, Rank - 2));
        var src = a.Span;
        var dst = r.Span;
        Span<float> c = stackalloc float[9];
        for (int b = 0; b < n; b++)
        {
            dst[b] = Cofactors3x3(src.Slice(9 * b, 9), c);
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "Det3x3", [this], g =>
        {
            // d det / d A = cofactor matrix.
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(inputShape);
            var gs = gx.Span;
            var xs = a.Span;
            for (int b = 0; b < n; b++)
            {
                var gb = gs.Slice(9 * b, 9);
                Cofactors3x3(xs.Slice(9 * b, 9), gb);
                for (int i = 0; i < 9; i++)
                {
                    gb[i] *= gc[b];
                }
            }
            return [gx];
        });
    }

    /// <summary>Inverse of each 3×3 matrix (adjugate / determinant; singular matrices give infinities): [..., 3, 3].</summary>
    public Tensor Inverse3x3()
    {
        CheckMatrices("Inverse3x3", 3);
        var a = Contiguous();
        int n = Count / 9;
        var r = Uninitialized(Dims);
        var src = a.Span;
        var dst = r.Span;
        Span<float> c = stackalloc float[9];
        for (int b = 0; b < n; b++)
        {
            float inv = 1f / Cofactors3x3(src.Slice(9 * b, 9), c);
            var o = dst.Slice(9 * b, 9);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    o[3 * i + j] = c[3 * j + i] * inv;
                }
            }
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        return Record(r, "Inverse3x3", [this], g =>
        {
            // dA = -Bᵀ · G · Bᵀ with B = A⁻¹.
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(r.Dims);
            var gs = gx.Span;
            var bs = r.Span;
            Span<float> t = stackalloc float[9];
            for (int b = 0; b < n; b++)
            {
                var inv = bs.Slice(9 * b, 9);
                var gm = gc.Slice(9 * b, 9);
                var o = gs.Slice(9 * b, 9);
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        // t = Bᵀ · G
                        t[3 * i + j] = inv[i] * gm[j] + inv[3 + i] * gm[3 + j] + inv[6 + i] * gm[6 + j];
                    }
                }
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        // o = -t · Bᵀ
                        o[3 * i + j] = -(t[3 * i] * inv[3 * j] + t[3 * i + 1] * inv[3 * j + 1] + t[3 * i + 2] * inv[3 * j + 2]);
                    }
                }
            }
            return [gx];
        });
    }

    /// <summary>
    /// Inverse of rigid transforms [R t; 0 1] as [Rᵀ −Rᵀt; 0 1]: [..., 4, 4]. Only R and t are read (the bottom row is
    /// assumed to be 0 0 0 1 and gets no gradient); R is assumed orthonormal.
    /// </summary>
    public Tensor InverseRigid4x4()
    {
        CheckMatrices("InverseRigid4x4", 4);
        var a = Contiguous();
        int n = Count / 16;
        var r = Uninitialized(Dims);
        var src = a.Span;
        var dst = r.Span;
        for (int b = 0; b < n; b++)
        {
            var m = src.Slice(16 * b, 16);
            var o = dst.Slice(16 * b, 16);
            for (int i = 0; i < 3; i++)
            {
                float ti = 0;
                for (int j = 0; j < 3; j++)
                {
                    o[4 * i + j] = m[4 * j + i];
                    ti -= m[4 * j + i] * m[4 * j + 3];
                }
                o[4 * i + 3] = ti;
            }
            o[12] = 0f;
            o[13] = 0f;
            o[14] = 0f;
            o[15] = 1f;
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "InverseRigid4x4", [this], g =>
        {
            // out_ij = R_ji (i, j < 3); out_i3 = -Σ_j R_ji t_j.
            var gc = g.Contiguous().Span;
            var gx = Zeros(inputShape);
            var gs = gx.Span;
            var xs = a.Span;
            for (int b = 0; b < n; b++)
            {
                var m = xs.Slice(16 * b, 16);
                var gm = gc.Slice(16 * b, 16);
                var o = gs.Slice(16 * b, 16);
                for (int j = 0; j < 3; j++)
                {
                    float gt = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        o[4 * j + i] = gm[4 * i + j] - m[4 * j + 3] * gm[4 * i + 3];
                        gt -= m[4 * j + i] * gm[4 * i + 3];
                    }
                    o[4 * j + 3] = gt;
                }
            }
            return [gx];
        });
    }

    /// <summary>Rigid transforms [R t; 0 0 0 1] from rotations [..., 3, 3] and translations [..., 3] → [..., 4, 4].</summary>
    public static Tensor MakeRigid4x4(Tensor rotation, Tensor translation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(translation);
        rotation.CheckMatrices("MakeRigid4x4", 3);
        if (translation.Rank != rotation.Rank - 1 || translation.Dims[^1] != 3
            || !ShapeUtil.SameShape(translation.Dims.AsSpan(0, translation.Rank - 1), rotation.Dims.AsSpan(0, rotation.Rank - 2)))
        {
            throw new ArgumentException(
                $"MakeRigid4x4: translation {ShapeUtil.Format(translation.Dims)} does not match rotation {ShapeUtil.Format(rotation.Dims)} (want [..., 3])");
        }
        var rc = rotation.Contiguous();
        var tc = translation.Contiguous();
        int n = rc.Count / 9;
        var dims = (int[])rotation.Dims.Clone();
        dims[^1] = 4;
        dims[^2] = 4;
        var r = Uninitialized(dims);
        var rs = rc.Span;
        var ts = tc.Span;
        var o = r.Span;
        for (int b = 0; b < n; b++)
        {
            var m = o.Slice(16 * b, 16);
            for (int i = 0; i < 3; i++)
            {
                m[4 * i] = rs[9 * b + 3 * i];
                m[4 * i + 1] = rs[9 * b + 3 * i + 1];
                m[4 * i + 2] = rs[9 * b + 3 * i + 2];
                m[4 * i + 3] = ts[3 * b + i];
            }
            m[12] = 0f;
            m[13] = 0f;
            m[14] = 0f;
            m[15] = 1f;
        }
        if (!AnyRequiresGrad(rotation, translation))
        {
            return r;
        }
        return Record(r, "MakeRigid4x4", [rotation, translation], g =>
        [
            rotation.RequiresGrad ? g.Slice(-2, 0, 3).Slice(-1, 0, 3).Contiguous() : null,
            translation.RequiresGrad ? g.Slice(-2, 0, 3).Select(-1, 3).Contiguous() : null,
        ]);
    }

    /// <summary>
    /// Applies rigid/affine transforms [..., 4, 4] to points [..., 3]: R·p + t (the bottom row is ignored). The batch
    /// axes broadcast against each other.
    /// </summary>
    public static Tensor TransformPoints(Tensor transforms, Tensor points)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        ArgumentNullException.ThrowIfNull(points);
        transforms.CheckMatrices("TransformPoints", 4);
        if (points.Rank < 1 || points.Dims[^1] != 3)
        {
            throw new ArgumentException($"TransformPoints: points {ShapeUtil.Format(points.Dims)} should be [..., 3]");
        }
        int[] batch;
        try
        {
            batch = ShapeUtil.Broadcast(transforms.Dims.AsSpan(0, transforms.Rank - 2), points.Dims.AsSpan(0, points.Rank - 1));
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"TransformPoints: transforms {ShapeUtil.Format(transforms.Dims)} and points {ShapeUtil.Format(points.Dims)} have incompatible batch axes");
        }
        var te = ExpandedCopy(transforms, [.. batch, 4, 4]);
        var pe = ExpandedCopy(points, [.. batch, 3]);
        int n = ShapeUtil.Count(batch);
        var r = Uninitialized([.. batch, 3]);
        var ts = te.Span;
        var ps = pe.Span;
        var o = r.Span;
        for (int b = 0; b < n; b++)
        {
            var m = ts.Slice(16 * b, 16);
            float x = ps[3 * b], y = ps[3 * b + 1], z = ps[3 * b + 2];
            for (int i = 0; i < 3; i++)
            {
                o[3 * b + i] = m[4 * i] * x + m[4 * i + 1] * y + m[4 * i + 2] * z + m[4 * i + 3];
            }
        }
        if (!AnyRequiresGrad(transforms, points))
        {
            return r;
        }
        return Record(r, "TransformPoints", [transforms, points], g =>
        {
            var gc = g.Contiguous().Span;
            Tensor? gT = null, gp = null;
            if (transforms.RequiresGrad)
            {
                var full = Zeros([.. batch, 4, 4]);
                var fs = full.Span;
                var pts = pe.Span;
                for (int b = 0; b < n; b++)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        float gi = gc[3 * b + i];
                        fs[16 * b + 4 * i] = gi * pts[3 * b];
                        fs[16 * b + 4 * i + 1] = gi * pts[3 * b + 1];
                        fs[16 * b + 4 * i + 2] = gi * pts[3 * b + 2];
                        fs[16 * b + 4 * i + 3] = gi;
                    }
                }
                gT = full.SumToShape(transforms.Dims);
            }
            if (points.RequiresGrad)
            {
                var full = Uninitialized([.. batch, 3]);
                var fs = full.Span;
                var tms = te.Span;
                for (int b = 0; b < n; b++)
                {
                    var m = tms.Slice(16 * b, 16);
                    float g0 = gc[3 * b], g1 = gc[3 * b + 1], g2 = gc[3 * b + 2];
                    for (int j = 0; j < 3; j++)
                    {
                        fs[3 * b + j] = m[j] * g0 + m[4 + j] * g1 + m[8 + j] * g2;
                    }
                }
                gp = full.SumToShape(points.Dims);
            }
            return [gT, gp];
        });
    }

    /// <summary>Cofactor matrix of a row-major 3×3 matrix into <paramref name="c"/>; returns the determinant.</summary>
    private static float Cofactors3x3(ReadOnlySpan<float> a, Span<float> c)
    {
        c[0] = a[4] * a[8] - a[5] * a[7];
        c[1] = a[5] * a[6] - a[3] * a[8];
        c[2] = a[3] * a[7] - a[4] * a[6];
        c[3] = a[2] * a[7] - a[1] * a[8];
        c[4] = a[0] * a[8] - a[2] * a[6];
        c[5] = a[1] * a[6] - a[0] * a[7];
        c[6] = a[1] * a[5] - a[2] * a[4];
        c[7] = a[2] * a[3] - a[0] * a[5];
        c[8] = a[0] * a[4] - a[1] * a[3];
        return a[0] * c[0] + a[1] * c[1] + a[2] * c[2];
    }

    private void CheckMatrices(string op, int size)
    {
        if (Rank < 2 || Dims[^1] != size || Dims[^2] != size)
        {
            throw new ArgumentException($"{op} needs [..., {size}, {size}], got {ShapeUtil.Format(Dims)}");
        }
    }

    /// <summary>A dense copy of <paramref name="t"/> broadcast to <paramref name="shape"/>, outside the graph.</summary>
    private static Tensor ExpandedCopy(Tensor t, int[] shape)
    {
        using var _ = GradMode.NoGrad();
        return t.Expand(shape).Contiguous();
    }
}
