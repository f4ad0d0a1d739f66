using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Normalization;

[Trait("Category", "Kernels")]
public sealed class BatchNormKernelTests
{
    public static TheoryData<int> RunLengths()
    {
        var data = new TheoryData<int>();
        for (int s = 0; s <= 70; s++)
        {
            data.Add(s);
        }
        data.Add(5003);
        return data;
    }

    [Theory]
    [MemberData(nameof(RunLengths))]
    public void Channel_kernels_match_the_scalar_definition_for_every_run_length(int s)
    {
        var l = new ChannelLayout(3, 2, s);
        var rng = new TensorRandom((ulong)(100 + s));
        const int offset = 5;
        var x = Enumerable.Range(0, offset + 3 * 2 * s).Select(_ => 3f + rng.NextGaussian()).ToArray();
        var g = Enumerable.Range(0, offset + 3 * 2 * s).Select(_ => rng.NextGaussian()).ToArray();
        float[] scale = [0.5f, -2f], shift = [1f, 0.25f];

        var y = new float[3 * 2 * s];
        BatchNormKernels.Affine(x, offset, y, l, scale, shift);
        var k3 = new float[] { 0.125f, -1f };
        var dx = new float[3 * 2 * s];
        BatchNormKernels.InputGradient(g, offset, x, offset, dx, l, scale, shift, k3);
        for (int n = 0; n < 3; n++)
        {
            for (int c = 0; c < 2; c++)
            {
                for (int j = 0; j < s; j++)
                {
                    int o = l.Run(n, c) + j;
                    Assert.Equal(x[offset + o] * scale[c] + shift[c], y[o], 1e-5f);
                    Assert.Equal(g[offset + o] * scale[c] + x[offset + o] * shift[c] + k3[c], dx[o], 1e-5f);
                }
            }
        }
        if (s == 0)
        {
            return;
        }

        float[] mean = new float[2], variance = new float[2], sumG = new float[2], sumGx = new float[2];
        BatchNormKernels.Statistics(x, offset, l, mean, variance);
        BatchNormKernels.GradientSums(g, offset, x, offset, l, mean, sumG, sumGx);
        for (int c = 0; c < 2; c++)
        {
            var xs = Channel(x, offset, l, c);
            var gs = Channel(g, offset, l, c);
            double mu = xs.Average();
            double var = xs.Sum(v => (v - mu) * (v - mu)) / xs.Length;
            Assert.Equal(mu, mean[c], 1e-5);
            Assert.True(Math.Abs(var - variance[c]) <= 1e-5 * (1 + var), $"variance {variance[c]} vs {var}");
            double sg = gs.Sum();
            double sgx = xs.Zip(gs, (a, b) => (a - mean[c]) * b).Sum();
            Assert.True(Math.Abs(sg - sumG[c]) <= 1e-4 * (1 + Math.Abs(sg)), $"Σg {sumG[c]} vs {sg}");
            Assert.True(Math.Abs(sgx - sumGx[c]) <= 1e-4 * (1 + Math.Abs(sgx)), $"Σg(x−μ) {sumGx[c]} vs {sgx}");
        }
    }

    private static double[] Channel(float[] a, int offset, ChannelLayout l, int c) =>
        Enumerable.Range(0, l.N).SelectMany(n => Enumerable.Range(0, l.S).Select(j => (double)a[offset + l.Run(n, c) + j])).ToArray();
}
