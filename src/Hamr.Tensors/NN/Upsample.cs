namespace Hamr.Tensors.NN;

/// <summary>Interpolation used by <see cref="Upsample"/>.</summary>
public enum UpsampleMode
{
    /// <summary>PyTorch 'nearest' (legacy rule: source index floor(dst · in/out)).</summary>
    Nearest,

    /// <summary>PyTorch 'bilinear'.</summary>
    Bilinear,
}

/// <summary>Spatial resampling layer (PyTorch nn.Upsample) to a fixed size or by a scale factor.</summary>
public sealed class Upsample : Module
{
    private Upsample(UpsampleMode mode, (int H, int W)? size, (double H, double W)? scale, bool alignCorners)
    {
        if (alignCorners && mode != UpsampleMode.Bilinear)
        {
            throw new ArgumentException("Upsample: align_corners only applies to bilinear mode");
        }
        Mode = mode;
        Size = size;
        Scale = scale;
        AlignCorners = alignCorners;
    }

    /// <summary>Resample to [outH, outW].</summary>
    public static Upsample ToSize(int outH, int outW, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false) =>
        new(mode, (outH, outW), null, alignCorners);

    /// <summary>Resample by a scale factor: output floor(in · scale); the factor itself maps indices (PyTorch default).</summary>
    public static Upsample ByScale(double scaleH, double scaleW, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false) =>
        new(mode, null, (scaleH, scaleW), alignCorners);

    public static Upsample ByScale(double scale, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false) =>
        ByScale(scale, scale, mode, alignCorners);

    public UpsampleMode Mode { get; }
    public (int H, int W)? Size { get; }
    public (double H, double W)? Scale { get; }
    public bool AlignCorners { get; }

    public override Tensor Forward(Tensor input) => (Mode, Size, Scale) switch
    {
        (UpsampleMode.Nearest, { } s, _) => input.UpsampleNearest2d(s.H, s.W),
        (UpsampleMode.Nearest, null, { } f) => input.UpsampleNearest2dByScale(f.H, f.W),
        (UpsampleMode.Bilinear, { } s, _) => input.UpsampleBilinear2d(s.H, s.W, AlignCorners),
        (UpsampleMode.Bilinear, null, { } f) => input.UpsampleBilinear2dByScale(f.H, f.W, AlignCorners),
        _ => throw new InvalidOperationException($"Upsample: unsupported mode {Mode}"),
    };
}
