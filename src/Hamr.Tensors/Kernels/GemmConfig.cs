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
/// Register tile (Mr × Nr) and cache blocks of one GEMM path: a Kc × Nr micro-panel of packed B stays in
/// L1 while up to Mc × Kc of packed A streams from L2.
/// </summary>
internal readonly unsafe struct GemmConfig
{
    public readonly GemmPath Path;
    public readonly int Mr;
    public readonly int Nr;
    public readonly int Mc;
    public readonly int Kc;
    public readonly delegate*<nint, float*, float*, float*, nint, float, float, void> Kernel;

    private GemmConfig(GemmPath path, int mr, int nr, int mc, int kc,
        delegate*<nint, float*, float*, float*, nint, float, float, void> kernel)
    {
        Path = path;
        Mr = mr;
        Nr = nr;
        Mc = mc / mr * mr;
        Kc = kc;
        Kernel = kernel;
    }

    /// <summary>The widest path this process accelerates.</summary>
    public static GemmPath BestPath =>
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : GemmPath.Scalar;

    public static readonly GemmConfig Best = For(BestPath);

    public static GemmConfig For(GemmPath path) => path switch
    {
        // 8×32 measured as fast as 12×32 and 14×32 on Zen 5 (all ≈ peak from L1), and 8 rows pack with
        // one 8×8 transpose. Mc = 512 keeps a 512 KiB block of A in a 1 MiB L2.
        GemmPath.Vector512 => new(path, 8, 32, 512, 256, &GemmMicroKernels.Vector512Kernel8x32),
        GemmPath.Vector256 => new(path, 6, 16, 240, 256, &GemmMicroKernels.Vector256Kernel6x16),
        _ => new(GemmPath.Scalar, 4, 4, 64, 256, &GemmMicroKernels.Scalar4x4),
    };
}
