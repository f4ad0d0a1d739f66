using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Drivers that run an operator struct over spans at the widest vector width the CPU has (512, 256, 128 bits),
/// then a scalar tail. Allocation-free; spans may alias (in-place use) when they start at the same element.
/// </summary>
public static partial class Elementwise
{
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> destination) where TOp : struct, IUnaryOperator
    {
        CheckLength(x.Length, destination.Length);
        if (x.Length >= ParallelMinLength && UnaryInParallel<TOp>(x, destination))
        {
            return;
        }
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= n; i += 4)
            {
                TOp.Invoke(Vector128.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ds, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref ds, i) = TOp.Invoke(Unsafe.Add(ref xs, i));
        }
    }

    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IBinaryOperator
    {
        CheckLength(x.Length, y.Length);
        CheckLength(x.Length, destination.Length);
        if (x.Length >= ParallelMinLength && BinaryInParallel<TOp>(x, y, destination))
        {
            return;
        }
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= n; i += 4)
            {
                TOp.Invoke(Vector128.LoadUnsafe(ref xs, i), Vector128.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref ds, i) = TOp.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>destination[i] = op(x[i], y).</summary>
    public static void BinaryScalarRight<TOp>(ReadOnlySpan<float> x, float y, Span<float> destination)
        where TOp : struct, IBinaryOperator
    {
        CheckLength(x.Length, destination.Length);
        if (x.Length >= ParallelMinLength && BinaryScalarRightInParallel<TOp>(x, y, destination))
        {
            return;
        }
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var yv = Vector512.Create(y);
            for (; i + 16 <= n; i += 16)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xs, i), yv).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var yv = Vector256.Create(y);
            for (; i + 8 <= n; i += 8)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xs, i), yv).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var yv = Vector128.Create(y);
            for (; i + 4 <= n; i += 4)
            {
                TOp.Invoke(Vector128.LoadUnsafe(ref xs, i), yv).StoreUnsafe(ref ds, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref ds, i) = TOp.Invoke(Unsafe.Add(ref xs, i), y);
        }
    }

    /// <summary>destination[i] = op(x, y[i]).</summary>
    public static void BinaryScalarLeft<TOp>(float x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IBinaryOperator
    {
        CheckLength(y.Length, destination.Length);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var xv = Vector512.Create(x);
            for (; i + 16 <= n; i += 16)
            {
                TOp.Invoke(xv, Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var xv = Vector256.Create(x);
            for (; i + 8 <= n; i += 8)
            {
                TOp.Invoke(xv, Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var xv = Vector128.Create(x);
            for (; i + 4 <= n; i += 4)
            {
                TOp.Invoke(xv, Vector128.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref ds, i) = TOp.Invoke(x, Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>
    /// Sum of a span: blocks of <see cref="SumBlockLength"/> accumulated in vector lanes, the block sums added in
    /// double, so the error stays that of one block however long the span (one float accumulator per lane loses
    /// whatever falls below its ulp once it grows large).
    /// </summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        if (x.Length <= SumBlockLength)
        {
            return SumBlock(x);
        }
        double total = 0;
        for (int i = 0; i < x.Length; i += SumBlockLength)
        {
            total += SumBlock(x.Slice(i, Math.Min(SumBlockLength, x.Length - i)));
        }
        return (float)total;
    }

    private const int SumBlockLength = 4096;

    private static float SumBlock(ReadOnlySpan<float> x)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float total = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            for (; i + 32 <= n; i += 32)
            {
                acc0 += Vector512.LoadUnsafe(ref xs, i);
                acc1 += Vector512.LoadUnsafe(ref xs, i + 16);
            }
            for (; i + 16 <= n; i += 16)
            {
                acc0 += Vector512.LoadUnsafe(ref xs, i);
            }
            total += Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                acc0 += Vector256.LoadUnsafe(ref xs, i);
                acc1 += Vector256.LoadUnsafe(ref xs, i + 8);
            }
            for (; i + 8 <= n; i += 8)
            {
                acc0 += Vector256.LoadUnsafe(ref xs, i);
            }
            total += Vector256.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            total += Unsafe.Add(ref xs, i);
        }
        return total;
    }

    /// <summary>y += x over spans.</summary>
    public static void AddInPlace(Span<float> y, ReadOnlySpan<float> x) => Binary<AddOperator>(y, x, y);

    /// <summary>y += alpha · x over spans.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLength(x.Length, y.Length);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var a = Vector512.Create(alpha);
            for (; i + 16 <= n; i += 16)
            {
                Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ys, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ys, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref ys, i) = MathF.FusedMultiplyAdd(alpha, Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>In-place accumulation of any (possibly strided or broadcast-shaped equal) tensor into a dense one.</summary>
    internal static void AddInPlace(Tensor destination, Tensor source)
    {
        // Strided operands go through pooled dense copies (no per-step garbage inside a TensorScope), and a strided
        // destination is written back through its strides rather than over the span its buffer happens to start.
        var src = source.IsContiguous ? source : source.Detach().Contiguous();
        if (destination.IsContiguous)
        {
            AddInPlace(destination.Span, src.Span);
            return;
        }
        var sum = destination.Detach().Contiguous();
        AddInPlace(sum.Span, src.Span);
        StridedCopy.Scatter(sum.Span, destination);
    }

    private static void CheckLength(int a, int b)
    {
        if (a != b)
        {
            ThrowLength(a, b);
        }
    }

    private static void ThrowLength(int a, int b) => throw new ArgumentException($"span lengths differ: {a} and {b}");
}
