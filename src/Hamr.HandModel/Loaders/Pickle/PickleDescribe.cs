using System.Globalization;
using System.Numerics;

namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>Short descriptions of pickle values for error messages (never recursive, never long).</summary>
internal static class PickleDescribe
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => $"int {l.ToString(CultureInfo.InvariantCulture)}",
        BigInteger => "a big int",
        double d => $"float {d.ToString("R", CultureInfo.InvariantCulture)}",
        string s => $"str '{Clip(s)}'",
        PickleBytes b => $"{(b.IsPython2Str ? "str" : "bytes")} of {b.Data.Length} bytes",
        NumpyArray a => $"ndarray {a.Dtype} {Shape(a.Shape)}",
        _ => value.ToString() ?? value.GetType().Name,
    };

    public static string Shape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
