using System.Text;
using static Hamr.HandModel.Loaders.Pickle.PickleGlobalKind;

namespace Hamr.HandModel.Loaders.Pickle;

// The opcodes that would run code in CPython (GLOBAL/STACK_GLOBAL, REDUCE, NEWOBJ, NEWOBJ_EX, BUILD, INST, OBJ),
// interpreted: each allowlisted global has a C# meaning, everything else is a PickleSecurityException.
internal sealed partial class PickleMachine
{
    private PickleGlobal ResolveGlobal(string module, string name)
    {
        if (!PickleAllowlist.TryResolve(module, name, out var kind))
        {
            string full = $"{module}.{name}";
            throw Security($"global {full} is not in the allowlist (only numpy arrays, scipy sparse matrices, chumpy Ch/Select and builtin containers are read; nothing is executed)", full);
        }

        return new PickleGlobal(module, name, kind);
    }

    private object? Reduce(object? callable, object? argsValue)
    {
        if (callable is not PickleGlobal g)
        {
            throw Security($"REDUCE calls {PickleDescribe.Of(callable)}, not an allowlisted global");
        }

        if (argsValue is not PickleTuple args)
        {
            throw Format($"REDUCE arguments of {g.FullName} are {PickleDescribe.Of(argsValue)}, not a tuple");
        }

        switch (g.Kind)
        {
            case NumpyReconstruct:
                // numpy's own reduction of ndarray; a subclass (np.matrix, a user class) would run its own code.
                if (args.Count != 3 || args.Items[0] is not PickleGlobal { Kind: NumpyNdarray })
                {
                    throw Security($"{g.FullName} is only allowed as (numpy.ndarray, shape, typecode)", g.FullName);
                }

                return new NumpyArray();
            case PickleGlobalKind.NumpyDtype:
                string? typeString = args.Count is >= 1 and <= 3 ? TextOf(args.Items[0]) : null;
                return (typeString is null ? null : Pickle.NumpyDtype.Parse(typeString))
                    ?? throw Format($"numpy dtype arguments not understood: {PickleDescribe.Of(args.Count > 0 ? args.Items[0] : null)}");
            case NumpyScalar:
                // scalar(dtype, raw bytes of one element); object scalars (dtype, object) are not supported.
                if (args.Count != 2 || args.Items[0] is not Pickle.NumpyDtype scalarType || BytesOf(args.Items[1]) is not byte[] scalarData)
                {
                    throw Format("numpy scalar needs (dtype, bytes)");
                }

                return NumpyArray.FromBuffer(scalarData, scalarType, new PickleTuple([]), false, p => Format(p));
            case NumpyFromBuffer:
                // _frombuffer(buffer, dtype, shape, order): protocol 5's in-band array.
                if (args.Count != 4 || args.Items[1] is not Pickle.NumpyDtype bufferType || BytesOf(args.Items[0]) is not byte[] buffer
                    || TextOf(args.Items[3]) is not ("C" or "F"))
                {
                    throw Format("numpy _frombuffer needs (bytes, dtype, shape, 'C' or 'F')");
                }

                return NumpyArray.FromBuffer(buffer, bufferType, args.Items[2], TextOf(args.Items[3]) == "F", p => Format(p));
            case CopyregReconstructor:
                // (cls, object, None) means object.__new__(cls); another base would call base.__new__(cls, state).
                if (args.Count != 3 || args.Items[1] is not PickleGlobal { Kind: BuiltinObject } || args.Items[2] is not null)
                {
                    throw Security($"{g.FullName} is only allowed as (class, object, None)", g.FullName);
                }

                return NewInstance(g.FullName, args.Items[0], null);
            case CopyregNewobj:
                if (args.Count < 1)
                {
                    throw Format($"{g.FullName} needs a class");
                }

                return NewInstance(g.FullName, args.Items[0], new PickleTuple([.. args.Items.Skip(1)]));
            case BuiltinSet:
            case BuiltinFrozenset:
                var set = new PickleSet(g.Kind == BuiltinFrozenset);
                if (args.Count == 1)
                {
                    set.Items.AddRange(ItemsOf(args.Items[0]) ?? throw Format($"{g.FullName} of {PickleDescribe.Of(args.Items[0])}"));
                }
                else if (args.Count != 0)
                {
                    throw Format($"{g.FullName} with {args.Count} arguments");
                }

                return set;
            case BuiltinBytes:
                return args.Count == 0 ? new PickleBytes([], false) : throw Format($"{g.FullName} with arguments is not supported");
            case CodecsEncode:
                return Encode(g, args);
            default:
                throw Security($"calling {g.FullName} is not allowed (the reader only reads pickled state)", g.FullName);
        }
    }

