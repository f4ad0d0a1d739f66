namespace Hamr.Cli;

/// <summary>One `hamr` verb: its name, a one-line summary for the help text, and its entry point (args after the verb).</summary>
internal sealed record Verb(string Name, string Summary, Func<string[], int> Run);

/// <summary>Picks the verb named by the first argument; prints help for none, -h, --help or help.</summary>
internal static class VerbTable
{
    public static int Dispatch(IReadOnlyList<Verb> verbs, string[] args)
    {
        var name = args.Length > 0 ? args[0] : "--help";
        if (name is "--help" or "-h" or "help")
        {
            PrintHelp(verbs);
            return 0;
        }

        foreach (var verb in verbs)
        {
            if (verb.Name == name)
            {
                return verb.Run(args[1..]);
            }
        }

        Console.Error.WriteLine($"hamr: unknown verb '{name}' (try hamr --help)");
        return 2;
    }

    private static void PrintHelp(IReadOnlyList<Verb> verbs)
    {
        Console.WriteLine("hamr — 3D hand mesh recovery from a single RGB image");
        Console.WriteLine();
        Console.WriteLine("usage: hamr <verb> [options]      (hamr <verb> --help for a verb's options)");
        Console.WriteLine();
        Console.WriteLine("verbs:");
        int width = Math.Max(verbs.Max(v => v.Name.Length), "--help".Length) + 2;
        foreach (var verb in verbs)
        {
            Console.WriteLine($"  {verb.Name.PadRight(width)}{verb.Summary}");
        }

        Console.WriteLine($"  {"--help".PadRight(width)}this text");
        Console.WriteLine();
        Console.WriteLine("Benchmarks: bench/gemm.sh, bench/convstack/run.sh, bench/mobile/run.sh (see README.md).");
    }
}
