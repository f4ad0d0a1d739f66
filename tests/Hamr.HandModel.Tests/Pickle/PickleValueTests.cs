using System.Numerics;
using Hamr.HandModel.Loaders.Mano;
using Hamr.HandModel.Loaders.Pickle;
using Hamr.HandModel.Tests.Support;

namespace Hamr.HandModel.Tests.Pickle;

/// <summary>
/// The reader decodes the same value zoo (tools/mano/make_fixtures.py, make_tiny) written by CPython with every
/// protocol 0–5 and in Python 2 style; the expected values are the script's literals.
/// </summary>
public sealed class PickleValueTests
{
    public static TheoryData<string> TinyFiles => new()
    {
        "tiny_proto0.pkl", "tiny_proto1.pkl", "tiny_proto2.pkl", "tiny_proto3.pkl", "tiny_proto4.pkl", "tiny_proto5.pkl",
        "tiny_py2_proto0.pkl", "tiny_py2_proto2.pkl",
    };

    [Theory]
    [MemberData(nameof(TinyFiles))]
    public void Scalars_and_text_decode_to_the_written_values(string file)
    {
        var d = Root(file);
        Assert.Null(Get(d, "none"));
        Assert.Equal(true, Get(d, "true"));
        Assert.Equal(false, Get(d, "false"));
        Assert.Equal(7L, Get(d, "int_small"));
        Assert.Equal(-300L, Get(d, "int_neg"));
        Assert.Equal(1L << 40, Get(d, "int_big"));
        Assert.Equal(-BigInteger.Pow(2, 100), Get(d, "int_huge"));
        Assert.Equal(1.5, Get(d, "float"));
        Assert.Equal(-2.25e-10, Get(d, "float_tiny"));
        Assert.Equal("h\u00e9llo \u2713\n\"q'\\", Get(d, "text"));
        var bytes = Assert.IsType<PickleBytes>(Get(d, "bytes"));
        Assert.Equal(new byte[] { 0, 0xff, (byte)'\\', (byte)'a', (byte)'b', (byte)'\n', (byte)'\'' }, bytes.Data);
        Assert.Equal(file.Contains("py2", StringComparison.Ordinal), bytes.IsPython2Str);
        Assert.Empty(Assert.IsType<PickleBytes>(Get(d, "empty_bytes")).Data);
    }

    [Theory]
    [MemberData(nameof(TinyFiles))]
    public void Containers_decode_with_shared_references_kept(string file)
    {
        var d = Root(file);
        var tuple = Assert.IsType<PickleTuple>(Get(d, "tuple"));
        Assert.Equal(3, tuple.Count);
        Assert.Equal(1L, tuple.Items[0]);
        Assert.Equal("a", Text(tuple.Items[1]));
        Assert.Equal(2.0, Assert.IsType<PickleTuple>(tuple.Items[2]).Items.Single());

        var list = Assert.IsType<PickleList>(Get(d, "list"));
        Assert.Equal(1L, list.Items[0]);
        Assert.Equal(new object?[] { 2L, 3L }, Assert.IsType<PickleList>(list.Items[1]).Items);
        Assert.Empty(Assert.IsType<PickleList>(list.Items[2]).Items);

        var set = Assert.IsType<PickleSet>(Get(d, "set"));
        Assert.Equal("only", Text(Assert.Single(set.Items)));

        // The same list object pickled twice is one memo entry: both keys reach one node, as in Python.
        Assert.Same(Get(d, "shared_a"), Get(d, "shared_b"));
    }

