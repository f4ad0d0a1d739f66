using Hamr.HandModel.Loaders.Pickle;
using Hamr.HandModel.Tests.Support;
using static Hamr.HandModel.Tests.Support.ManoFixtures;

namespace Hamr.HandModel.Tests.Pickle;

/// <summary>Hand-written hostile and malformed pickles: each gives the typed error that names the problem.</summary>
public sealed class PickleHostileTests
{
    public static TheoryData<string, string> ForbiddenGlobals => new()
    {
        { "os", "system" },
        { "posix", "system" },
        { "nt", "system" },
        { "builtins", "eval" },
        { "__builtin__", "eval" },
        { "builtins", "exec" },
        { "__builtin__", "getattr" },
        { "builtins", "__import__" },
        { "subprocess", "Popen" },
        { "numpy", "load" },
        { "numpy.core.multiarray", "empty" },
        { "chumpy.ch_ops", "add" },
        { "copy_reg", "_reduce_ex" },
        { "pickle", "loads" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenGlobals))]
    public void A_global_outside_the_allowlist_is_refused_by_name(string module, string name)
    {
        var ex = Assert.Throws<PickleSecurityException>(() => PickleReader.Read(P(0x80, 2, $"c{module}\n{name}\n", ")R."), "hostile.pkl"));
        Assert.Equal($"{module}.{name}", ex.GlobalName);
        Assert.Contains($"{module}.{name}", ex.Message);
        Assert.StartsWith("hostile.pkl: at byte 2:", ex.Message);
    }

    [Fact]
    public void Stack_global_is_checked_against_the_allowlist_too()
    {
        var ex = Assert.Throws<PickleSecurityException>(() => PickleReader.Read(P(0x80, 4, 0x8c, 8, "builtins", 0x8c, 4, "eval", 0x93, ".")));
        Assert.Equal("builtins.eval", ex.GlobalName);
    }

    public static TheoryData<string, byte[], string> RefusedCalls => new()
    {
        // Allowlisted names used in ways numpy/scipy/chumpy pickles never use them.
        { "calling numpy.ndarray", P(0x80, 2, "cnumpy\nndarray\n", "K", 3, 0x85, 0x85, "R."), "calling numpy.ndarray" },
        { "calling chumpy Ch", P(0x80, 2, "cchumpy.ch\nCh\n", ")R."), "calling chumpy.ch.Ch" },
        { "_reconstruct of another class", P(0x80, 2, "cnumpy.core.multiarray\n_reconstruct\n", "cchumpy.ch\nCh\n", "K", 0, 0x85, "U", 1, "b", 0x87, "R."), "only allowed as (numpy.ndarray" },
        { "_reconstructor of object", P("ccopy_reg\n_reconstructor\n(c__builtin__\nobject\nc__builtin__\nobject\nNtR."), "_reconstructor of __builtin__.object is not allowed" },
        { "_reconstructor with a base other than object", P("ccopy_reg\n_reconstructor\n(cchumpy.ch\nCh\ncchumpy.ch\nCh\nNtR."), "only allowed as (class, object, None)" },
        { "NEWOBJ of a builtin", P(0x80, 2, "c__builtin__\nset\n", ")", 0x81, "."), "NEWOBJ of __builtin__.set is not allowed" },
        { "REDUCE on a tuple", P(0x80, 2, ")", ")R."), "REDUCE calls tuple[0]" },
        { "BUILD on a class", P(0x80, 2, "cchumpy.ch\nCh\n", "}b."), "BUILD on the global chumpy.ch.Ch" },
        { "INST with arguments", P("(K", 1, "ichumpy.ch\nCh\n."), "INST would call chumpy.ch.Ch with 1 arguments" },
        { "OBJ with arguments", P("(cscipy.sparse.csc\ncsc_matrix\nK", 1, "o."), "OBJ would call scipy.sparse.csc.csc_matrix" },
        { "PERSID", P("P0\n."), "persistent ids" },
        { "BINPERSID", P(0x80, 2, "K", 1, "Q."), "persistent ids" },
        { "EXT1", P(0x80, 2, 0x82, 1, "."), "extension-registry" },
        { "EXT2", P(0x80, 2, 0x83, 1, 0, "."), "extension-registry" },
        { "EXT4", P(0x80, 2, 0x84, 1, 0, 0, 0, "."), "extension-registry" },
    };

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public void Calls_and_opcodes_outside_the_model_are_refused(string what, byte[] data, string expected)
    {
        var ex = Assert.Throws<PickleSecurityException>(() => PickleReader.Read(data, what));
        Assert.Contains(expected, ex.Message);
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "empty", [], "empty input" },
        { "no STOP", P(0x80, 2, "K", 1), "truncated" },
        { "unknown opcode", P(0x80, 2, 0xff), "unknown opcode 0xff" },
        { "protocol 6", P(0x80, 6, "N."), "unsupported protocol 6" },
        { "memo miss", P(0x80, 2, "h", 7, "."), "memo has no entry 7" },
        { "stack underflow", P(0x80, 2, "0."), "stack underflow" },
        { "pop past a mark", P(0x80, 2, "N(", 0x85, "."), "stack underflow" },
        { "no mark", P(0x80, 2, "t."), "no MARK" },
        { "STOP on empty stack", P(0x80, 2, "."), "STOP with an empty stack" },
        { "negative BINSTRING", P(0x80, 2, "T", 0xff, 0xff, 0xff, 0xff, "."), "negative length" },
        { "length beyond input", P(0x80, 3, "B", 0xff, 0xff, 0xff, 0x7f, "abc."), "exceeds the remaining" },
        { "huge BINUNICODE8", P(0x80, 4, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, "."), "exceeds the remaining" },
        { "frame beyond input", P(0x80, 4, 0x95, 0, 0, 0, 0, 1, 0, 0, 0, "N."), "frame of" },
        { "unterminated line", P("I12"), "unterminated" },
        { "bad INT", P("I1x\n."), "malformed INT" },
        { "bad FLOAT", P("F1.5.5e\n."), "malformed FLOAT" },
        { "bad STRING quote", P("S'abc\n."), "malformed STRING" },
        { "bad STRING escape", P("S'\\xZZ'\n."), "malformed STRING" },
        { "bad UTF-8", P(0x80, 3, 0x8c, 2, 0xc3, 0x28, "."), "not valid UTF-8" },
        { "odd dict items", P(0x80, 2, "}(K", 1, "u."), "odd number" },
        { "append to a tuple", P(0x80, 2, ")K", 1, "a."), "APPEND target" },
        { "setitem on a list", P(0x80, 2, "]K", 1, "K", 2, "s."), "SETITEM target" },
        { "out-of-band buffer", P(0x80, 5, 0x97, "."), "out-of-band" },
        { "ndarray data too short", P(0x80, 2, "cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK", 0, 0x85, "U", 1, "b", 0x87, "R(K", 1, "K", 4, 0x85, "cnumpy\ndtype\nU", 2, "f8", 0x89, 0x88, 0x87, "R(K", 3, "U", 1, "<NNNJ", 0xff, 0xff, 0xff, 0xff, "J", 0xff, 0xff, 0xff, 0xff, "K", 0, "tb", 0x89, "U", 8, "12345678", "tb."), "needs 4 × 8 bytes, data has 8" },
        { "ndarray dimension too big", P(0x80, 2, "cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK", 0, 0x85, "U", 1, "b", 0x87, "R(K", 1, "J", 0, 0, 0, 0x80, "J", 0, 0, 0, 0x80, 0x86, "cnumpy\ndtype\nU", 2, "f8", 0x89, 0x88, 0x87, "R(K", 3, "U", 1, "<NNNJ", 0xff, 0xff, 0xff, 0xff, "J", 0xff, 0xff, 0xff, 0xff, "K", 0, "tb", 0x89, "U", 8, "12345678", "tb."), "dimension 0" },
        { "dtype nonsense", P(0x80, 2, "cnumpy\ndtype\nU", 3, "???", 0x89, 0x88, 0x87, "R."), "dtype arguments not understood" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_gives_a_format_error_naming_the_problem(string what, byte[] data, string expected)
    {
        var ex = Assert.Throws<PickleFormatException>(() => PickleReader.Read(data, what));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith(what + ":", ex.Message);
    }

    [Fact]
    public void Nesting_beyond_the_mark_limit_is_refused()
    {
        var data = new List<byte> { 0x80, 2 };
        data.AddRange(Enumerable.Repeat((byte)'(', PickleMachine.MaxMarkDepth + 1));
        var ex = Assert.Throws<PickleFormatException>(() => PickleReader.Read([.. data]));
        Assert.Contains("nesting deeper than", ex.Message);
    }

    [Fact]
    public void Every_truncation_of_a_pickle_is_a_format_error()
    {
        var whole = Bytes("tiny_proto2.pkl");
        Assert.IsType<PickleDict>(PickleReader.Read(whole));
        for (int n = 0; n < whole.Length; n++)
        {
            var ex = Assert.Throws<PickleFormatException>(() => PickleReader.Read(whole[..n], "cut"));
            Assert.Contains("cut", ex.Message);
        }
    }
}
