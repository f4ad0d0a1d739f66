using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>
/// A numpy array as pickled: made empty by <c>_reconstruct</c>, then BUILD with
/// <c>(version, shape, dtype, is_fortran, data)</c> where data is the raw bytes (a py2 str or py3 bytes) or, for
/// object arrays, a list. Validated on BUILD (element count × item size = data length), converted on request to
/// C-order numbers (Fortran-order data is transposed).
/// </summary>
public sealed class NumpyArray
{
    private byte[]? _raw;
    private object?[]? _objects;

    internal NumpyArray()
    {
        Dtype = NumpyDtypeUnset;
        Shape = [];
    }

    public NumpyDtype Dtype { get; private set; }

    /// <summary>Dimensions, outermost first (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape { get; private set; }

    /// <summary>True when the data is stored in Fortran (column-major) order.</summary>
    public bool IsFortranOrder { get; private set; }

    /// <summary>False until BUILD has given the array its state.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public long Count { get; private set; }

    private static NumpyDtype NumpyDtypeUnset { get; } = NumpyDtype.Parse("V0")!;

    internal static NumpyArray FromBuffer(byte[] data, NumpyDtype dtype, object? shape, bool fortran, Func<string, Exception> fail)
    {
        var array = new NumpyArray();
        array.Initialize(shape, dtype, fortran, data, fail);
        return array;
    }

    /// <summary>Applies <c>ndarray.__setstate__</c>'s tuple (5 items with the version first, or the older 4).</summary>
    internal void SetState(object? state, Func<string, Exception> fail)
    {
        if (IsInitialized)
        {
            throw fail("ndarray state set twice");
        }

        if (state is not PickleTuple { Count: 4 or 5 } t)
        {
            throw fail($"ndarray state is {PickleDescribe.Of(state)}, not a tuple of 4 or 5 items");
        }

        int o = t.Count - 4;
        if (t.Items[o + 1] is not NumpyDtype dtype)
        {
            throw fail($"ndarray dtype is {PickleDescribe.Of(t.Items[o + 1])}, not a numpy dtype");
        }

        bool fortran = t.Items[o + 2] switch
        {
            bool b => b,
            long l when l is 0 or 1 => l == 1,
            var other => throw fail($"ndarray is_fortran flag is {PickleDescribe.Of(other)}"),
        };
        Initialize(t.Items[o], dtype, fortran, t.Items[o + 3], fail);
    }

    private void Initialize(object? shapeValue, NumpyDtype dtype, bool fortran, object? data, Func<string, Exception> fail)
    {
        if (shapeValue is not PickleTuple shapeTuple || shapeTuple.Count > 32)
        {
            throw fail($"ndarray shape is {PickleDescribe.Of(shapeValue)}, not a tuple of at most 32 ints");
        }

        var shape = new int[shapeTuple.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeTuple.Items[i] is not long d || d < 0 || d > int.MaxValue)
            {
                throw fail($"ndarray dimension {i} is {PickleDescribe.Of(shapeTuple.Items[i])}, not an int in 0..{int.MaxValue}");
            }

            shape[i] = (int)d;
            count = count == 0 || d == 0 ? 0 : (count > long.MaxValue / d ? -1 : count * d);
            if (count < 0)
            {
                throw fail($"ndarray shape {PickleDescribe.Shape(shape[..(i + 1)])} has too many elements");
            }
        }

        if (dtype.Kind == 'O')
        {
            if (data is not PickleList list || list.Items.Count != count)
            {
                throw fail($"object ndarray of {count} elements holds {PickleDescribe.Of(data)}, not a list of {count}");
            }

            _objects = [.. list.Items];
        }
        else
        {
            byte[] raw = data switch
            {
                PickleBytes b => b.Data,
                byte[] b => b,
                string s => PickleText.Latin1Bytes(s) ?? throw fail("ndarray data text holds characters above U+00FF"),
                _ => throw fail($"ndarray data is {PickleDescribe.Of(data)}, not bytes"),
            };
            if (count > raw.Length || count * dtype.ItemSize != raw.Length)
            {
                throw fail($"ndarray {dtype} {PickleDescribe.Shape(shape)} needs {count} × {dtype.ItemSize} bytes, data has {raw.Length}");
            }

            _raw = raw;
        }

