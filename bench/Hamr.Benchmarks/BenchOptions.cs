using System.Globalization;

namespace Hamr.Benchmarks;

/// <summary>Command-line option parsing shared by the benchmark verbs.</summary>
internal static class BenchOptions
{
    /// <summary>The integer after <paramref name="name"/> in args, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
