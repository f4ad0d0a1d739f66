using Hamr.Imaging.Codecs;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// The decoder's kernels against independent references: the integer IDCT against a double-precision DCT, the
/// SIMD forms against the scalar ones bit for bit, the vectorised upsampling against libjpeg's edge-case formulas
/// written out plainly here. Rerun by test.sh with SIMD switched off.
/// </summary>
[Trait("Category", "Kernels")]
public sealed class JpegKernelTests
{
    private static readonly ushort[] Ones = Enumerable.Repeat((ushort)1, 64).ToArray();

    /// <summary>Coefficients as real encoders produce them: large DC, AC decaying with frequency, many zeros.</summary>
    private static short[] RandomBlock(Random random, int sparsity)
    {
        var block = new short[64];
        block[0] = (short)random.Next(-1024, 1024);
        for (int i = 1; i < 64; i++)
        {
            if (random.Next(sparsity) == 0)
            {
                int u = i % 8, v = i / 8;
                int range = 1 + (600 / (1 + u + v));
                block[i] = (short)random.Next(-range, range + 1);
            }
        }

        return block;
    }

    [Fact]
    public void Integer_idct_is_within_one_level_of_the_exact_transform()
    {
        var random = new Random(1);
        var output = new byte[64];
        for (int trial = 0; trial < 2000; trial++)
        {
            short[] block = RandomBlock(random, 1 + (trial % 4));
            JpegIdct.TransformScalar(block, Ones, output, 8);
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 8; x++)
                {
                    // A.3.3: f(x,y) = 1/4 Σu Σv C(u) C(v) F(v,u) cos((2x+1)uπ/16) cos((2y+1)vπ/16), + 128, clamped.
                    double sum = 0;
                    for (int v = 0; v < 8; v++)
                    {
                        for (int u = 0; u < 8; u++)
                        {
                            double cu = u == 0 ? Math.Sqrt(0.5) : 1, cv = v == 0 ? Math.Sqrt(0.5) : 1;
                            sum += cu * cv * block[(v * 8) + u] * Math.Cos(((2 * x) + 1) * u * Math.PI / 16) * Math.Cos(((2 * y) + 1) * v * Math.PI / 16);
                        }
                    }

                    double exact = Math.Clamp(Math.Round((sum / 4) + 128), 0, 255);
                    Assert.InRange(output[(y * 8) + x] - exact, -1, 1);
                }
            }
        }
    }

    [Fact]
    public void Simd_idct_and_dc_shortcut_equal_the_scalar_idct()
    {
        var random = new Random(2);
        var quant = new ushort[64];
        var scalar = new byte[8 * 16];
        var fast = new byte[8 * 16];
        for (int trial = 0; trial < 5000; trial++)
        {
            short[] block = RandomBlock(random, trial % 7 == 0 ? 1000 : 1 + (trial % 5)); // some DC-only blocks
            for (int i = 0; i < 64; i++)
            {
                quant[i] = (ushort)random.Next(1, trial % 3 == 0 ? 3 : 40);
                block[i] = (short)(block[i] / quant[i]);
            }

            // stride 16: the rows land in a wider plane, as in the decoder
            JpegIdct.TransformScalar(block, quant, scalar, 16);
            JpegIdct.Transform(block, quant, fast, 16);
            Assert.Equal(scalar, fast);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(31)]
    [InlineData(70)]
    [InlineData(1000)]
    public void Colour_conversion_simd_equals_scalar(int width)
    {
        var random = new Random(width);
        byte[] y = RandomBytes(random, width), cb = RandomBytes(random, width), cr = RandomBytes(random, width);
        cb.AsSpan(0, width / 2).Clear(); // extremes, where clamping matters
        cr.AsSpan(width / 2).Fill(255);
        var expected = new byte[3 * width];
        var actual = new byte[3 * width];
        JpegColorConverter.YccToRgbScalar(y, cb, cr, expected, 0);
        JpegColorConverter.YccToRgb(y, cb, cr, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Colour_conversion_follows_the_jfif_equations()
    {
        // Grey stays grey; pure chroma offsets move R and B by 1.402·Cr' and 1.772·Cb'.
        var rgb = new byte[3 * 3];
        JpegColorConverter.YccToRgb([100, 100, 100], [128, 128, 178], [128, 178, 128], rgb);
        Assert.Equal([100, 100, 100, 170, 64, 100, 100, 83, 189], rgb);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(70)]
    public void Fancy_upsampling_equals_libjpegs_formulas(int width)
    {
        var random = new Random(width);
        byte[] near = RandomBytes(random, width), far = RandomBytes(random, width);
        var scratch = new short[width + 2];
        var h2 = new byte[2 * width];
        var h2v2 = new byte[2 * width];
        JpegUpsampler.FancyH2(near, h2, scratch);
        JpegUpsampler.FancyH2V2(near, far, h2v2, scratch);
        Assert.Equal(ReferenceH2V1(near), h2);
        Assert.Equal(ReferenceH2V2(near, far), h2v2);
    }

    /// <summary>jdsample.c h2v1_fancy_upsample as described there: ends copied, 3:1 inside with biases 1 and 2.</summary>
    private static byte[] ReferenceH2V1(byte[] input)
    {
        int n = input.Length;
        var output = new byte[2 * n];
        output[0] = input[0];
        output[1] = (byte)(((input[0] * 3) + input[1] + 2) >> 2);
        for (int i = 1; i < n - 1; i++)
        {
            output[2 * i] = (byte)(((input[i] * 3) + input[i - 1] + 1) >> 2);
            output[(2 * i) + 1] = (byte)(((input[i] * 3) + input[i + 1] + 2) >> 2);
        }

        output[(2 * n) - 2] = (byte)(((input[n - 1] * 3) + input[n - 2] + 1) >> 2);
        output[(2 * n) - 1] = input[n - 1];
        return output;
    }

    /// <summary>jdsample.c h2v2_fancy_upsample: column sums, then (4c+8)>>4 and (4c+7)>>4 at the ends.</summary>
    private static byte[] ReferenceH2V2(byte[] near, byte[] far)
    {
        int n = near.Length;
        int Sum(int i) => (near[i] * 3) + far[i];
        var output = new byte[2 * n];
        output[0] = (byte)(((Sum(0) * 4) + 8) >> 4);
        output[1] = (byte)(((Sum(0) * 3) + Sum(1) + 7) >> 4);
        for (int i = 1; i < n - 1; i++)
        {
            output[2 * i] = (byte)(((Sum(i) * 3) + Sum(i - 1) + 8) >> 4);
            output[(2 * i) + 1] = (byte)(((Sum(i) * 3) + Sum(i + 1) + 7) >> 4);
        }

        output[(2 * n) - 2] = (byte)(((Sum(n - 1) * 3) + Sum(n - 2) + 8) >> 4);
        output[(2 * n) - 1] = (byte)(((Sum(n - 1) * 4) + 7) >> 4);
        return output;
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }
}
