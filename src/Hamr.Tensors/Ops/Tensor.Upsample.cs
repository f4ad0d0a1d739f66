using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Spatial resampling of the last two axes of [N, C, H, W] (or [C, H, W]): nearest and bilinear, to a size or by a
// scale factor, with PyTorch's F.interpolate index rules (mode 'nearest', 'bilinear', align_corners).
public sealed partial class Tensor
{
    /// <summary>PyTorch 'nearest' to [outH, outW]: source index floor(dst · in/out) (the legacy rule, not 'nearest-exact').</summary>
    public Tensor UpsampleNearest2d(int outH, int outW) => Resample("UpsampleNearest2d", outH, outW, 0, 0, bilinear: false, false);

    /// <summary>
    /// PyTorch 'nearest' by scale factor: output floor(in · scale), source index floor(dst / scale)
    /// (recompute_scale_factor off, so the factor itself — not in/out — maps indices).
    /// </summary>
    public Tensor UpsampleNearest2dByScale(double scaleH, double scaleW)
    {
        var (outH, outW) = ScaledSize(scaleH, scaleW);
        return Resample("UpsampleNearest2d", outH, outW, scaleH, scaleW, bilinear: false, false);
    }

    /// <summary>
    /// PyTorch 'bilinear' to [outH, outW]. align_corners: corner pixels' centres coincide, src = dst·(in−1)/(out−1);
    /// otherwise src = (dst + ½)·in/out − ½ clamped below at 0. The gradient scatters with the same weights.
    /// </summary>
    public Tensor UpsampleBilinear2d(int outH, int outW, bool alignCorners) =>
        Resample("UpsampleBilinear2d", outH, outW, 0, 0, bilinear: true, alignCorners);

    /// <summary>PyTorch 'bilinear' by scale factor (output floor(in · scale); the factor maps indices unless align_corners).</summary>
    public Tensor UpsampleBilinear2dByScale(double scaleH, double scaleW, bool alignCorners)
    {
        var (outH, outW) = ScaledSize(scaleH, scaleW);
        return Resample("UpsampleBilinear2d", outH, outW, scaleH, scaleW, bilinear: true, alignCorners);
    }

    private (int OutH, int OutW) ScaledSize(double scaleH, double scaleW)
    {
        if (!(scaleH > 0) || !(scaleW > 0))
        {
            throw new ArgumentException($"Upsample: scale factors ({scaleH}, {scaleW}) must be positive");
        }
        CheckPoolRank("Upsample");
        return ((int)Math.Floor(Dims[^2] * scaleH), (int)Math.Floor(Dims[^1] * scaleW));
    }

    private Tensor Resample(string op, int outH, int outW, double scaleH, double scaleW, bool bilinear, bool alignCorners)
    {
        CheckPoolRank(op);
        int inH = Dims[^2], inW = Dims[^1];
        if (outH <= 0 || outW <= 0 || inH <= 0 || inW <= 0)
        {
            throw new ArgumentException($"{op}: cannot resample {ShapeUtil.Format(Dims)} to {outH}×{outW}");
        }
        int planes = Count / (inH * inW);
        var x = Contiguous();
        var y = Uninitialized(PooledDims(outH, outW));
        Run(x.Buffer, x.Offset, y.Buffer, 0, backward: false);
        if (!AnyRequiresGrad(this))
        {
            return y;
        }
        var inputDims = Dims;
        return Record(y, op, [this], gy =>
        {
            var gc = gy.Contiguous();
            var gx = Zeros(inputDims);
            Run(gx.Buffer, 0, gc.Buffer, gc.Offset, backward: true);
            return [gx];
        });

        void Run(float[] input, int inputOffset, float[] output, int outputOffset, bool backward)
        {
            if (bilinear)
            {
                Upsampling.Bilinear(input, inputOffset, output, outputOffset, planes, inH, inW, outH, outW, alignCorners, scaleH, scaleW, backward);
            }
            else
            {
                Upsampling.Nearest(input, inputOffset, output, outputOffset, planes, inH, inW, outH, outW, scaleH, scaleW, backward);
            }
        }
    }
}
