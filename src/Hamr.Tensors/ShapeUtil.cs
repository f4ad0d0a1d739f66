namespace Hamr.Tensors;

/// <summary>Shape arithmetic shared by the ops: sizes, strides, axes and broadcasting.</summary>
internal static class ShapeUtil
{
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension in shape {Format(shape)}");
            }
            n *= d;
        }
        if (n > Array.MaxLength)
        {
            throw new ArgumentException($"shape {Format(shape)} has {n} elements, more than one buffer can hold");
        }
        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    public static int Axis(int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} out of range for rank {rank}");
        }
        return a;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>NumPy broadcasting of two shapes; throws naming both shapes when they don't fit.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"shapes {Format(a)} and {Format(b)} cannot be broadcast together");
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/> as if expanded to <paramref name="target"/>.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            int j = i - lead;
            result[i] = j < 0 || shape[j] == 1 ? 0 : strides[j];
        }
        return result;
    }

    /// <summary>Normalises a list of axes (negative allowed, empty = all) into a sorted, distinct mask.</summary>
    public static bool[] AxisMask(ReadOnlySpan<int> axes, int rank)
    {
        var mask = new bool[rank];
        if (axes.Length == 0)
        {
            Array.Fill(mask, true);
            return mask;
        }
        foreach (var a in axes)
        {
            mask[Axis(a, rank)] = true;
        }
        return mask;
    }
}
