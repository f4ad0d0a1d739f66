using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Conv;

public sealed class ConvTranspose2dTests
{
    /// <summary>The conv whose adjoint a conv-transpose with these options is (its input is our output).</summary>
    private static ConvCase AdjointCase(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph,
        int pw, int oph, int opw, int dh, int dw, int groups)
    {
        int outH = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
        int outW = (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
        var k = new ConvCase(n, o, outH, outW, c, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        Assert.Equal((h, w), (k.OutH, k.OutW));
        return k;
    }

    [Theory]
    [InlineData(2, 3, 4, 3, 2, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, true)] // plain
    [InlineData(2, 3, 4, 3, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, true)] // stride 2, padding, output padding
    [InlineData(1, 4, 3, 4, 6, 3, 3, 2, 2, 0, 1, 0, 1, 1, 1, 2, true)] // groups 2
    [InlineData(2, 2, 3, 4, 3, 2, 3, 1, 2, 1, 0, 0, 1, 2, 1, 1, false)] // dilation, non-square kernel
    [InlineData(2, 3, 4, 4, 3, 3, 3, 2, 2, 1, 1, 1, 0, 1, 1, 3, true)] // depthwise (direct path)
    [InlineData(1, 2, 3, 3, 2, 2, 2, 3, 3, 0, 0, 2, 1, 1, 1, 1, true)] // stride 3 > kernel, output padding 2
    [InlineData(2, 4, 3, 5, 3, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, true)] // pointwise
    public void ConvTranspose2d_matches_naive_scatter_and_its_gradients(int n, int c, int h, int w, int o, int kh,
        int kw, int sh, int sw, int ph, int pw, int oph, int opw, int dh, int dw, int groups, bool bias)
    {
        var k = AdjointCase(n, c, h, w, o, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups);
        Tensor[] inputs = bias
            ? [TestData.Param(1, n, c, h, w), TestData.Param(2, k.WShape), TestData.Param(3, o)]
            : [TestData.Param(1, n, c, h, w), TestData.Param(2, k.WShape)];
        GradCheck.AgainstReference(
            t => Tensor.ConvTranspose2d(t[0], t[1], bias ? t[2] : null, sh, sw, ph, pw, oph, opw, dh, dw, groups),
            v => ConvReference.ConvTranspose(k, v[0], v[1], bias ? v[2] : null),
            inputs);
    }

    public static TheoryData<ConvCase> AdjointCases => new()
    {
        new ConvCase(2, 3, 7, 8, 4, 3, 3, 2, 2, 1, 1),
        new ConvCase(2, 4, 9, 6, 6, 3, 2, 1, 2, 2, 0, 2, 1, 2),
        new ConvCase(2, 4, 8, 8, 8, 5, 5, 2, 2, 2, 2, 1, 1, 4), // depthwise, multiplier 2
        new ConvCase(2, 16, 20, 20, 32, 3, 3, 1, 1, 1, 1), // large enough for the parallel path
        new ConvCase(1, 8, 6, 5, 4, 1, 1),
    };

    [Theory]
    [MemberData(nameof(AdjointCases))]
    public void ConvTranspose2d_is_the_adjoint_of_Conv2d(ConvCase k)
    {
        var x = TestData.Random(21, k.XShape);
        var w = TestData.Random(22, k.WShape);
        var y = TestData.Random(23, k.YShape);
        int oph = k.H - ((k.OutH - 1) * k.SH - 2 * k.PH + k.DH * (k.KH - 1) + 1);
        int opw = k.W - ((k.OutW - 1) * k.SW - 2 * k.PW + k.DW * (k.KW - 1) + 1);
        var convX = k.Conv(x, w, null);
        var convTY = Tensor.ConvTranspose2d(y, w, null, k.SH, k.SW, k.PH, k.PW, oph, opw, k.DH, k.DW, k.Groups);
        Assert.Equal(k.XShape, convTY.GetShape());
        double lhs = Dot(convX.ToArray(), y.ToArray()), rhs = Dot(x.ToArray(), convTY.ToArray());
        Assert.True(Math.Abs(lhs - rhs) <= 1e-4 * (1 + Math.Abs(lhs)), $"<conv(x), y> = {lhs} but <x, convT(y)> = {rhs}");
    }

    [Fact]
    public void ConvTranspose2d_large_backward_matches_naive_loop()
    {
        var k = new ConvCase(2, 16, 20, 20, 32, 3, 3, 2, 2, 1, 1);
        var u = TestData.Param(31, k.YShape);
        var w = TestData.Param(32, k.WShape);
        var b = TestData.Param(33, k.C);
        var g = TestData.Random(34, k.XShape);
        var r = Tensor.ConvTranspose2d(u, w, b, 2, 2, 1, 1, 1, 1);
        Conv2dTests.AssertClose(ConvReference.ConvTranspose(k, u.ToDouble(), w.ToDouble(), b.ToDouble()), r.ToArray(), "forward");
        r.Backward(g);
        // The input gradient of a conv-transpose is the conv of the output gradient; its weight gradient is the
        // conv's weight gradient with the roles of input and output gradient swapped.
        Conv2dTests.AssertClose(ConvReference.Conv(k, g.ToDouble(), w.ToDouble(), null), u.Grad!.ToArray(), "input gradient");
        var (_, gw, _) = ConvReference.ConvBackward(k, g.ToDouble(), w.ToDouble(), u.ToDouble());
        Conv2dTests.AssertClose(gw, w.Grad!.ToArray(), "weight gradient");
        var gb = new double[k.C];
        var gd = g.ToDouble();
        for (int i = 0; i < gd.Length; i++)
        {
            gb[i / (k.H * k.W) % k.C] += gd[i];
        }
        Conv2dTests.AssertClose(gb, b.Grad!.ToArray(), "bias gradient");
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }
        return s;
    }
}