        Dtype = dtype;
        Shape = shape;
        IsFortranOrder = fortran;
        Count = count;
        IsInitialized = true;
    }

    /// <summary>
    /// The elements as doubles in C (row-major) order. Integers beyond 2^53 lose precision as in numpy's
    /// <c>astype(float64)</c>; object arrays convert each element that is a Python bool, int or float.
    /// </summary>
    public double[] ToDoubles(Func<string, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        if (!IsInitialized)
        {
            throw fail("ndarray was never given its state (no BUILD)");
        }

        var values = new double[Count];
        if (_objects is not null)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = _objects[i] switch
                {
                    bool b => b ? 1 : 0,
                    long l => l,
                    BigInteger big => (double)big,
                    double d => d,
                    var other => throw fail($"object ndarray element {i} is {PickleDescribe.Of(other)}, not a number"),
                };
            }
        }
        else
        {
            if (!Dtype.IsNumeric)
            {
                throw fail($"ndarray dtype {Dtype} is not numeric");
            }

            Decode(_raw!, Dtype, values);
        }

        return IsFortranOrder && Shape.Count > 1 ? FortranToC(values, Shape) : values;
    }

    private static void Decode(ReadOnlySpan<byte> raw, NumpyDtype dtype, Span<double> values)
    {
        bool big = dtype.IsBigEndian;
        int size = dtype.ItemSize;
        bool native = big != BitConverter.IsLittleEndian;
        // The common little-endian layouts in bulk (MANO: f8 arrays, i8/u4 indices); the rest element by element.
        if (native && dtype.Kind == 'f' && size == 8)
        {
            MemoryMarshal.Cast<byte, double>(raw).CopyTo(values);
            return;
        }

        if (native && dtype.Kind == 'f' && size == 4)
        {
            var floats = MemoryMarshal.Cast<byte, float>(raw);
            for (int i = 0; i < floats.Length; i++)
            {
                values[i] = floats[i];
            }

            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            var e = raw.Slice(i * size, size);
            values[i] = (dtype.Kind, size) switch
            {
                ('b', _) => e[0] != 0 ? 1 : 0,
                ('i', 1) => (sbyte)e[0],
                ('u', 1) => e[0],
                ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(e) : BinaryPrimitives.ReadInt16LittleEndian(e),
                ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(e) : BinaryPrimitives.ReadUInt16LittleEndian(e),
                ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(e) : BinaryPrimitives.ReadInt32LittleEndian(e),
                ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(e) : BinaryPrimitives.ReadUInt32LittleEndian(e),
                ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(e) : BinaryPrimitives.ReadInt64LittleEndian(e),
                ('u', 8) => big ? BinaryPrimitives.ReadUInt64BigEndian(e) : BinaryPrimitives.ReadUInt64LittleEndian(e),
                ('f', 2) => (double)(big ? BinaryPrimitives.ReadHalfBigEndian(e) : BinaryPrimitives.ReadHalfLittleEndian(e)),
                ('f', 4) => big ? BinaryPrimitives.ReadSingleBigEndian(e) : BinaryPrimitives.ReadSingleLittleEndian(e),
                _ => big ? BinaryPrimitives.ReadDoubleBigEndian(e) : BinaryPrimitives.ReadDoubleLittleEndian(e),
            };
        }
    }

    /// <summary>Reorders column-major values to row-major for <paramref name="shape"/>.</summary>
    private static double[] FortranToC(double[] fortran, IReadOnlyList<int> shape)
    {
        int rank = shape.Count;
        var result = new double[fortran.Length];
        if (result.Length == 0)
        {
            return result;
        }

        // Fortran strides (in elements): the first axis varies fastest.
        var strides = new long[rank];
        long stride = 1;
        for (int a = 0; a < rank; a++)
        {
            strides[a] = stride;
            stride *= shape[a];
        }

        var index = new int[rank];
        long offset = 0;
        for (int c = 0; c < result.Length; c++)
        {
            result[c] = fortran[offset];
            // Odometer over the C-order index, last axis fastest, keeping the Fortran offset in step.
            for (int a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < shape[a])
                {
                    offset += strides[a];
                    break;
                }

                offset -= strides[a] * (shape[a] - 1);
                index[a] = 0;
            }
        }

        return result;
    }

    public override string ToString() => $"ndarray {Dtype} {PickleDescribe.Shape(Shape)}";
}
