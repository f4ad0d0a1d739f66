namespace Hamr.Tensors.Kernels;

/// <summary>The sliding-window geometry of a 2-D convolution: kernel size, stride, zero padding and dilation.</summary>
internal readonly struct ConvWindow
{
    public readonly int KernelH, KernelW, StrideH, StrideW, PadH, PadW, DilationH, DilationW;

    public ConvWindow(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW)
    {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1)
        {
            throw new ArgumentException(
                $"conv window needs kernel, stride, dilation >= 1 and padding >= 0 (kernel {kernelH}x{kernelW}, " +
                $"stride {strideH}x{strideW}, padding {padH}x{padW}, dilation {dilationH}x{dilationW})");
        }
        KernelH = kernelH;
        KernelW = kernelW;
        StrideH = strideH;
        StrideW = strideW;
        PadH = padH;
        PadW = padW;
        DilationH = dilationH;
        DilationW = dilationW;
    }

    public int Taps => KernelH * KernelW;

    /// <summary>Output rows of a convolution over <paramref name="height"/> input rows.</summary>
    public int OutH(int height) => (height + 2 * PadH - DilationH * (KernelH - 1) - 1) / StrideH + 1;

    public int OutW(int width) => (width + 2 * PadW - DilationW * (KernelW - 1) - 1) / StrideW + 1;

    /// <summary>True for the 1×1, stride-1, unpadded window whose patch matrix is the image itself.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    /// <summary>
    /// Output positions [lo, hi) along one axis whose input index o·stride + offset lies in [0, size),
    /// where offset = tap·dilation − pad.
    /// </summary>
    public static (int Lo, int Hi) ValidRange(int offset, int stride, int size, int outSize)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = size - 1 - offset < 0 ? 0 : (size - 1 - offset) / stride + 1;
        hi = Math.Min(hi, outSize);
        lo = Math.Min(lo, hi);
        return (lo, hi);
    }
}
