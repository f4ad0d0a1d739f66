using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

/// <summary>Which micro-kernel family a GEMM runs on (the widest the CPU accelerates is the default).</summary>
internal enum GemmPath
{
    Scalar,
    Vector256,
    Vector512,
}

/// <summary>
/// Register tile (Mr × Nr) and cache blocks of one GEMM path. Kc × Nr floats of B (one micro-panel) stay
/// in L1 while Mc × Kc of packed A streams from L2; a Kc × Nc block of packed B is shared from L3.
/// </summary>
internal readonly unsafe struct GemmConfig
{
    public readonly GemmPath Path;
    public readonly int Mr;
    public readonly int Nr;
    public readonly int Mc;
    public readonly int Kc;
    public readonly int Nc;
    public readonly delegate*<nint, float*, float*, float*, nint, float, float, void> Kernel;

    private GemmConfig(GemmPath path, int mr, int nr, int mc, int kc, int nc,
        delegate*<nint, float*, float*, float*, nint, float, float, void> kernel)
    {
        Path = path;
        Mr = mr;
        Nr = nr;
        Mc = mc / mr * mr;
        Kc = kc;
        Nc = nc / nr * nr;
        Kernel = kernel;
    }

    /// <summary>The widest path this process accelerates.</summary>
    public static GemmPath BestPath =>
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : GemmPath.Scalar;

    public static readonly GemmConfig Best = For(BestPath);

    private static int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    public static GemmConfig For(GemmPath path) => path switch
    {
        GemmPath.Vector512 when Env("HAMR_MR", 8) == 12 => new(path, 12, 32, Env("HAMR_MC", 120), Env("HAMR_KC", 256), Env("HAMR_NC", 2048), &GemmMicroKernels.Vector512Kernel12x32),
        GemmPath.Vector512 => new(path, 8, 32, Env("HAMR_MC", 128), Env("HAMR_KC", 256), Env("HAMR_NC", 2048), &GemmMicroKernels.Vector512Kernel8x32),
        GemmPath.Vector256 => new(path, 6, 16, 120, 256, 2048, &GemmMicroKernels.Vector256Kernel6x16),
        _ => new(GemmPath.Scalar, 4, 4, 64, 256, 1024, &GemmMicroKernels.Scalar4x4),
    };
}
