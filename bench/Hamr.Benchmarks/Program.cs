// Entry point of the benchmarks: `dotnet run -c Release --project bench/Hamr.Benchmarks -- <verb> [options]`.
// Each verb runs one measurement in this process; the scripts in bench/ run anchors in their own processes.
using Hamr.Benchmarks;

var verbs = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["gemm"] = GemmBench.Run,
    ["convstack"] = ConvStackBench.Run,
    ["parallelfor"] = ParallelForBench.Run,
    ["convkernels"] = ConvKernelsBench.Run,
    ["mobile"] = MobileBench.Run,
    ["dwkernels"] = DepthwiseBench.Run,
    ["warp"] = WarpBench.Run,
    ["handlayer"] = HandLayerBench.Run,
    ["render"] = RenderBench.Run,
    ["synth"] = SynthBench.Run,
    ["jpeg"] = JpegBench.Run,
    ["fuzz-jpeg"] = JpegFuzz.Run,
    ["hamr"] = HamrBench.Run,
    ["hamr-s"] = a => HamrBench.Run(["hamr-s", .. a]),
};

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var verb))
{
    Console.Error.WriteLine("usage: Hamr.Benchmarks <" + string.Join("|", verbs.Keys) + "> [options]");
    return 2;
}
return verb(args[1..]);
