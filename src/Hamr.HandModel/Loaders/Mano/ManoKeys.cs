using Hamr.HandModel.Loaders.Pickle;

namespace Hamr.HandModel.Loaders.Mano;

/// <summary>Reads MANO keys as dense arrays with shape checks; every failure names the key and the source.</summary>
internal sealed class ManoKeys(PickleDict dict, string source)
{
    public DenseArray Array(string key, long maxDenseElements)
    {
        if (!dict.TryGetValue(key, out var value))
        {
            var present = string.Join(", ", dict.TextKeys().Take(20));
            throw new ManoFormatException(source, key, $"missing (the file has: {present})");
        }

        var array = ManoValues.Evaluate(value, source, key, maxDenseElements);
        for (int i = 0; i < array.Data.Length; i++)
        {
            // HandModel holds float32: a NaN, an infinity or a value beyond float's range would poison every pose.
            if (!(Math.Abs(array.Data[i]) <= float.MaxValue))
            {
                throw new ManoFormatException(source, key, $"element {i} is {array.Data[i]}, not a finite float32 value");
            }
        }

        return array;
    }

    /// <summary>The key, which must have exactly <paramref name="expected"/> as its shape.</summary>
    public DenseArray Exact(string key, int[] expected, string? note)
    {
        long count = 1;
        foreach (int d in expected)
        {
            count *= d;
        }

        var array = Array(key, count);
        if (!array.Shape.AsSpan().SequenceEqual(expected))
        {
            throw Shape(key, array, PickleDescribe.Shape(expected) + (note is null ? "" : $" ({note})"));
        }

        return array;
    }

    public ManoFormatException Shape(string key, DenseArray found, string expected) =>
        new(source, key, $"has shape {found.ShapeText}, expected {expected}");

    public ManoFormatException Problem(string key, string problem) => new(source, key, problem);

    /// <summary>Values that must be integers in 0..<paramref name="limit"/>−1 (vertex indices).</summary>
    public int[] Indices(string key, double[] values, int limit)
    {
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (x != Math.Floor(x) || x < 0 || x >= limit)
            {
                throw Problem(key, $"entry {i} is {x}, not a vertex index in 0..{limit - 1}");
            }

            result[i] = (int)x;
        }

        return result;
    }
}
