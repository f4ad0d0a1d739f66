using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Geometry;

public sealed class SoftArgmaxTests
{
    /// <summary>Naive double soft-argmax over maps of h×w (softmax of beta·v, or v / Σv when beta is null).</summary>
    private static double[] Reference(double[] v, int h, int w, double? beta)
    {
        int maps = v.Length / (h * w);
        var r = new double[2 * maps];
        for (int m = 0; m < maps; m++)
        {
            var weights = new double[h * w];
            double total = 0;
            for (int i = 0; i < h * w; i++)
            {
                weights[i] = beta is double b ? Math.Exp(b * v[m * h * w + i]) : v[m * h * w + i];
                total += weights[i];
            }
            for (int i = 0; i < h * w; i++)
            {
                r[2 * m] += weights[i] / total * (i % w);
                r[2 * m + 1] += weights[i] / total * (i / w);
            }
        }
        return r;
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(2.7f)]
    public void SoftArgmax_matches_reference_and_gradients(float beta)
    {
        GradCheck.AgainstReference(
            x => x[0].SoftArgmax2d(beta),
            v => Reference(v[0], 4, 5, beta),
            [TestData.Param(1, 2, 3, 4, 5)]);
    }

    [Fact]
    public void SoftArgmax_of_a_single_map_has_shape_two()
    {
        var r = TestData.Param(2, 3, 7).SoftArgmax2d();
        Assert.Equal([2], r.GetShape());
        GradCheck.AgainstReference(x => x[0].SoftArgmax2d(0.5f), v => Reference(v[0], 3, 7, 0.5), [TestData.Param(2, 3, 7)]);
    }

    [Fact]
    public void Sharp_peak_lands_on_the_peak_with_x_the_column()
    {
        var heat = Tensor.Zeros(1, 2, 6, 9);
        heat[0, 0, 2, 5] = 1f; // row 2, column 5
        heat[0, 1, 4, 0] = 1f;
        var r = heat.SoftArgmax2d(beta: 40f).ToArray();
        Assert.Equal(5f, r[0], 3);
        Assert.Equal(2f, r[1], 3);
        Assert.Equal(0f, r[2], 3);
        Assert.Equal(4f, r[3], 3);
    }

    [Fact]
    public void Large_heatmap_values_do_not_overflow()
    {
        var heat = Tensor.Full(1000f, 3, 3);
        heat[1, 2] = 1100f;
        Assert.Equal([2f, 1f], heat.SoftArgmax2d().ToArray());
    }

    private static Tensor SymmetricBlob(int h, int w, float cx, float cy)
    {
        var t = Tensor.Zeros(1, 1, h, w);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                t[0, 0, y, x] = MathF.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 2f);
            }
        }
        return t;
    }

    [Fact]
    public void Symmetric_blob_gives_its_centre_under_both_weightings()
    {
        var blob = SymmetricBlob(7, 9, 4f, 3f); // centred, so the map is symmetric about (4, 3)
        var soft = blob.SoftArgmax2d(3f).ToArray();
        var integral = blob.IntegralArgmax2d().ToArray();
        Assert.Equal(4f, soft[0], 4);
        Assert.Equal(3f, soft[1], 4);
        Assert.Equal(4f, integral[0], 4);
        Assert.Equal(3f, integral[1], 4);
    }

    [Fact]
    public void IntegralArgmax_matches_reference_and_gradients()
    {
        GradCheck.AgainstReference(
            x => x[0].IntegralArgmax2d(),
            v => Reference(v[0], 5, 3, null),
            [TestData.Positive(3, 3, 2, 5, 3).RequireGrad()]);
    }

    [Fact]
    public void Non_contiguous_heatmaps_are_read_in_logical_order()
    {
        var x = TestData.Param(4, 5, 4);
        GradCheck.AgainstReference(
            t => t[0].T.SoftArgmax2d(),
            v =>
            {
                var transposed = new double[20];
                for (int i = 0; i < 5; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        transposed[j * 5 + i] = v[0][i * 4 + j];
                    }
                }
                return Reference(transposed, 4, 5, 1);
            },
            [x]);
    }

    [Fact]
    public void Heatmaps_of_rank_one_throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(5).SoftArgmax2d());
        Assert.Contains("[5]", ex.Message);
    }
}
