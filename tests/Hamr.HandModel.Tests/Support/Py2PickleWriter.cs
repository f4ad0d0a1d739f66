using System.Buffers.Binary;
using System.Text;

namespace Hamr.HandModel.Tests.Support;

/// <summary>
/// Writes a protocol-2 pickle of a dict the way Python 2's cPickle wrote the MANO files (py2 str keys and data,
/// numpy <c>_reconstruct</c> + BUILD, <c>scipy.sparse.csc.csc_matrix</c> via NEWOBJ, chumpy Ch/Select via
/// NEWOBJ), written from the opcode definitions for tests that need MANO's real sizes (too big to commit as
/// fixtures). No memo: each value is written in full.
/// </summary>
internal sealed class Py2PickleWriter
{
    private readonly List<byte> _out = [0x80, 2, (byte)'}', (byte)'('];

    public Py2PickleWriter Float64(string key, double[] values, params int[] shape)
    {
        Key(key);
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        Array(raw, "f8", shape);
        return this;
    }

    public Py2PickleWriter UInt32(string key, int[] values, params int[] shape)
    {
        Key(key);
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(i * 4), (uint)values[i]);
        }

        Array(raw, "u4", shape);
        return this;
    }

    public Py2PickleWriter Int64(string key, long[] values, params int[] shape)
    {
        Key(key);
        Array(Int64Bytes(values), "i8", shape);
        return this;
    }

    /// <summary>A dense [rows, cols] matrix written as a CSC matrix of its nonzeros.</summary>
    public Py2PickleWriter Csc(string key, double[] dense, int rows, int cols)
    {
        Key(key);
        var data = new List<double>();
        var indices = new List<long>();
        var indptr = new List<long> { 0 };
        for (int c = 0; c < cols; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                if (dense[(r * cols) + c] != 0)
                {
                    data.Add(dense[(r * cols) + c]);
                    indices.Add(r);
                }
            }

            indptr.Add(data.Count);
        }

        Global("scipy.sparse.csc", "csc_matrix");
        Op(')', 0x81, '}', '(');
        Str("_shape");
        Op('(');
        Int(rows);
        Int(cols);
        Op('t');
        Str("data");
        var raw = new byte[data.Count * 8];
        for (int i = 0; i < data.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), data[i]);
        }

        Array(raw, "f8", data.Count);
        Str("indices");
        Array(Int64Bytes([.. indices]), "i8", indices.Count);
        Str("indptr");
        Array(Int64Bytes([.. indptr]), "i8", indptr.Count);
        Op('u', 'b');
        return this;
    }

    /// <summary>chumpy's form of MANO's shapedirs: Select(Ch(full [.., S_full]), idxs of [..., :s], preferred shape).</summary>
    public Py2PickleWriter ChumpySelectLastAxis(string key, double[] full, int[] fullShape, int keep)
    {
        Key(key);
        int outer = full.Length / fullShape[^1];
        var idxs = new long[outer * keep];
        for (int o = 0; o < outer; o++)
        {
            for (int s = 0; s < keep; s++)
            {
                idxs[(o * keep) + s] = ((long)o * fullShape[^1]) + s;
            }
        }

        Global("chumpy.reordering", "Select");
        Op(')', 0x81, '}', '(');
        Str("a");
        Global("chumpy.ch", "Ch");
        Op(')', 0x81, '}', '(');
        Str("x");
        var raw = new byte[full.Length * 8];
        for (int i = 0; i < full.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), full[i]);
        }

        Array(raw, "f8", fullShape);
        Op('u', 'b');
        Str("idxs");
        Array(Int64Bytes(idxs), "i8", idxs.Length);
        Str("preferred_shape");
        Op('(');
        foreach (int d in fullShape[..^1])
        {
            Int(d);
        }

        Int(keep);
        Op('t', 'u', 'b');
        return this;
    }

    public byte[] ToBytes() => [.. _out, (byte)'u', (byte)'.'];

    private void Key(string key) => Str(key);

    private void Array(byte[] raw, string typeString, params int[] shape)
    {
        Global("numpy.core.multiarray", "_reconstruct");
        Global("numpy", "ndarray");
        Int(0);
        Op(0x85);
        Str("b");
        Op(0x87, 'R', '(');
        Int(1);
        Op('(');
        foreach (int d in shape)
        {
            Int(d);
        }

        Op('t');
        Global("numpy", "dtype");
        Str(typeString);
        Int(0);
        Int(1);
        Op(0x87, 'R', '(');
        Int(3);
        Str("<");
        Op('N', 'N', 'N');
        Int(-1);
        Int(-1);
        Int(0);
        Op('t', 'b', 0x89);
        Bytes(raw);
        Op('t', 'b');
    }

    private void Global(string module, string name) => _out.AddRange(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));

    private void Str(string text) => Bytes(Encoding.ASCII.GetBytes(text));

    private void Bytes(byte[] data)
    {
        if (data.Length < 256)
        {
            _out.Add((byte)'U');
            _out.Add((byte)data.Length);
        }
        else
        {
            _out.Add((byte)'T');
            Span<byte> n = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(n, data.Length);
            _out.AddRange(n.ToArray());
        }

        _out.AddRange(data);
    }

    private void Int(long value)
    {
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(n, checked((int)value));
        _out.Add((byte)'J');
        _out.AddRange(n.ToArray());
    }

    private void Op(params object[] ops)
    {
        foreach (var op in ops)
        {
            _out.Add(op is char c ? (byte)c : (byte)(int)op);
        }
    }

    private static byte[] Int64Bytes(long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        return raw;
    }
}
