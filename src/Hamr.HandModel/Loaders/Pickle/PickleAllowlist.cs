namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>What an allowlisted global means to the reader; each is interpreted in C#, none is ever called.</summary>
public enum PickleGlobalKind
{
    /// <summary><c>numpy.core.multiarray._reconstruct(ndarray, shape, typecode)</c>: an empty array awaiting BUILD.</summary>
    NumpyReconstruct,

    /// <summary><c>numpy.ndarray</c>: only as the class argument of <see cref="NumpyReconstruct"/>.</summary>
    NumpyNdarray,

    /// <summary><c>numpy.dtype(typestr, align, copy)</c>: a dtype, byte order set by BUILD.</summary>
    NumpyDtype,

    /// <summary><c>numpy.core.multiarray.scalar(dtype, bytes)</c>: a numpy scalar (a rank-0 array).</summary>
    NumpyScalar,

    /// <summary><c>numpy.core.numeric._frombuffer(buffer, dtype, shape, order)</c>: protocol 5's array form.</summary>
    NumpyFromBuffer,

    /// <summary><c>copy_reg._reconstructor(cls, object, None)</c>: protocols 0–1's form of a new-style instance.</summary>
    CopyregReconstructor,

    /// <summary><c>copy_reg.__newobj__(cls, *args)</c>: NEWOBJ spelled as a call.</summary>
    CopyregNewobj,

    /// <summary><c>__builtin__.object</c>: only as the base argument of <see cref="CopyregReconstructor"/>.</summary>
    BuiltinObject,

    /// <summary><c>set(items)</c> (chumpy keeps its dirty-variable names in a set).</summary>
    BuiltinSet,

    /// <summary><c>frozenset(items)</c>.</summary>
    BuiltinFrozenset,

    /// <summary><c>bytes()</c>: how Python 3 pickles an empty bytes object with protocols 0–2.</summary>
    BuiltinBytes,

    /// <summary><c>_codecs.encode(text, 'latin1')</c>: how Python 3 pickles bytes with protocols 0–2.</summary>
    CodecsEncode,

    /// <summary><c>chumpy.ch.Ch</c>: a chumpy array, value in its state's <c>x</c>.</summary>
    ChumpyCh,

    /// <summary><c>chumpy.reordering.Select</c>: <c>a.r.ravel()[idxs]</c> reshaped to <c>preferred_shape</c>.</summary>
    ChumpySelect,

    /// <summary><c>scipy.sparse.csc_matrix</c> (state: data, indices, indptr, _shape).</summary>
    ScipyCscMatrix,

    /// <summary><c>scipy.sparse.csr_matrix</c> (state: data, indices, indptr, _shape).</summary>
    ScipyCsrMatrix,
}

/// <summary>
/// The globals a MANO pickle (and numpy/scipy/chumpy data in general) may name, by (module, name) as written in
/// the file, with the module spellings of Python 2 and 3 and of old and new numpy/scipy. Anything else is refused.
/// Sources: the MANO v1.2 pickles reference <c>chumpy.ch.Ch</c>, <c>chumpy.reordering.Select</c>,
/// <c>__builtin__.set</c>, numpy's <c>_reconstruct</c>/<c>ndarray</c>/<c>dtype</c> and
/// <c>scipy.sparse.csc.csc_matrix</c> (as restricted MANO unpicklers in the wild allow exactly these); the rest
/// are what Python 3 writes for the same data with other protocols.
/// </summary>
public static class PickleAllowlist
{
    private static readonly Dictionary<(string Module, string Name), PickleGlobalKind> s_globals = Build();

    /// <summary>Every allowlisted (module, name), for documentation and tests.</summary>
    public static IEnumerable<(string Module, string Name, PickleGlobalKind Kind)> Entries =>
        s_globals.Select(e => (e.Key.Module, e.Key.Name, e.Value));

    /// <summary>The meaning of <paramref name="module"/>.<paramref name="name"/>, or false when it is not allowed.</summary>
    public static bool TryResolve(string module, string name, out PickleGlobalKind kind) =>
        s_globals.TryGetValue((module, name), out kind);

    /// <summary>True for the classes NEWOBJ, <c>copy_reg._reconstructor</c>, INST and OBJ may instantiate (as state holders).</summary>
    public static bool IsInstantiable(PickleGlobalKind kind) =>
        kind is PickleGlobalKind.ChumpyCh or PickleGlobalKind.ChumpySelect or PickleGlobalKind.ScipyCscMatrix or PickleGlobalKind.ScipyCsrMatrix;

    private static Dictionary<(string, string), PickleGlobalKind> Build()
    {
        var table = new Dictionary<(string, string), PickleGlobalKind>();
        void Add(string[] modules, string name, PickleGlobalKind kind)
        {
            foreach (var m in modules)
            {
                table.Add((m, name), kind);
            }
        }

        string[] multiarray = ["numpy.core.multiarray", "numpy._core.multiarray"]; // numpy 1.x, 2.x
        string[] numeric = ["numpy.core.numeric", "numpy._core.numeric"];
        string[] builtins = ["__builtin__", "builtins"]; // Python 2, 3
        string[] copyreg = ["copy_reg", "copyreg"];
        Add(multiarray, "_reconstruct", PickleGlobalKind.NumpyReconstruct);
        Add(multiarray, "scalar", PickleGlobalKind.NumpyScalar);
        Add(numeric, "_frombuffer", PickleGlobalKind.NumpyFromBuffer);
        Add(["numpy"], "ndarray", PickleGlobalKind.NumpyNdarray);
        Add(["numpy"], "dtype", PickleGlobalKind.NumpyDtype);
        Add(copyreg, "_reconstructor", PickleGlobalKind.CopyregReconstructor);
        Add(copyreg, "__newobj__", PickleGlobalKind.CopyregNewobj);
        Add(builtins, "object", PickleGlobalKind.BuiltinObject);
        Add(builtins, "set", PickleGlobalKind.BuiltinSet);
        Add(builtins, "frozenset", PickleGlobalKind.BuiltinFrozenset);
        Add(builtins, "bytes", PickleGlobalKind.BuiltinBytes);
        Add(["_codecs"], "encode", PickleGlobalKind.CodecsEncode);
        Add(["chumpy.ch"], "Ch", PickleGlobalKind.ChumpyCh);
        Add(["chumpy.reordering"], "Select", PickleGlobalKind.ChumpySelect);
        // scipy < 1.8 defined the classes in scipy.sparse.csc/.csr; 1.8+ in _csc/_csr (re-exported by scipy.sparse).
        Add(["scipy.sparse.csc", "scipy.sparse._csc", "scipy.sparse"], "csc_matrix", PickleGlobalKind.ScipyCscMatrix);
        Add(["scipy.sparse.csr", "scipy.sparse._csr", "scipy.sparse"], "csr_matrix", PickleGlobalKind.ScipyCsrMatrix);
        return table;
    }
}