    [Theory]
    [MemberData(nameof(TinyFiles))]
    public void Numpy_arrays_convert_to_c_order_numbers(string file)
    {
        var d = Root(file);
        AssertArray(Get(d, "c_array"), [2, 3], [0, 0.25, 0.5, 0.75, 1, 1.25]);

        var fortran = Assert.IsType<NumpyArray>(Get(d, "f_array"));
        Assert.True(fortran.IsFortranOrder);
        AssertArray(fortran, [2, 3], [-2, -1, 0, 1, 2, 3]);

        AssertArray(Get(d, "u1_array"), [3], [0, 7, 255]);
        var bigEndian = Assert.IsType<NumpyArray>(Get(d, "be_array"));
        Assert.True(bigEndian.Dtype.IsBigEndian);
        AssertArray(bigEndian, [2], [1.5, -2]);
        AssertArray(Get(d, "bool_array"), [3], [1, 0, 1]);
        AssertArray(Get(d, "empty_array"), [0, 3], []);
        AssertArray(Get(d, "scalar"), [], [2.5]);
    }

    [Theory]
    [MemberData(nameof(TinyFiles))]
    public void Scipy_and_chumpy_objects_evaluate_like_their_python_classes(string file)
    {
        var d = Root(file);
        var csc = Assert.IsType<PickleObject>(Get(d, "csc"));
        Assert.Equal(PickleGlobalKind.ScipyCscMatrix, csc.Type.Kind);
        // csc_matrix((data [1, 2, 3], indices [0, 2, 1], indptr [0, 2, 2, 3]), shape (3, 3)).toarray()
        AssertDense(Eval(csc), [3, 3], [1, 0, 0, 0, 0, 3, 2, 0, 0]);

        var ch = Assert.IsType<PickleObject>(Get(d, "ch"));
        Assert.Equal(PickleGlobalKind.ChumpyCh, ch.Type.Kind);
        AssertDense(Eval(ch), [2, 2], [1, 2, 3, 4]);

        // Select(Ch(arange(12).reshape(3, 4)), idxs [11, 0, 5], preferred_shape (3,))
        AssertDense(Eval(Get(d, "select")), [3], [11, 0, 5]);
    }

    [Fact]
    public void A_later_setitem_of_the_same_key_wins()
    {
        // {} ; 'k' -> 1 ; 'k' -> 2 (SETITEM twice), as Python's dict keeps the last value.
        var data = ManoFixtures.P(0x80, 2, "}", "U", 1, "k", "K", 1, "s", "U", 1, "k", "K", 2, "s", ".");
        var dict = Assert.IsType<PickleDict>(PickleReader.Read(data));
        Assert.True(dict.TryGetValue("k", out var value));
        Assert.Equal(2L, value);
    }

    [Fact]
    public void Protocol_0_text_opcodes_decode_escapes_and_numbers()
    {
        // (S'a\x41\101\n\'' ; I-12 ; L123456789012345678901234567890L ; Finf ; V\u20ac\u005c ; tuple
        var data = ManoFixtures.P("(S'a\\x41\\101\\n\\''\nI-12\nL123456789012345678901234567890L\nFinf\nV\\u20ac\\u005c\nt.");
        var t = Assert.IsType<PickleTuple>(PickleReader.Read(data));
        Assert.Equal("aAA\n'"u8.ToArray(), Assert.IsType<PickleBytes>(t.Items[0]).Data);
        Assert.Equal(-12L, t.Items[1]);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), t.Items[2]);
        Assert.Equal(double.PositiveInfinity, t.Items[3]);
        Assert.Equal("\u20ac\\", t.Items[4]);
    }

    private static PickleDict Root(string file) => Assert.IsType<PickleDict>(PickleReader.ReadFile(ManoFixtures.Path(file)));

    private static object? Get(PickleDict d, string key) => d.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    private static string? Text(object? value) => value switch
    {
        string s => s,
        PickleBytes b => b.Latin1,
        _ => null,
    };

    private static DenseArray Eval(object? value) => ManoValues.Evaluate(value, "test", "key", 1000);

    private static void AssertArray(object? value, int[] shape, double[] expected)
    {
        var array = Assert.IsType<NumpyArray>(value);
        Assert.Equal(shape, array.Shape);
        Assert.Equal(expected, array.ToDoubles(p => new InvalidOperationException(p)));
    }

    private static void AssertDense(DenseArray array, int[] shape, double[] expected)
    {
        Assert.Equal(shape, array.Shape);
        Assert.Equal(expected, array.Data);
    }
}
