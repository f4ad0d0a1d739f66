using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Conv;

/// <summary>
/// im2col and col2im against their definitions, at every even width 2…70 so the stride-2 3-tap fast path hits
/// every vector remainder (CI reruns this category without AVX-512, where the general loops run instead).
/// </summary>
[Trait("Category", "Kernels")]
public sealed class ConvIm2ColTests
{
    public static TheoryData<int, int> Windows => new() { { 2, 1 }, { 1, 1 }, { 2, 0 } }; // (strideH, padH)

    [Theory]
    [MemberData(nameof(Windows))]
    public void Im2col_and_col2im_match_their_definitions_at_every_even_width(int strideH, int padH)
    {
        for (int width = 2; width <= 70; width += 2)
        {
            Check(2, 5, width, new ConvWindow(3, 3, strideH, 2, padH, 1, 1, 1));
        }
        Check(3, 33, 256, new ConvWindow(3, 3, strideH, 2, padH, 1, 1, 1));
    }

    private static void Check(int channels, int height, int width, ConvWindow w)
    {
        int outH = w.OutH(height), outW = w.OutW(width), plane = outH * outW, rows = channels * w.Taps;
        var rng = new Random(height * 1000 + width);
        var image = Enumerable.Range(0, channels * height * width).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var col = new float[rows * plane];
        ConvIm2Col.Im2Col(image, channels, height, width, w, outH, outW, col);
        var colBack = Enumerable.Range(0, rows * plane).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var start = Enumerable.Range(0, channels * height * width).Select(_ => (float)rng.NextDouble()).ToArray();
        var scattered = (float[])start.Clone();
        ConvIm2Col.Col2Im(colBack, channels, height, width, w, outH, outW, scattered);
        var overwritten = Enumerable.Repeat(float.NaN, channels * height * width).ToArray();
        ConvIm2Col.Col2ImOverwrite(colBack, channels, height, width, w, outH, outW, overwritten);
        var expected = (double[])Array.ConvertAll(start, v => (double)v);
        var expectedFresh = new double[expected.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < w.KernelH; ky++)
            {
                for (int kx = 0; kx < w.KernelW; kx++)
                {
                    int r = (c * w.KernelH + ky) * w.KernelW + kx;
                    for (int oy = 0; oy < outH; oy++)
                    {
                        for (int ox = 0; ox < outW; ox++)
                        {
                            int iy = oy * w.StrideH - w.PadH + ky * w.DilationH, ix = ox * w.StrideW - w.PadW + kx * w.DilationW;
                            bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                            int i = (c * height + iy) * width + ix;
                            Assert.True((inside ? image[i] : 0f) == col[r * plane + oy * outW + ox],
                                $"im2col width {width} row {r} at ({oy}, {ox})");
                            if (inside)
                            {
                                expected[i] += colBack[r * plane + oy * outW + ox];
                                expectedFresh[i] += colBack[r * plane + oy * outW + ox];
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - scattered[i]) <= 1e-5, $"col2im width {width} element {i}: {scattered[i]} vs {expected[i]}");
            Assert.True(Math.Abs(expectedFresh[i] - overwritten[i]) <= 1e-5,
                $"col2im overwrite width {width} element {i}: {overwritten[i]} vs {expectedFresh[i]}");
        }
    }
}
