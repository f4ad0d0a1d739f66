using System.Numerics.Tensors;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Patch matrices for GEMM convolution: <see cref="Im2Col"/> lays the receptive fields of one image
/// [C, H, W] out as col [C·kh·kw, Ho·Wo] (zero where the window hangs over the padding), and
/// <see cref="Col2Im"/> scatters such a matrix back, adding into the image (the adjoint).
/// Pointer loops: the rows are short (Wo is 8…64 in our nets), so per-row overhead matters.
/// </summary>
internal static unsafe class ConvIm2Col
{
    public static void Im2Col(ReadOnlySpan<float> image, int channels, int height, int width, in ConvWindow w,
        int outH, int outW, Span<float> col)
    {
        if (image.Length < channels * height * width || col.Length < channels * w.Taps * outH * outW)
        {
            throw new ArgumentException("im2col: image or patch buffer too small");
        }
        int plane = outH * outW, sw = w.StrideW;
        fixed (float* img = image, colBase = col)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    int offY = ky * w.DilationH - w.PadH;
                    for (int kx = 0; kx < w.KernelW; kx++)
                    {
                        int offX = kx * w.DilationW - w.PadW;
                        var (lo, hi) = ConvWindow.ValidRange(offX, sw, width, outW);
                        int first = lo * sw + offX;
                        float* dst = colBase + (long)((c * w.KernelH + ky) * w.KernelW + kx) * plane;
                        for (int oy = 0; oy < outH; oy++, dst += outW)
                        {
                            int iy = oy * w.StrideH + offY;
                            if ((uint)iy >= (uint)height)
                            {
                                new Span<float>(dst, outW).Clear();
                                continue;
                            }
                            for (int j = 0; j < lo; j++)
                            {
                                dst[j] = 0f;
                            }
                            for (int j = hi; j < outW; j++)
                            {
                                dst[j] = 0f;
                            }
                            float* src = img + (long)(c * height + iy) * width + first;
                            if (sw == 1)
                            {
                                Buffer.MemoryCopy(src, dst + lo, (hi - lo) * 4L, (hi - lo) * 4L);
                            }
                            else
                            {
                                ConvRowCopy.Gather(src, sw, width - first, dst + lo, hi - lo);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>image += the scatter of col (the adjoint of <see cref="Im2Col"/>); image must be initialised.</summary>
    public static void Col2Im(ReadOnlySpan<float> col, int channels, int height, int width, in ConvWindow w,
        int outH, int outW, Span<float> image)
    {
        if (image.Length < channels * height * width || col.Length < channels * w.Taps * outH * outW)
        {
            throw new ArgumentException("col2im: image or patch buffer too small");
        }
        int plane = outH * outW, sw = w.StrideW;
        fixed (float* img = image, colBase = col)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int ky = 0; ky < w.KernelH; ky++)
                {
                    int offY = ky * w.DilationH - w.PadH;
                    var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, height, outH);
                    for (int kx = 0; kx < w.KernelW; kx++)
                    {
                        int offX = kx * w.DilationW - w.PadW;
                        var (lo, hi) = ConvWindow.ValidRange(offX, sw, width, outW);
                        if (lo == hi)
                        {
                            continue;
                        }
                        int first = lo * sw + offX, n = hi - lo;
                        float* src = colBase + (long)((c * w.KernelH + ky) * w.KernelW + kx) * plane + lo;
                        for (int oy = yLo; oy < yHi; oy++)
                        {
                            float* s = src + oy * outW;
                            float* dst = img + (long)(c * height + oy * w.StrideH + offY) * width + first;
                            if (sw == 1)
                            {
                                var d = new Span<float>(dst, n);
                                TensorPrimitives.Add(d, new ReadOnlySpan<float>(s, n), d);
                            }
                            else
                            {
                                ConvRowCopy.ScatterAdd(s, n, dst, sw, width - first);
                            }
                        }
                    }
                }
            }
        }
    }
}
