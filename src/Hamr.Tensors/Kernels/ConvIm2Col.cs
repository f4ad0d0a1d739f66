using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// Patch matrices for GEMM convolution: <see cref="Im2Col"/> lays the receptive fields of one image
/// [C, H, W] out as col [C·kh·kw, Ho·Wo] (zero where the window hangs over the padding), and
/// <see cref="Col2Im"/> scatters such a matrix back, adding into the image (the adjoint).
/// </summary>
internal static class ConvIm2Col
{
    public static void Im2Col(ReadOnlySpan<float> image, int channels, int height, int width, in ConvWindow w,
        int outH, int outW, Span<float> col)
    {
        int plane = outH * outW;
        ref float src0 = ref MemoryMarshal.GetReference(image);
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int offY = ky * w.DilationH - w.PadH;
                for (int kx = 0; kx < w.KernelW; kx++)
                {
                    int offX = kx * w.DilationW - w.PadW;
                    var (lo, hi) = ConvWindow.ValidRange(offX, w.StrideW, width, outW);
                    var dst = col.Slice(((c * w.KernelH + ky) * w.KernelW + kx) * plane, plane);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        var seg = dst.Slice(oy * outW, outW);
                        int iy = oy * w.StrideH + offY;
                        if ((uint)iy >= (uint)height)
                        {
                            seg.Clear();
                            continue;
                        }
                        seg[..lo].Clear();
                        seg[hi..].Clear();
                        int rowStart = (c * height + iy) * width;
                        if (w.StrideW == 1)
                        {
                            image.Slice(rowStart + lo + offX, hi - lo).CopyTo(seg[lo..hi]);
                        }
                        else
                        {
                            GatherStrided(ref Unsafe.Add(ref src0, rowStart + lo * w.StrideW + offX), w.StrideW,
                                seg[lo..hi]);
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
        int plane = outH * outW;
        ref float dst0 = ref MemoryMarshal.GetReference(image);
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                int offY = ky * w.DilationH - w.PadH;
                var (yLo, yHi) = ConvWindow.ValidRange(offY, w.StrideH, height, outH);
                for (int kx = 0; kx < w.KernelW; kx++)
                {
                    int offX = kx * w.DilationW - w.PadW;
                    var (lo, hi) = ConvWindow.ValidRange(offX, w.StrideW, width, outW);
                    if (lo == hi)
                    {
                        continue;
                    }
                    var src = col.Slice(((c * w.KernelH + ky) * w.KernelW + kx) * plane, plane);
                    for (int oy = yLo; oy < yHi; oy++)
                    {
                        int iy = oy * w.StrideH + offY;
                        var seg = src.Slice(oy * outW + lo, hi - lo);
                        int rowStart = (c * height + iy) * width;
                        if (w.StrideW == 1)
                        {
                            var d = image.Slice(rowStart + lo + offX, hi - lo);
                            TensorPrimitives.Add(d, seg, d);
                        }
                        else
                        {
                            ScatterAddStrided(seg, ref Unsafe.Add(ref dst0, rowStart + lo * w.StrideW + offX), w.StrideW);
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GatherStrided(ref float src, int stride, Span<float> dst)
    {
        ref float d = ref MemoryMarshal.GetReference(dst);
        for (int i = 0; i < dst.Length; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref src, i * stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScatterAddStrided(ReadOnlySpan<float> src, ref float dst, int stride)
    {
        ref float s = ref MemoryMarshal.GetReference(src);
        for (int i = 0; i < src.Length; i++)
        {
            Unsafe.Add(ref dst, i * stride) += Unsafe.Add(ref s, i);
        }
    }
}
