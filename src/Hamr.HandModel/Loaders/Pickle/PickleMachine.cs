using System.Buffers.Binary;
using static Hamr.HandModel.Loaders.Pickle.PickleOpcodes;

namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>
/// The pickle virtual machine: runs the opcodes of protocols 0–5 over a byte array and builds the object tree.
/// Every read is bounds-checked against the remaining input, every length is bounded by it, each opcode consumes
/// at least one byte and pushes at most one item, so the run is linear in the input and cannot hang. Globals are
/// resolved through <see cref="PickleAllowlist"/> and calls are interpreted (PickleCalls.cs), never executed.
/// </summary>
internal sealed partial class PickleMachine
{
    /// <summary>Open MARKs at once (nesting of tuples/lists/dicts built with MARK); MANO needs about 5.</summary>
    public const int MaxMarkDepth = 256;

    /// <summary>Stack items plus memo entries (each costs a reference; this bounds memory to ~128 MB of them).</summary>
    public const int MaxStackAndMemo = 1 << 24;

    private readonly byte[] _data;
    private readonly string _source;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;
    private int _opStart;

    public PickleMachine(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    public object? Run()
    {
        while (true)
        {
            if (_pos >= _data.Length)
            {
                throw Format(_data.Length == 0 ? "empty input" : "truncated: input ends before the STOP opcode");
            }

            _opStart = _pos;
            byte op = _data[_pos++];
            if (op == Stop)
            {
                if (_stack.Count == 0)
                {
                    throw Format("STOP with an empty stack");
                }

                return _stack[^1];
            }

            Step(op);
        }
    }

    private void Step(byte op)
    {
        switch (op)
        {
            case Proto:
                int protocol = ReadByte();
                if (protocol > 5)
                {
                    throw Format($"unsupported protocol {protocol}");
                }

                break;
            case Frame:
                // Framing only groups opcodes for buffered reading; the length must still fit the input.
                ulong frame = ReadUInt64();
                if (frame > (ulong)(_data.Length - _pos))
                {
                    throw Format($"frame of {frame} bytes exceeds the remaining {_data.Length - _pos}");
                }

                break;

            // Stack and memo.
            case Mark:
                if (_marks.Count >= MaxMarkDepth)
                {
                    throw Format($"nesting deeper than {MaxMarkDepth} MARKs");
                }

                _marks.Add(_stack.Count);
                break;
            case PickleOpcodes.Pop:
                if (_stack.Count > MarkBase)
                {
                    _stack.RemoveAt(_stack.Count - 1);
                }
                else if (_marks.Count > 0)
                {
                    _marks.RemoveAt(_marks.Count - 1); // Python's POP drops an empty mark
                }
                else
                {
                    throw Format("stack underflow");
                }

                break;
            case PopMark: PopToMark(); break;
            case Dup: Push(Peek()); break;
            case Put: MemoPut(ParseMemoIndex(ReadLine())); break;
            case BinPut: MemoPut(ReadByte()); break;
            case LongBinPut: MemoPut(ReadUInt32()); break;
            case Memoize: MemoPut(_memo.Count); break;
            case Get: Push(MemoGet(ParseMemoIndex(ReadLine()))); break;
            case BinGet: Push(MemoGet(ReadByte())); break;
            case LongBinGet: Push(MemoGet(ReadUInt32())); break;

            // Atoms.
            case PickleOpcodes.None: Push(null); break;
            case NewTrue: Push(true); break;
            case NewFalse: Push(false); break;
            case Int: Push(ParseInt(ReadLine())); break;
            case BinInt: Push((long)ReadInt32()); break;
            case BinInt1: Push((long)ReadByte()); break;
            case BinInt2: Push((long)ReadUInt16()); break;
            case Long: Push(PickleText.Integer(ReadLine()) ?? throw Format("malformed LONG")); break;
            case Long1: Push(ReadLong(ReadByte())); break;
            case Long4: Push(ReadLong(ReadInt32())); break;
            case PickleOpcodes.Float: Push(PickleText.Float(ReadLine()) ?? throw Format("malformed FLOAT")); break;
            case BinFloat: Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;

            // Strings and bytes.
            case PickleOpcodes.String:
                Push(new PickleBytes(PickleText.PythonStringLiteral(ReadLine()) ?? throw Format("malformed STRING literal"), true));
                break;
            case BinString: Push(new PickleBytes(ReadBytes(SignedLength(ReadInt32())), true)); break;
            case ShortBinString: Push(new PickleBytes(ReadBytes((ulong)ReadByte()), true)); break;
            case Unicode: Push(PickleText.RawUnicodeEscape(ReadLine()) ?? throw Format("malformed UNICODE escape")); break;
            case BinUnicode: Push(ReadUtf8(ReadUInt32())); break;
            case ShortBinUnicode: Push(ReadUtf8((ulong)ReadByte())); break;
            case BinUnicode8: Push(ReadUtf8(ReadUInt64())); break;
            case BinBytes: Push(new PickleBytes(ReadBytes(ReadUInt32()), false)); break;
            case ShortBinBytes: Push(new PickleBytes(ReadBytes((ulong)ReadByte()), false)); break;
            case BinBytes8:
            case ByteArray8:
                Push(new PickleBytes(ReadBytes(ReadUInt64()), false));
                break;

            // Containers.
            case EmptyTuple: Push(new PickleTuple([])); break;
            case PickleOpcodes.Tuple: Push(new PickleTuple(PopToMark())); break;
            case Tuple1:
            case Tuple2:
            case Tuple3:
                PushTupleOf(op - Tuple1 + 1);
                break;
            case EmptyList: Push(new PickleList()); break;
            case PickleOpcodes.List:
                var list = new PickleList();
                list.Items.AddRange(PopToMark());
                Push(list);
                break;
            case Append:
                object? item = Pop();
                TargetList(Peek()).Items.Add(item);
                break;
            case Appends:
                var items = PopToMark();
                TargetList(Peek()).Items.AddRange(items);
                break;
            case EmptyDict: Push(new PickleDict()); break;
            case PickleOpcodes.Dict:
                var dict = new PickleDict();
                AddPairs(dict, PopToMark());
                Push(dict);
                break;
            case SetItem:
                object? value = Pop();
                object? key = Pop();
                TargetDict(Peek()).Entries.Add(new(key, value));
                break;
            case SetItems:
                var pairs = PopToMark();
                AddPairs(TargetDict(Peek()), pairs);
                break;
            case EmptySet: Push(new PickleSet(frozen: false)); break;
            case AddItems:
                var added = PopToMark();
                (Peek() as PickleSet ?? throw Format($"ADDITEMS target is {PickleDescribe.Of(Peek())}, not a set")).Items.AddRange(added);
                break;
            case FrozenSet:
                var frozen = new PickleSet(frozen: true);
                frozen.Items.AddRange(PopToMark());
                Push(frozen);
                break;

            // Globals and calls (interpreted in PickleCalls.cs).
            case PickleOpcodes.Global:
                string module = ReadName();
                Push(ResolveGlobal(module, ReadName()));
                break;
            case StackGlobal:
                object? name = Pop();
                object? mod = Pop();
                if (mod is not string m || name is not string n)
                {
                    throw Format($"STACK_GLOBAL needs two str, got {PickleDescribe.Of(mod)} and {PickleDescribe.Of(name)}");
                }

                Push(ResolveGlobal(m, n));
                break;
            case PickleOpcodes.Reduce:
                var args = Pop();
                Replace(Reduce(Peek(), args));
                break;
            case NewObj:
                var newArgs = Pop();
                Replace(NewObject(Peek(), newArgs, null));
                break;
            case NewObjEx:
                var kwargs = Pop();
                var exArgs = Pop();
                Replace(NewObject(Peek(), exArgs, kwargs));
                break;
            case PickleOpcodes.Build:
                var state = Pop();
                BuildState(Peek(), state);
                break;
            case Inst:
                string instModule = ReadName();
                var instClass = ResolveGlobal(instModule, ReadName());
                Push(Instantiate("INST", instClass, PopToMark()));
                break;
            case Obj:
                var objItems = PopToMark();
                if (objItems.Length == 0)
                {
                    throw Format("OBJ without a class");
                }

                Push(Instantiate("OBJ", objItems[0], objItems[1..]));
                break;

            // Never supported: these hand control to code outside the pickle.
            case PersId:
            case BinPersId:
                throw Security("persistent ids (PERSID/BINPERSID) are refused: they ask the loader for external objects");
            case Ext1:
            case Ext2:
            case Ext4:
                throw Security("extension-registry opcodes (EXT1/EXT2/EXT4) are refused: they name globals indirectly");
            case NextBuffer:
            case ReadOnlyBuffer:
                throw Format("out-of-band buffers (protocol 5 NEXT_BUFFER/READONLY_BUFFER) are not supported");
            default:
                throw Format($"unknown opcode 0x{op:x2}");
        }
    }

    private int MarkBase => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(object? value)
    {
        if (_stack.Count + _memo.Count >= MaxStackAndMemo)
        {
            throw Format($"more than {MaxStackAndMemo} stack and memo entries");
        }

        _stack.Add(value);
    }

    private object? Pop()
    {
        if (_stack.Count <= MarkBase)
        {
            throw Format("stack underflow");
        }

        object? top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    private object? Peek() => _stack.Count > MarkBase ? _stack[^1] : throw Format("stack underflow");

    private void Replace(object? value) => _stack[^1] = value;

    private object?[] PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Format("no MARK on the stack");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void PushTupleOf(int n)
    {
        var items = new object?[n];
        for (int i = n - 1; i >= 0; i--)
        {
            items[i] = Pop();
        }

        Push(new PickleTuple(items));
    }

    private PickleList TargetList(object? target) =>
        target as PickleList ?? throw Format($"APPEND target is {PickleDescribe.Of(target)}, not a list");

    private PickleDict TargetDict(object? target) =>
        target as PickleDict ?? throw Format($"SETITEM target is {PickleDescribe.Of(target)}, not a dict");

    private void AddPairs(PickleDict dict, object?[] flat)
    {
        if (flat.Length % 2 != 0)
        {
            throw Format("odd number of items for dict keys and values");
        }

        for (int i = 0; i < flat.Length; i += 2)
        {
            dict.Entries.Add(new(flat[i], flat[i + 1]));
        }
    }

    private void MemoPut(long index)
    {
        if (_stack.Count + _memo.Count >= MaxStackAndMemo)
        {
            throw Format($"more than {MaxStackAndMemo} stack and memo entries");
        }

        _memo[index] = Peek();
    }

    private object? MemoGet(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Format($"memo has no entry {index}");

    private PickleFormatException Format(string problem) => new(_source, _opStart, problem);

    private PickleSecurityException Security(string problem, string? globalName = null) => new(_source, _opStart, problem, globalName);
}
