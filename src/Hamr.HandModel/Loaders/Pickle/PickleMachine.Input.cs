using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Hamr.HandModel.Loaders.Pickle;

// Reading the input: every read is bounds-checked and every length is checked against the remaining bytes
// before anything is allocated.
internal sealed partial class PickleMachine
{
    private long ParseMemoIndex(ReadOnlySpan<byte> line) =>
        PickleText.Integer(line) is long index && index >= 0 ? index : throw Format("malformed memo index");

    private object ParseInt(ReadOnlySpan<byte> line)
    {
        // Protocol 0 writes True/False as INT "01"/"00".
        if (line.SequenceEqual("01"u8))
        {
            return true;
        }

        if (line.SequenceEqual("00"u8))
        {
            return false;
        }

        return PickleText.Integer(line) ?? throw Format("malformed INT");
    }

    private object ReadLong(int length)
    {
        if (length < 0)
        {
            throw Format($"negative LONG4 length {length}");
        }

        var bytes = Take(length);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private string ReadUtf8(ulong length)
    {
        var bytes = Take(CheckLength(length));
        return PickleText.Utf8(bytes) ?? throw Format("string is not valid UTF-8");
    }

    /// <summary>A GLOBAL/INST name line: printable ASCII (Python identifiers and dotted modules).</summary>
    private string ReadName()
    {
        var line = ReadLine();
        if (line.Length == 0 || line.Length > 256)
        {
            throw Format("malformed global name");
        }

        foreach (byte c in line)
        {
            if (c is < 0x20 or >= 0x7f)
            {
                throw Format("global name is not printable ASCII");
            }
        }

        return Encoding.ASCII.GetString(line);
    }

    private ReadOnlySpan<byte> ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0)
        {
            throw Format("truncated: unterminated text line");
        }

        var line = _data.AsSpan(_pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    private int ReadByte() => Take(1)[0];

    private int ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    private int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    private byte[] ReadBytes(ulong length) => Take(CheckLength(length)).ToArray();

    private ulong SignedLength(int length) => length >= 0 ? (ulong)length : throw Format($"negative length {length}");

    private int CheckLength(ulong length)
    {
        int remaining = _data.Length - _pos;
        if (length > (ulong)remaining)
        {
            throw Format($"length {length} exceeds the remaining {remaining} bytes");
        }

        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > _data.Length - _pos)
        {
            throw Format($"truncated: needs {n} bytes, {_data.Length - _pos} remain");
        }

        var span = _data.AsSpan(_pos, n);
        _pos += n;
        return span;
    }
}
