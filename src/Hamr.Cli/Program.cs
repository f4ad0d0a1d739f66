// The `hamr` command: thin verbs over the libraries. Until the pipeline exists it reports the engine's state.
using System.Runtime.Intrinsics;

var verb = args.Length > 0 ? args[0] : "--help";
switch (verb)
{
    case "--help" or "-h" or "help":
        Console.WriteLine("""
            hamr — 3D hand mesh recovery from a single RGB image (tensor engine stage)

            usage: hamr <verb> [options]

            verbs:
              info        the engine's build and what this CPU offers it (vector width, cores)
              --help      this text

            Coming with the pipeline: predict, train, eval, synth, export.
            Benchmarks: bench/gemm.sh and bench/convstack/run.sh (see README.md).
            """);
        return 0;
    case "info":
        Console.WriteLine($"runtime      {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"cores        {Environment.ProcessorCount}");
        Console.WriteLine($"vector512    {Vector512.IsHardwareAccelerated}");
        Console.WriteLine($"vector256    {Vector256.IsHardwareAccelerated}");
        Console.WriteLine($"vector128    {Vector128.IsHardwareAccelerated}");
        return 0;
    default:
        Console.Error.WriteLine($"hamr: unknown verb '{verb}' (try hamr --help)");
        return 2;
}
