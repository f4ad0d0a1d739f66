using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Broadcasting arithmetic: add, sub, mul, div, neg, and the reduction of a broadcast gradient back to its shape.
public sealed partial class Tensor
{
    public static Tensor Add(Tensor a, Tensor b)
    {
        var r = Broadcast.Binary<AddOperator>(a, b);
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Add", [a, b], g => [g.SumToShape(a.Dims), g.SumToShape(b.Dims)]);
    }

    public static Tensor Sub(Tensor a, Tensor b)
    {
        var r = Broadcast.Binary<SubtractOperator>(a, b);
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Sub", [a, b], g => [g.SumToShape(a.Dims), b.RequiresGrad ? Neg(g).SumToShape(b.Dims) : null]);
    }

    public static Tensor Mul(Tensor a, Tensor b)
    {
        var r = Broadcast.Binary<MultiplyOperator>(a, b);
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Mul", [a, b], g =>
        [
            a.RequiresGrad ? Mul(g, b).SumToShape(a.Dims) : null,
            b.RequiresGrad ? Mul(g, a).SumToShape(b.Dims) : null,
        ]);
    }

    public static Tensor Div(Tensor a, Tensor b)
    {
        var r = Broadcast.Binary<DivideOperator>(a, b);
        if (!AnyRequiresGrad(a, b))
        {
            return r;
        }
        return Record(r, "Div", [a, b], g =>
        [
            a.RequiresGrad ? Div(g, b).SumToShape(a.Dims) : null,
            b.RequiresGrad ? Neg(Div(Mul(g, r), b)).SumToShape(b.Dims) : null, // d(a/b)/db = -(a/b)/b
        ]);
    }

    public static Tensor Neg(Tensor x)
    {
        var r = Broadcast.Unary<NegateOperator>(x);
        return AnyRequiresGrad(x) ? Record(r, "Neg", [x], g => [Neg(g)]) : r;
    }

    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);
    public static Tensor operator -(Tensor x) => Neg(x);
    public static Tensor operator +(Tensor a, float b) => Add(a, Scalar(b));
    public static Tensor operator +(float a, Tensor b) => Add(Scalar(a), b);
    public static Tensor operator -(Tensor a, float b) => Sub(a, Scalar(b));
    public static Tensor operator -(float a, Tensor b) => Sub(Scalar(a), b);
    public static Tensor operator *(Tensor a, float b) => Mul(a, Scalar(b));
    public static Tensor operator *(float a, Tensor b) => Mul(Scalar(a), b);
    public static Tensor operator /(Tensor a, float b) => Div(a, Scalar(b)); // not a·(1/b), which rounds twice
    public static Tensor operator /(float a, Tensor b) => Div(Scalar(a), b);

    /// <summary>Sums a broadcast gradient back down to <paramref name="shape"/> (identity when shapes match).</summary>
    internal Tensor SumToShape(int[] shape)
    {
        if (ShapeUtil.SameShape(Dims, shape))
        {
            return this;
        }
        int lead = Rank - shape.Length;
        var mask = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            mask[i] = i < lead || (shape[i - lead] == 1 && Dims[i] != 1);
        }
        return Reductions.Sum(this, mask).Reshape(shape);
    }
}
