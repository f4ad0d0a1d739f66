using System.Runtime.Intrinsics;

namespace Hamr.Cli.Verbs;

/// <summary>`hamr info`: the runtime and what this CPU offers the kernels.</summary>
internal static class InfoVerb
{
    public static int Run(string[] args)
    {
        Console.WriteLine($"runtime      {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"cores        {Environment.ProcessorCount}");
        Console.WriteLine($"vector512    {Vector512.IsHardwareAccelerated}");
        Console.WriteLine($"vector256    {Vector256.IsHardwareAccelerated}");
        Console.WriteLine($"vector128    {Vector128.IsHardwareAccelerated}");
        return 0;
    }
}
