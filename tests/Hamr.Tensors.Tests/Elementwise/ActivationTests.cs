using Hamr.Tensors.NN;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Elementwise;

public sealed class ActivationTests
{
    private static readonly int[] Odd = [5, 7];

    public static TheoryData<string> Names =>
    [
        "relu", "leaky", "leaky0.2", "relu6", "sigmoid", "tanh", "softplus", "softplus_beta2", "elu", "gelu", "silu",
        "hardsigmoid", "hardswish",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_matches_double_reference_with_gradients(string name)
    {
        // Inputs span every piece (−8…8) but keep clear of the kinks for the central differences.
        // (GELU's Taylor-series erf reference loses precision beyond |x| ≈ 4.)
        float range = name == "gelu" ? 4f : 8f;
        var x = Ref.AwayFrom(21, Odd, -range, range, [0f, 6f, -3f, 3f]);
        Func<Tensor, Tensor> op = name switch
        {
            "relu" => t => t.Relu(),
            "leaky" => t => t.LeakyRelu(),
            "leaky0.2" => t => t.LeakyRelu(0.2f),
            "relu6" => t => t.Relu6(),
            "sigmoid" => t => t.Sigmoid(),
            "tanh" => t => t.Tanh(),
            "softplus" => t => t.Softplus(),
            "softplus_beta2" => t => t.Softplus(2f, 5f),
            "elu" => t => t.Elu(1.5f),
            "gelu" => t => t.Gelu(),
            "silu" => t => t.Silu(),
            "hardsigmoid" => t => t.HardSigmoid(),
            _ => t => t.HardSwish(),
        };
        Func<double, double> f = name switch
        {
            "relu" => v => Math.Max(v, 0),
            "leaky" => v => v > 0 ? v : 0.01 * v,
            "leaky0.2" => v => v > 0 ? v : 0.2 * v,
            "relu6" => v => Math.Min(Math.Max(v, 0), 6),
            "sigmoid" => Ref.Sigmoid,
            "tanh" => Math.Tanh,
            "softplus" => v => Math.Log(1 + Math.Exp(v)),
            "softplus_beta2" => v => 2 * v > 5 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2,
            "elu" => v => v > 0 ? v : 1.5 * (Math.Exp(v) - 1),
            "gelu" => v => 0.5 * v * (1 + Ref.Erf(v / Math.Sqrt(2))),
            "silu" => v => v * Ref.Sigmoid(v),
            "hardsigmoid" => v => Math.Min(Math.Max(v + 3, 0), 6) / 6,
            _ => v => v * Math.Min(Math.Max(v + 3, 0), 6) / 6,
        };
        if (name == "softplus_beta2")
        {
            // keep clear of the threshold switch at βx = 5
            var s = x.AsSpan();
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = MathF.Abs(s[i] - 2.5f) < 0.05f ? 2.6f : s[i];
            }
        }
        GradCheck.AgainstReference(i => op(i[0]), v => Ref.Map(v[0], f), [x]);
    }

    [Fact]
    public void Kink_gradients_follow_pytorch()
    {
        var x = Tensor.FromArray([-3f, 0f, 3f, 6f], 4).RequireGrad();
        Assert.Equal([0f, 0f, 1f, 1f], Ref.OnesGrad(x, t => t.Relu()));
        Assert.Equal([0.1f, 0.1f, 1f, 1f], Ref.OnesGrad(x, t => t.LeakyRelu(0.1f)));
        Assert.Equal([0f, 0f, 1f, 0f], Ref.OnesGrad(x, t => t.Relu6()));
        Assert.Equal([-0.5f, 0.5f, 1.5f, 1f], Ref.OnesGrad(x, t => t.HardSwish()));
        Assert.Equal([0f, 1f / 6f, 0f, 0f], Ref.OnesGrad(x, t => t.HardSigmoid()));
        Assert.Equal([0.25f, 0.25f, 1f, 1f], Ref.OnesGrad(x, t => t.Prelu(Tensor.Full(0.25f, 1))));
    }

    [Fact]
    public void Sigmoid_and_softplus_saturate_without_overflow()
    {
        var x = Tensor.FromArray([-100f, 100f, -1000f, 1000f], 4);
        Assert.Equal([0f, 1f, 0f, 1f], x.Sigmoid().ToArray());
        var sp = x.Softplus().ToArray();
        Assert.Equal(100f, sp[1]);
        Assert.Equal(1000f, sp[3]);
        Assert.True(sp[0] >= 0 && sp[0] < 1e-40f);
        Assert.Equal([-1f, 1f, -1f, 1f], x.Tanh().ToArray());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Prelu_matches_reference_with_weight_gradient(int channels)
    {
        var x = Ref.AwayFrom(22, [2, 3, 4], -2f, 2f, [0f]);
        var w = Tensor.FromArray(channels == 1 ? [0.3f] : [0.1f, -0.2f, 0.5f], channels).RequireGrad();
        GradCheck.AgainstReference(i => i[0].Prelu(i[1]), v =>
        {
            var r = new double[24];
            for (int k = 0; k < 24; k++)
            {
                double slope = v[1][channels == 1 ? 0 : k / 4 % 3];
                r[k] = v[0][k] > 0 ? v[0][k] : slope * v[0][k];
            }
            return r;
        }, [x, w]);
    }

    [Fact]
    public void Prelu_rejects_a_weight_that_does_not_match_axis_1()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Prelu(Tensor.Zeros(4)));
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void PReLU_module_has_a_weight_parameter_initialised_to_a_quarter()
    {
        var m = new PReLU(3);
        var state = m.StateDict();
        Assert.Equal(["weight"], state.Keys);
        Assert.Equal([0.25f, 0.25f, 0.25f], state["weight"].ToArray());
        var x = Tensor.FromArray([-4f, 1f, -8f, 2f, -12f, 3f], 1, 3, 2);
        Assert.Equal([-1f, 1f, -2f, 2f, -3f, 3f], m.Forward(x).ToArray());
        m.Forward(x).Sum().Backward();
        Assert.Equal([-4f, -8f, -12f], m.Weight.Grad!.ToArray());
    }

    [Fact]
    public void Activation_modules_apply_their_ops()
    {
        var x = TestData.Random(23, 3, 4);
        (Module Module, Func<Tensor, Tensor> Op)[] cases =
        [
            (new ReLU(), t => t.Relu()), (new LeakyReLU(0.3f), t => t.LeakyRelu(0.3f)), (new ReLU6(), t => t.Relu6()),
            (new Sigmoid(), t => t.Sigmoid()), (new Tanh(), t => t.Tanh()), (new Softplus(2f, 10f), t => t.Softplus(2f, 10f)),
            (new SiLU(), t => t.Silu()), (new GELU(), t => t.Gelu()), (new ELU(0.5f), t => t.Elu(0.5f)),
            (new HardSigmoid(), t => t.HardSigmoid()), (new HardSwish(), t => t.HardSwish()),
            (new Softmax(0), t => t.Softmax(0)), (new LogSoftmax(), t => t.LogSoftmax()),
        ];
        foreach (var (module, op) in cases)
        {
            Assert.Equal(op(x).ToArray(), module.Forward(x).ToArray());
            Assert.Empty(module.Parameters());
        }
    }
}
