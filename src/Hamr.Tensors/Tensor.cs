using System.Runtime.CompilerServices;
using System.Text;

namespace Hamr.Tensors;

/// <summary>
/// A float32 tensor of any rank: a strided view over a float buffer, with reverse-mode autograd.
/// Ops live in partial files under Ops/ (forward and backward side by side); kernels in Kernels/.
/// </summary>
public sealed partial class Tensor
{
    internal readonly float[] Buffer;
    internal readonly int Offset;
    internal readonly int[] Dims;
    internal readonly int[] Strides;

    internal Tensor(float[] buffer, int offset, int[] dims, int[] strides)
    {
        Buffer = buffer;
        Offset = offset;
        Dims = dims;
        Strides = strides;
        Count = ShapeUtil.Count(dims);
        IsContiguous = ComputeContiguous(dims, strides);
    }

    internal Tensor(float[] buffer, int[] dims) : this(buffer, 0, dims, ShapeUtil.ContiguousStrides(dims))
    {
    }

    /// <summary>The dimensions (do not hold on to the span across ops).</summary>
    public ReadOnlySpan<int> Shape => Dims;

    public int Rank => Dims.Length;

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>True when the elements lie densely in row-major order from <c>Offset</c>.</summary>
    public bool IsContiguous { get; }

    /// <summary>An optional name (parameters carry their state-dictionary name here).</summary>
    public string? Name { get; set; }

    /// <summary>Size of one axis (negative counts from the end).</summary>
    public int Dim(int axis) => Dims[ShapeUtil.Axis(axis, Dims.Length)];

    public int[] GetShape() => (int[])Dims.Clone();

    private static bool ComputeContiguous(int[] dims, int[] strides)
    {
        if (dims.Contains(0))
        {
            return true; // no elements: the empty span is its dense layout, whatever the strides say
        }
        int expected = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            if (dims[i] == 1)
            {
                continue;
            }
            if (strides[i] != expected)
            {
                return false;
            }
            expected *= dims[i];
        }
        return true;
    }

    // ---- creation -------------------------------------------------------------------------------------

    /// <summary>A new tensor with uninitialised contents (pooled inside a <see cref="TensorScope"/>).</summary>
    internal static Tensor Uninitialized(ReadOnlySpan<int> shape)
    {
        var dims = shape.ToArray();
        return new Tensor(TensorScope.Allocate(ShapeUtil.Count(dims), clear: false), dims);
    }

    public static Tensor Zeros(params int[] shape)
    {
        var dims = (int[])shape.Clone();
        return new Tensor(TensorScope.Allocate(ShapeUtil.Count(dims), clear: true), dims);
    }

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var t = Uninitialized(shape);
        t.Buffer.AsSpan(0, t.Count).Fill(value);
        return t;
    }

    public static Tensor Scalar(float value) => Full(value);

    public static Tensor ZerosLike(Tensor t) => Zeros(t.Dims);

    public static Tensor OnesLike(Tensor t) => Ones(t.Dims);

    /// <summary>Copies <paramref name="values"/> into a new tensor of the given shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        if (shape.Length == 0 && values.Length != 1)
        {
            shape = [values.Length];
        }
        var t = Uninitialized(shape);
        if (t.Count != values.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fill shape {ShapeUtil.Format(shape)}");
        }
        values.CopyTo(t.Buffer);
        return t;
    }

    /// <summary>Wraps an existing array without copying (the tensor then aliases it).</summary>
    public static Tensor Wrap(float[] values, params int[] shape)
    {
        var dims = (int[])shape.Clone();
        if (ShapeUtil.Count(dims) != values.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fill shape {ShapeUtil.Format(dims)}");
        }
        return new Tensor(values, dims);
    }

    /// <summary>0, 1, …, n-1.</summary>
    public static Tensor Arange(int n)
    {
        var t = Uninitialized([n]);
        for (int i = 0; i < n; i++)
        {
            t.Buffer[i] = i;
        }
        return t;
    }

    public static Tensor RandUniform(TensorRandom rng, float low, float high, params int[] shape)
    {
        var t = Uninitialized(shape);
        var s = t.Buffer.AsSpan(0, t.Count);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = rng.Uniform(low, high);
        }
        return t;
    }

    public static Tensor RandNormal(TensorRandom rng, float mean, float std, params int[] shape)
    {
        var t = Uninitialized(shape);
        var s = t.Buffer.AsSpan(0, t.Count);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = mean + std * rng.NextGaussian();
        }
        return t;
    }

    public static Tensor RandN(TensorRandom rng, params int[] shape) => RandNormal(rng, 0f, 1f, shape);

    // ---- element access ------------------------------------------------------------------------------

    /// <summary>The elements as a span; only for contiguous tensors (call <see cref="Contiguous"/> first).</summary>
    public Span<float> AsSpan()
    {
        if (!IsContiguous)
        {
            ThrowNotContiguous();
        }
        return Buffer.AsSpan(Offset, Count);
    }

    internal Span<float> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Buffer.AsSpan(Offset, Count);
    }

    private static void ThrowNotContiguous() =>
        throw new InvalidOperationException("tensor is a non-contiguous view; call Contiguous() first");

    /// <summary>Copies the elements out in row-major order.</summary>
    public float[] ToArray()
    {
        var result = new float[Count];
        StridedCopy.Gather(this, result);
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"Item() needs one element, tensor has shape {ShapeUtil.Format(Dims)}");
        }
        return Buffer[Offset];
    }

    [IndexerName("Element")]
    public float this[params int[] index]
    {
        get => Buffer[ElementOffset(index)];
        set => Buffer[ElementOffset(index)] = value;
    }

    private int ElementOffset(int[] index)
    {
        if (index.Length != Dims.Length)
        {
            throw new ArgumentException($"index of rank {index.Length} for tensor of rank {Dims.Length}");
        }
        int o = Offset;
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + Dims[i] : index[i];
            if ((uint)k >= (uint)Dims[i])
            {
                throw new IndexOutOfRangeException($"index {index[i]} out of range for axis {i} of size {Dims[i]}");
            }
            o += k * Strides[i];
        }
        return o;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor").Append(ShapeUtil.Format(Dims));
        if (Name is not null)
        {
            sb.Append(' ').Append(Name);
        }
        if (Count <= 16)
        {
            sb.Append(" {").Append(string.Join(", ", ToArray().Select(v => v.ToString("G6")))).Append('}');
        }
        if (GradFn is not null)
        {
            sb.Append(" grad_fn=").Append(GradFn.Name);
        }
        return sb.ToString();
    }
}