    /// <summary><c>_codecs.encode(text, encoding)</c>: how Python 3 writes bytes with protocols 0–2 (always 'latin1').</summary>
    private PickleBytes Encode(PickleGlobal g, PickleTuple args)
    {
        if (args.Count != 2 || args.Items[0] is not string text || TextOf(args.Items[1]) is not string encoding)
        {
            throw Format($"{g.FullName} needs (str, encoding)");
        }

        byte[]? bytes = encoding.ToLowerInvariant() switch
        {
            "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" or "l1" => PickleText.Latin1Bytes(text),
            "utf-8" or "utf8" => Encoding.UTF8.GetBytes(text),
            "ascii" => text.All(char.IsAscii) ? Encoding.ASCII.GetBytes(text) : null,
            _ => throw Format($"{g.FullName} with encoding '{encoding}' is not supported"),
        };
        return new PickleBytes(bytes ?? throw Format($"{g.FullName}: text does not fit encoding '{encoding}'"), false);
    }

    private PickleObject NewObject(object? cls, object? args, object? kwargs)
    {
        if (args is not PickleTuple tuple)
        {
            throw Format($"NEWOBJ arguments are {PickleDescribe.Of(args)}, not a tuple");
        }

        if (kwargs is not null && kwargs is not PickleDict { Count: 0 })
        {
            throw Format("NEWOBJ_EX keyword arguments are not supported");
        }

        return NewInstance("NEWOBJ", cls, tuple);
    }

    private PickleObject Instantiate(string via, object? cls, object?[] args)
    {
        // INST/OBJ with arguments call the class (its __init__); without, Python makes an empty instance.
        if (args.Length > 0)
        {
            string name = cls is PickleGlobal g ? g.FullName : PickleDescribe.Of(cls);
            throw Security($"{via} would call {name} with {args.Length} arguments", (cls as PickleGlobal)?.FullName);
        }

        return NewInstance(via, cls, null);
    }

    private PickleObject NewInstance(string via, object? cls, PickleTuple? args)
    {
        if (cls is not PickleGlobal g)
        {
            throw Security($"{via} on {PickleDescribe.Of(cls)}, not an allowlisted class");
        }

        if (!PickleAllowlist.IsInstantiable(g.Kind))
        {
            throw Security($"{via} of {g.FullName} is not allowed (only chumpy and scipy.sparse classes are instantiated, as holders of their state)", g.FullName);
        }

        return new PickleObject(g, args is { Count: > 0 } ? args : null);
    }

    private void BuildState(object? target, object? state)
    {
        switch (target)
        {
            case NumpyArray array:
                array.SetState(state, p => Format(p));
                break;
            case Pickle.NumpyDtype dtype:
                dtype.SetState(state, p => Format(p));
                break;
            case PickleObject obj:
                // A second BUILD updates the instance dict, as object.__setstate__ would.
                if (obj.State is PickleDict old && state is PickleDict update)
                {
                    old.Entries.AddRange(update.Entries);
                }
                else
                {
                    obj.State = state;
                }

                break;
            case PickleGlobal g:
                throw Security($"BUILD on the global {g.FullName} would set its attributes", g.FullName);
            default:
                throw Format($"BUILD on {PickleDescribe.Of(target)}: only numpy arrays, dtypes and allowlisted instances take state");
        }
    }

    private static string? TextOf(object? value) => value switch
    {
        string s => s,
        PickleBytes b => b.Latin1,
        _ => null,
    };

    private static byte[]? BytesOf(object? value) => value switch
    {
        PickleBytes b => b.Data,
        string s => PickleText.Latin1Bytes(s),
        _ => null,
    };

    private static IEnumerable<object?>? ItemsOf(object? value) => value switch
    {
        PickleList l => l.Items,
        PickleTuple t => t.Items,
        PickleSet s => s.Items,
        _ => null,
    };
}
