using Hamr.Tensors.NN;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.NN;

public sealed class DropoutTests
{
    [Fact]
    public void Dropout_keeps_the_expected_mean_and_drops_about_p()
    {
        var x = Tensor.Ones(200, 250);
        var y = x.Dropout(0.3f, training: true, new TensorRandom(5)).ToArray();
        double mean = y.Average(v => (double)v);
        double dropped = y.Count(v => v == 0f) / (double)y.Length;
        Assert.InRange(mean, 0.98, 1.02);
        Assert.InRange(dropped, 0.29, 0.31);
        Assert.All(y, v => Assert.True(v == 0f || Math.Abs(v - 1f / 0.7f) < 1e-6f));
    }

    [Fact]
    public void Same_seed_gives_the_same_mask()
    {
        var x = TestData.Random(1, 7, 9);
        var a = x.Dropout(0.5f, true, new TensorRandom(42)).ToArray();
        var b = x.Dropout(0.5f, true, new TensorRandom(42)).ToArray();
        var c = x.Dropout(0.5f, true, new TensorRandom(43)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Eval_and_p_zero_are_the_identity_and_p_one_gives_zeros()
    {
        var x = TestData.Param(2, 4, 5);
        Assert.Same(x, x.Dropout(0.5f, training: false, new TensorRandom(1)));
        Assert.Same(x, x.Dropout(0f, training: true, new TensorRandom(1)));
        var zeros = x.Dropout(1f, training: true, new TensorRandom(1));
        Assert.All(zeros.ToArray(), v => Assert.Equal(0f, v));
        zeros.Sum().Backward();
        Assert.All(x.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Gradient_uses_the_forward_mask()
    {
        var x = TestData.Positive(3, 6, 7).RequireGrad();
        var y = x.Dropout(0.4f, true, new TensorRandom(9));
        var upstream = TestData.Random(4, 6, 7);
        y.Backward(upstream);
        var xv = x.ToArray();
        var yv = y.ToArray();
        var gv = x.Grad!.ToArray();
        var uv = upstream.ToArray();
        for (int i = 0; i < xv.Length; i++)
        {
            float mask = yv[i] / xv[i];
            Assert.Equal(mask * uv[i], gv[i], 5);
        }
    }

    [Fact]
    public void Dropout_rejects_probabilities_outside_zero_to_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones(3).Dropout(1.5f, true, new TensorRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1f, new TensorRandom(1)));
    }

    [Fact]
    public void Module_drops_while_training_and_is_identity_in_eval()
    {
        var layer = new Dropout(0.5f, new TensorRandom(3));
        var x = Tensor.Ones(64);
        Assert.Contains(0f, layer.Forward(x).ToArray());
        layer.Eval();
        Assert.Equal(x.ToArray(), layer.Forward(x).ToArray());
        Assert.Empty(layer.Parameters());
    }

    [Fact]
    public void Dropout2d_zeroes_whole_channels()
    {
        var x = TestData.Positive(5, 4, 6, 3, 5);
        var y = x.Dropout2d(0.5f, true, new TensorRandom(8));
        int dropped = 0;
        for (int n = 0; n < 4; n++)
        {
            for (int c = 0; c < 6; c++)
            {
                var ratio = new List<float>();
                for (int h = 0; h < 3; h++)
                {
                    for (int w = 0; w < 5; w++)
                    {
                        ratio.Add(y[n, c, h, w] / x[n, c, h, w]);
                    }
                }
                Assert.True(ratio.All(r => r == 0f) || ratio.All(r => Math.Abs(r - 2f) < 1e-5f), $"channel ({n}, {c}) is mixed");
                dropped += ratio[0] == 0f ? 1 : 0;
            }
        }
        Assert.InRange(dropped, 4, 20);
        var module = new Dropout2d(0.5f, new TensorRandom(8));
        Assert.Equal(y.ToArray(), module.Forward(x).ToArray());
        module.Eval();
        Assert.Equal(x.ToArray(), module.Forward(x).ToArray());
    }
}
