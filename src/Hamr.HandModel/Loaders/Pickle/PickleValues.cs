using System.Text;

namespace Hamr.HandModel.Loaders.Pickle;

// The object tree a pickle decodes to. Python values map to: None → null, bool → bool, int → long (or BigInteger
// beyond 64 bits), float → double, str (Python 3) / unicode (Python 2) → string, and the classes below. Nodes are
// reference types so that memo references (the same object reached twice) stay shared, as in Python.

/// <summary>A byte string: Python 2 <c>str</c> (SHORT_BINSTRING/BINSTRING/STRING) or Python 3 <c>bytes</c>/<c>bytearray</c>.</summary>
public sealed class PickleBytes
{
    public PickleBytes(byte[] data, bool isPython2Str)
    {
        Data = data;
        IsPython2Str = isPython2Str;
    }

    public byte[] Data { get; }

    /// <summary>True for a Python 2 <c>str</c>, which Python 3 reads as text with <c>encoding='latin1'</c>.</summary>
    public bool IsPython2Str { get; }

    /// <summary>The bytes as Latin-1 text (what Python 3's <c>pickle.load(f, encoding='latin1')</c> makes of a py2 str).</summary>
    public string Latin1 => Encoding.Latin1.GetString(Data);

    public override string ToString() => IsPython2Str ? $"str[{Data.Length}]" : $"bytes[{Data.Length}]";
}

/// <summary>A Python tuple.</summary>
public sealed class PickleTuple
{
    public PickleTuple(object?[] items) => Items = items;

    public IReadOnlyList<object?> Items { get; }

    public int Count => Items.Count;

    public override string ToString() => $"tuple[{Items.Count}]";
}

/// <summary>A Python list.</summary>
public sealed class PickleList
{
    public List<object?> Items { get; } = [];

    public override string ToString() => $"list[{Items.Count}]";
}

/// <summary>A Python set or frozenset (items in pickle order; never hashed, so any item is accepted).</summary>
public sealed class PickleSet
{
    public PickleSet(bool frozen) => IsFrozen = frozen;

    public bool IsFrozen { get; }

    public List<object?> Items { get; } = [];

    public override string ToString() => $"{(IsFrozen ? "frozenset" : "set")}[{Items.Count}]";
}

/// <summary>
/// A Python dict, entries in pickle order. Keys are never hashed (a hostile pickle could make hashing slow or
/// cyclic); lookups scan from the end so that a later SETITEM of the same key wins, as in Python.
/// </summary>
public sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Entries { get; } = [];

    public int Count => Entries.Count;

    /// <summary>
    /// Finds <paramref name="key"/> as a text key or as a Python 2 str / bytes key with the same Latin-1 text
    /// (the MANO files were written by Python 2, whose keys are byte strings).
    /// </summary>
    public bool TryGetValue(string key, out object? value)
    {
        for (int i = Entries.Count - 1; i >= 0; i--)
        {
            if (KeyEquals(Entries[i].Key, key))
            {
                value = Entries[i].Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>The text of each key that is a string or a byte string (others are skipped).</summary>
    public IEnumerable<string> TextKeys()
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is string s)
            {
                yield return s;
            }
            else if (entry.Key is PickleBytes b)
            {
                yield return b.Latin1;
            }
        }
    }

    internal static bool KeyEquals(object? candidate, string key)
    {
        if (candidate is string s)
        {
            return s == key;
        }

        if (candidate is PickleBytes b && b.Data.Length == key.Length)
        {
            for (int i = 0; i < key.Length; i++)
            {
                if (b.Data[i] != key[i])
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    public override string ToString() => $"dict[{Entries.Count}]";
}

/// <summary>An allowlisted global (a class or function named by GLOBAL/STACK_GLOBAL), never executed.</summary>
public sealed class PickleGlobal
{
    internal PickleGlobal(string module, string name, PickleGlobalKind kind)
    {
        Module = module;
        Name = name;
        Kind = kind;
    }

    /// <summary>The module as written in the file (e.g. "copy_reg" or "copyreg").</summary>
    public string Module { get; }

    public string Name { get; }

    /// <summary>What the reader takes the global to mean.</summary>
    public PickleGlobalKind Kind { get; }

    public string FullName => $"{Module}.{Name}";

    public override string ToString() => FullName;
}

/// <summary>
/// An instance of an allowlisted class (a chumpy node, a scipy sparse matrix) as the pickle describes it: the class
/// and the state given to BUILD (usually the instance's <c>__dict__</c> as a <see cref="PickleDict"/>).
/// </summary>
public sealed class PickleObject
{
    internal PickleObject(PickleGlobal type, PickleTuple? newArgs)
    {
        Type = type;
        NewArgs = newArgs;
    }

    public PickleGlobal Type { get; }

    /// <summary>Arguments NEWOBJ passed to <c>cls.__new__</c> (kept, not interpreted), or null.</summary>
    public PickleTuple? NewArgs { get; }

    /// <summary>The state set by BUILD (null before it).</summary>
    public object? State { get; internal set; }

    /// <summary>The state as a dict: a dict state, or the dict part of a (dict, slots) tuple; null otherwise.</summary>
    public PickleDict? StateDict => State switch
    {
        PickleDict d => d,
        PickleTuple { Count: 2 } t when t.Items[0] is PickleDict d => d,
        _ => null,
    };

    public override string ToString() => $"{Type.FullName} object";
}
