using Hamr.Tensors.NN;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Normalization;

public sealed class BatchNormTests
{
    /// <summary>Naive batch norm: per channel of [N, C, S], (x − mean)/√(var + eps)·w + b with the given or batch statistics.</summary>
    private static double[] Reference(double[] x, double[]? w, double[]? b, int n, int c, int s, double[]? mean = null,
        double[]? variance = null, double eps = 1e-5)
    {
        var y = new double[x.Length];
        for (int k = 0; k < c; k++)
        {
            double mu, var;
            if (mean is null)
            {
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < s; j++)
                    {
                        sum += x[(i * c + k) * s + j];
                    }
                }
                mu = sum / (n * s);
                double sq = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < s; j++)
                    {
                        sq += Math.Pow(x[(i * c + k) * s + j] - mu, 2);
                    }
                }
                var = sq / (n * s); // biased
            }
            else
            {
                mu = mean[k];
                var = variance![k];
            }
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < s; j++)
                {
                    int o = (i * c + k) * s + j;
                    y[o] = (x[o] - mu) / Math.Sqrt(var + eps) * (w?[k] ?? 1) + (b?[k] ?? 0);
                }
            }
        }
        return y;
    }

    [Theory]
    [InlineData(new[] { 3, 4, 2, 3 })] // BatchNorm2d
    [InlineData(new[] { 5, 3 })]       // BatchNorm1d on [N, C]
    [InlineData(new[] { 2, 3, 5 })]    // BatchNorm1d on [N, C, L]
    public void Training_gradients_flow_through_the_batch_statistics_to_x_weight_and_bias(int[] shape)
    {
        int n = shape[0], c = shape[1], s = shape.Skip(2).Aggregate(1, (a, b) => a * b);
        var x = TestData.Param(31, shape);
        var w = TestData.Param(32, c);
        var b = TestData.Param(33, c);
        GradCheck.AgainstReference(
            i => Tensor.BatchNorm(i[0], Tensor.Zeros(c), Tensor.Ones(c), i[1], i[2], training: true),
            v => Reference(v[0], v[1], v[2], n, c, s),
            [x, w, b]);
    }

    [Fact]
    public void Training_without_affine_parameters_or_running_statistics_normalises_the_batch()
    {
        var x = TestData.Param(34, 4, 2, 3, 3);
        GradCheck.AgainstReference(
            i => Tensor.BatchNorm(i[0], null, null, null, null, training: true),
            v => Reference(v[0], null, null, 4, 2, 9),
            [x]);
    }

    [Fact]
    public void Eval_mode_is_an_affine_map_with_the_running_statistics()
    {
        var x = TestData.Param(35, 3, 4, 2, 3);
        var w = TestData.Param(36, 4);
        var b = TestData.Param(37, 4);
        var rm = TestData.Random(38, 4);
        var rv = TestData.Positive(39, 4);
        GradCheck.AgainstReference(
            i => Tensor.BatchNorm(i[0], rm, rv, i[1], i[2], training: false),
            v => Reference(v[0], v[1], v[2], 3, 4, 6, rm.ToDouble(), rv.ToDouble()),
            [x, w, b]);
    }

    [Fact]
    public void Running_statistics_after_two_steps_use_momentum_and_the_unbiased_variance()
    {
        var bn = new BatchNorm1d(2);
        // Step 1: channel 0 {1, 3}: mean 2, unbiased var 2; channel 1 {2, 6}: mean 4, unbiased var 8.
        var y = bn.Forward(Tensor.FromArray([1f, 2f, 3f, 6f], 2, 2));
        Assert.Equal([0.2f, 0.4f], bn.RunningMean!.ToArray());
        AssertClose([1.1, 1.7], bn.RunningVar!.ToArray());
        // The output is normalised with the biased variance (1 and 4): ±1 before eps.
        AssertClose([-1, -1, 1, 1], y.ToArray(), 1e-5);
        // Step 2: channel 0 {0, 2, 4}: mean 2, var 4; channel 1 {1, 3, 8}: mean 4, var 13.
        bn.Forward(Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 8f], 3, 2));
        AssertClose([0.9 * 0.2 + 0.1 * 2, 0.9 * 0.4 + 0.1 * 4], bn.RunningMean!.ToArray());
        AssertClose([0.9 * 1.1 + 0.1 * 4, 0.9 * 1.7 + 0.1 * 13], bn.RunningVar!.ToArray());
        Assert.Equal(2f, bn.NumBatchesTracked!.Item());
    }

    [Fact]
    public void Momentum_null_gives_the_cumulative_average_of_the_batches()
    {
        var bn = new BatchNorm1d(2, momentum: null);
        bn.Forward(Tensor.FromArray([1f, 2f, 3f, 6f], 2, 2));
        bn.Forward(Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 8f], 3, 2));
        AssertClose([2, 4], bn.RunningMean!.ToArray());
        AssertClose([(2 + 4) / 2.0, (8 + 13) / 2.0], bn.RunningVar!.ToArray());
    }

    [Fact]
    public void Eval_module_uses_and_keeps_the_running_statistics()
    {
        var bn = new BatchNorm2d(3);
        var x = TestData.Random(40, 2, 3, 4, 5);
        bn.Forward(x);
        var rm = bn.RunningMean!.ToArray();
        var rv = bn.RunningVar!.ToArray();
        bn.Eval();
        var y = bn.Forward(x).ToArray();
        Assert.Equal(rm, bn.RunningMean!.ToArray());
        Assert.Equal(rv, bn.RunningVar!.ToArray());
        Assert.Equal(1f, bn.NumBatchesTracked!.Item());
        var expected = Reference(x.ToDouble(), null, null, 2, 3, 20, rm.Select(v => (double)v).ToArray(),
            rv.Select(v => (double)v).ToArray());
        AssertClose(expected, y, 1e-5);
    }

    [Fact]
    public void Module_state_dict_names_match_pytorch()
    {
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], new BatchNorm2d(4).StateDict().Keys);
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], new BatchNorm2d(4, affine: false).StateDict().Keys);
        Assert.Equal(["weight", "bias"], new BatchNorm1d(4, trackRunningStats: false).StateDict().Keys);
        var bn = new BatchNorm2d(4);
        Assert.Equal([1f, 1f, 1f, 1f], bn.Weight!.ToArray());
        Assert.Equal([0f, 0f, 0f, 0f], bn.Bias!.ToArray());
        Assert.Equal([0f, 0f, 0f, 0f], bn.RunningMean!.ToArray());
        Assert.Equal([1f, 1f, 1f, 1f], bn.RunningVar!.ToArray());
        Assert.Equal(0, bn.NumBatchesTracked!.Rank);
        Assert.Equal(2, bn.Parameters().Count);
    }

    [Fact]
    public void Without_running_statistics_eval_still_normalises_with_the_batch()
    {
        var bn = new BatchNorm2d(2, trackRunningStats: false);
        bn.Eval();
        var x = TestData.Random(41, 3, 2, 2, 2);
        AssertClose(Reference(x.ToDouble(), null, null, 3, 2, 4), bn.Forward(x).ToArray(), 1e-5);
    }

    [Fact]
    public void Training_with_one_value_per_channel_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3)));
        Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Forward(Tensor.Zeros(2, 3)));
    }

    [Fact]
    public void Statistics_stay_accurate_for_a_large_mean_and_small_spread()
    {
        // Values 1000 ± 0.01: Σx² − (Σx)²/M in float would lose every digit of the variance.
        var rng = new TensorRandom(42);
        var values = Enumerable.Range(0, 2 * 4096).Select(_ => 1000f + 0.01f * rng.NextGaussian()).ToArray();
        var x = Tensor.FromArray(values, 2, 1, 64, 64);
        var runningMean = Tensor.Zeros(1);
        var runningVar = Tensor.Zeros(1);
        Tensor.BatchNorm(x, runningMean, runningVar, null, null, training: true, momentum: 1f);
        double mean = values.Average(v => (double)v);
        double unbiased = values.Sum(v => ((double)v - mean) * ((double)v - mean)) / (values.Length - 1);
        Assert.Equal(mean, runningMean.Item(), 1e-3);
        Assert.True(Math.Abs(runningVar.Item() - unbiased) < 1e-3 * unbiased, $"variance {runningVar.Item()} vs {unbiased}");
    }

    [Fact]
    public void Large_inputs_split_across_channels_give_the_channel_by_channel_results()
    {
        // 16 channels of 8×32×32 are over the parallel threshold; one channel at a time is not.
        var x = Tensor.RandUniform(new TensorRandom(43), -1f, 1f, 8, 16, 32, 32).RequireGrad();
        var w = TestData.Param(44, 16);
        var b = TestData.Param(45, 16);
        var gy = Tensor.RandUniform(new TensorRandom(46), -1f, 1f, 8, 16, 32, 32);
        var y = Tensor.BatchNorm(x, null, null, w, b, training: true);
        y.Backward(gy);
        for (int c = 0; c < 16; c += 5)
        {
            var xc = x.Detach().Slice(1, c, 1).Clone().RequireGrad();
            var wc = w.Detach().Slice(0, c, 1).Clone().RequireGrad();
            var bc = b.Detach().Slice(0, c, 1).Clone().RequireGrad();
            var yc = Tensor.BatchNorm(xc, null, null, wc, bc, training: true);
            yc.Backward(gy.Slice(1, c, 1).Contiguous());
            Assert.Equal(yc.ToArray(), y.Slice(1, c, 1).ToArray());
            Assert.Equal(xc.Grad!.ToArray(), x.Grad!.Slice(1, c, 1).ToArray());
            Assert.Equal(wc.Grad!.Item(), w.Grad![c]);
            Assert.Equal(bc.Grad!.Item(), b.Grad![c]);
        }
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
