using System.Numerics;
using Hamr.HandModel.Loaders.Pickle;

namespace Hamr.HandModel.Loaders.Mano;

/// <summary>A dense array of doubles in C (row-major) order with its shape.</summary>
internal sealed record DenseArray(double[] Data, int[] Shape)
{
    public int Rank => Shape.Length;

    public string ShapeText => PickleDescribe.Shape(Shape);
}

/// <summary>
/// Turns a decoded MANO value into a dense array, as chumpy/numpy/scipy would compute it: a numpy array as is; a
/// chumpy <c>Ch</c> as its <c>x</c>; a chumpy <c>Select</c> as <c>a.r.ravel()[idxs]</c> reshaped to
/// <c>preferred_shape</c> (chumpy's <c>Select.compute_r</c>); a scipy CSC/CSR matrix as <c>toarray()</c>
/// (duplicates summed); a Python number as a scalar. Recursion is bounded (a pickle can make cycles).
/// </summary>
internal static class ManoValues
{
    /// <summary>Nesting of chumpy nodes followed (MANO: Select → Ch → ndarray).</summary>
    public const int MaxDepth = 16;

    /// <summary>Largest dense array a sparse matrix may expand to, whatever the caller allows (512 MB of doubles).</summary>
    public const long MaxDenseElements = 1L << 26;

    /// <param name="maxDenseElements">Largest dense result a sparse matrix may expand to (checked before allocating).</param>
    public static DenseArray Evaluate(object? value, string source, string key, long maxDenseElements, int depth = 0)
    {
        Exception Fail(string problem) => new ManoFormatException(source, key, problem);
        if (depth > MaxDepth)
        {
            throw Fail($"chumpy nodes nested deeper than {MaxDepth} (a cycle?)");
        }

        switch (value)
        {
            case NumpyArray array:
                return new DenseArray(array.ToDoubles(Fail), [.. array.Shape]);
            case bool b:
                return new DenseArray([b ? 1 : 0], []);
            case long l:
                return new DenseArray([l], []);
            case BigInteger big:
                return new DenseArray([(double)big], []);
            case double d:
                return new DenseArray([d], []);
            case PickleObject { Type.Kind: PickleGlobalKind.ChumpyCh } ch:
                return Evaluate(Field(ch, "x", Fail), source, key, maxDenseElements, depth + 1);
            case PickleObject { Type.Kind: PickleGlobalKind.ChumpySelect } select:
                return Select(select, source, key, maxDenseElements, depth, Fail);
            case PickleObject { Type.Kind: PickleGlobalKind.ScipyCscMatrix or PickleGlobalKind.ScipyCsrMatrix } sparse:
                return Sparse(sparse, source, key, depth, maxDenseElements, Fail);
            default:
                throw Fail($"holds {PickleDescribe.Of(value)}, not an array");
        }
    }

    private static object? Field(PickleObject obj, string name, Func<string, Exception> fail)
    {
        var state = obj.StateDict ?? throw fail($"{obj.Type.FullName} has no state dict");
        return state.TryGetValue(name, out var value) ? value : throw fail($"{obj.Type.FullName} state has no '{name}'");
    }

    private static DenseArray Select(PickleObject select, string source, string key, long maxDense, int depth, Func<string, Exception> fail)
    {
        var a = Evaluate(Field(select, "a", fail), source, key, maxDense, depth + 1);
        var idxs = Evaluate(Field(select, "idxs", fail), source, key, maxDense, depth + 1);
        int n = a.Data.Length;
        var result = new double[idxs.Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            // numpy indexing: integers in -n..n-1, negatives from the end.
            double idx = idxs.Data[i];
            if (idx != Math.Floor(idx) || idx < -n || idx >= n)
            {
                throw fail($"Select index {idx} is outside its source's {n} elements");
            }

            result[i] = a.Data[idx < 0 ? (int)idx + n : (int)idx];
        }

        int[] shape = idxs.Shape;
        if (select.StateDict!.TryGetValue("preferred_shape", out var preferred))
        {
            shape = preferred switch
            {
                PickleTuple t => [.. t.Items.Select(d => d is long v && v >= 0 && v <= int.MaxValue ? (int)v : throw fail($"Select preferred_shape holds {PickleDescribe.Of(d)}"))],
                long v when v >= 0 && v <= int.MaxValue => [(int)v],
                _ => throw fail($"Select preferred_shape is {PickleDescribe.Of(preferred)}"),
            };
            long count = shape.Contains(0) ? 0 : 1;
            for (int i = 0; i < shape.Length && count != 0 && count <= result.Length; i++)
            {
                count *= shape[i]; // stays below 2^62: count ≤ int.MaxValue before each step
            }

            if (count != result.Length)
            {
                throw fail($"Select of {result.Length} elements cannot take preferred_shape {PickleDescribe.Shape(shape)}");
            }
        }

        return new DenseArray(result, shape);
    }

    private static DenseArray Sparse(PickleObject matrix, string source, string key, int depth, long maxDense, Func<string, Exception> fail)
    {
        bool csc = matrix.Type.Kind == PickleGlobalKind.ScipyCscMatrix;
        var state = matrix.StateDict ?? throw fail($"{matrix.Type.FullName} has no state dict");
        if (!state.TryGetValue("_shape", out var shapeValue) && !state.TryGetValue("shape", out shapeValue))
        {
            throw fail($"{matrix.Type.FullName} state has no '_shape'");
        }

        if (shapeValue is not PickleTuple { Count: 2 } st || st.Items[0] is not long rows || st.Items[1] is not long cols
            || rows < 0 || cols < 0 || rows > int.MaxValue || cols > int.MaxValue)
        {
            throw fail($"sparse shape is {PickleDescribe.Of(shapeValue)}, not two ints");
        }

        if (rows * cols > Math.Min(maxDense, MaxDenseElements))
        {
            throw fail($"sparse matrix of {rows} × {cols} is larger than the expected {Math.Min(maxDense, MaxDenseElements)} elements");
        }

        var data = Evaluate(Field(matrix, "data", fail), source, key, maxDense, depth + 1).Data;
        var indices = Evaluate(Field(matrix, "indices", fail), source, key, maxDense, depth + 1).Data;
        var indptr = Evaluate(Field(matrix, "indptr", fail), source, key, maxDense, depth + 1).Data;
        int major = (int)(csc ? cols : rows), minor = (int)(csc ? rows : cols);
        if (indices.Length != data.Length || indptr.Length != major + 1 || indptr[0] != 0 || indptr[major] > data.Length)
        {
            throw fail($"sparse arrays are inconsistent: {data.Length} data, {indices.Length} indices, {indptr.Length} index pointers for {rows} × {cols}");
        }

        var dense = new double[rows * cols];
        for (int m = 0; m < major; m++)
        {
            double start = indptr[m], end = indptr[m + 1];
            if (start > end || end > data.Length || start != Math.Floor(start) || end != Math.Floor(end))
            {
                throw fail($"sparse index pointers are not non-decreasing integers within the data at {m}");
            }

            for (int k = (int)start; k < (int)end; k++)
            {
                double i = indices[k];
                if (i != Math.Floor(i) || i < 0 || i >= minor)
                {
                    throw fail($"sparse index {i} outside 0..{minor - 1}");
                }

                // toarray() sums duplicate entries.
                dense[csc ? ((long)i * cols) + m : ((long)m * cols) + (long)i] += data[k];
            }
        }

        return new DenseArray(dense, [(int)rows, (int)cols]);
    }
}
