using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Elementwise;

/// <summary>
/// Every operator struct run through the Elementwise drivers equals its scalar definition at every remainder length
/// (CI reruns this category with hardware intrinsics off and with AVX-512 off).
/// </summary>
[Trait("Category", "Kernels")]
public sealed class ElementwiseKernelTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 71), 1000];

    // Values on the kinks of the piecewise operators, mixed into the random inputs.
    private static readonly float[] Specials = [0f, -0f, 3f, -3f, 6f, 1f, -1f, 0.5f];

    private static readonly Dictionary<string, Action> UnaryCases = new()
    {
        ["Exp"] = () => Unary<ExpOperator>(-20f, 20f, 1e-6),
        ["Log"] = () => Unary<LogOperator>(1e-3f, 50f, 1e-6),
        ["Sqrt"] = () => Unary<SqrtOperator>(0f, 50f, 0),
        ["Rsqrt"] = () => Unary<RsqrtOperator>(1e-3f, 50f, 0),
        ["Reciprocal"] = () => Unary<ReciprocalOperator>(-5f, 5f, 0),
        ["Square"] = () => Unary<SquareOperator>(-5f, 5f, 0),
        ["Abs"] = () => Unary<AbsOperator>(-5f, 5f, 0),
        ["Sign"] = () => Unary<SignOperator>(-5f, 5f, 0),
        ["Relu"] = () => Unary<ReluOperator>(-5f, 5f, 0),
        ["Relu6"] = () => Unary<Relu6Operator>(-8f, 8f, 0),
        ["Sigmoid"] = () => Unary<SigmoidOperator>(-30f, 30f, 1e-6),
        ["Silu"] = () => Unary<SiluOperator>(-30f, 30f, 1e-6),
        ["HardSigmoid"] = () => Unary<HardSigmoidOperator>(-5f, 5f, 0),
        ["HardSwish"] = () => Unary<HardSwishOperator>(-5f, 5f, 0),
    };

    private static readonly Dictionary<string, Action> BinaryCases = new()
    {
        ["Max"] = () => Binary<MaxOperator>(-5f, 5f, 0),
        ["Min"] = () => Binary<MinOperator>(-5f, 5f, 0),
        ["Greater"] = () => Binary<GreaterOperator>(-2f, 2f, 0),
        ["GreaterEqual"] = () => Binary<GreaterEqualOperator>(-2f, 2f, 0),
        ["Less"] = () => Binary<LessOperator>(-2f, 2f, 0),
        ["LessEqual"] = () => Binary<LessEqualOperator>(-2f, 2f, 0),
        ["Equal"] = () => Binary<EqualOperator>(-2f, 2f, 0),
        ["NotEqual"] = () => Binary<NotEqualOperator>(-2f, 2f, 0),
        ["LeakyRelu"] = () => Binary<LeakyReluOperator>(-5f, 5f, 0),
        ["LeakyReluDerivative"] = () => Binary<LeakyReluDerivativeOperator>(-5f, 5f, 0),
        ["ReluGrad"] = () => Binary<ReluGradOperator>(-5f, 5f, 0),
        ["Relu6Grad"] = () => Binary<Relu6GradOperator>(-8f, 8f, 0),
        ["SigmoidGrad"] = () => Binary<SigmoidGradOperator>(-2f, 2f, 0),
        ["TanhGrad"] = () => Binary<TanhGradOperator>(-2f, 2f, 0),
        ["SiluGrad"] = () => Binary<SiluGradOperator>(-30f, 30f, 1e-6),
        ["HardSigmoidGrad"] = () => Binary<HardSigmoidGradOperator>(-5f, 5f, 0),
        ["HardSwishGrad"] = () => Binary<HardSwishGradOperator>(-5f, 5f, 0),
        ["AbsGrad"] = () => Binary<AbsGradOperator>(-5f, 5f, 0),
        ["SqrtGrad"] = () => Binary<SqrtGradOperator>(0.1f, 5f, 0),
        ["RsqrtGrad"] = () => Binary<RsqrtGradOperator>(-5f, 5f, 0),
        ["ReciprocalGrad"] = () => Binary<ReciprocalGradOperator>(-5f, 5f, 0),
        ["SquareGrad"] = () => Binary<SquareGradOperator>(-5f, 5f, 0),
    };

    public static TheoryData<string> UnaryNames => [.. UnaryCases.Keys];

    public static TheoryData<string> BinaryNames => [.. BinaryCases.Keys];

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_operator_matches_its_scalar_definition_at_every_length(string name) => UnaryCases[name]();

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_operator_matches_its_scalar_definition_at_every_length(string name) => BinaryCases[name]();

    [Fact]
    public void Comparison_masks_are_exactly_zero_or_one()
    {
        var x = Inputs(3, 64, -1f, 1f, withSpecials: true);
        var y = new float[64];
        Hamr.Tensors.Kernels.Elementwise.BinaryScalarRight<GreaterOperator>(x, 0f, y);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(x[i] > 0 ? 1f : 0f, y[i]);
        }
    }

    private static void Unary<TOp>(float lo, float hi, double rtol) where TOp : struct, IUnaryOperator
    {
        foreach (int n in Lengths)
        {
            var x = Inputs((ulong)n + 1, n, lo, hi, withSpecials: lo <= 0);
            var actual = new float[n];
            Hamr.Tensors.Kernels.Elementwise.Unary<TOp>(x, actual);
            for (int i = 0; i < n; i++)
            {
                AssertClose(TOp.Invoke(x[i]), actual[i], rtol, $"length {n} element {i} (x = {x[i]})");
            }
        }
    }

    private static void Binary<TOp>(float lo, float hi, double rtol) where TOp : struct, IBinaryOperator
    {
        foreach (int n in Lengths)
        {
            var x = Inputs((ulong)n + 1, n, lo, hi, withSpecials: lo <= 0);
            var y = Inputs((ulong)n + 1000, n, lo, hi, withSpecials: false);
            if (n > 2)
            {
                y[1] = x[1]; // equal operands for the comparison operators
            }
            var actual = new float[n];
            Hamr.Tensors.Kernels.Elementwise.Binary<TOp>(x, y, actual);
            var right = new float[n];
            Hamr.Tensors.Kernels.Elementwise.BinaryScalarRight<TOp>(x, 0.75f, right);
            var left = new float[n];
            Hamr.Tensors.Kernels.Elementwise.BinaryScalarLeft<TOp>(0.75f, y, left);
            for (int i = 0; i < n; i++)
            {
                AssertClose(TOp.Invoke(x[i], y[i]), actual[i], rtol, $"length {n} element {i} (x = {x[i]}, y = {y[i]})", y[i]);
                AssertClose(TOp.Invoke(x[i], 0.75f), right[i], rtol, $"scalar right, length {n} element {i}", 0.75f);
                AssertClose(TOp.Invoke(0.75f, y[i]), left[i], rtol, $"scalar left, length {n} element {i}", y[i]);
            }
        }
    }

    private static float[] Inputs(ulong seed, int n, float lo, float hi, bool withSpecials)
    {
        var rng = new TensorRandom(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = withSpecials && i % 5 == 2 ? Specials[i / 5 % Specials.Length] : rng.Uniform(lo, hi);
        }
        return x;
    }

    /// <summary>
    /// Exact when rtol = 0; otherwise relative to max(|expected|, scale), where scale is the size of a gradient
    /// operand (backward rules like SiLU's cancel, so a last-bit difference in exp is not relative to the result).
    /// </summary>
    private static void AssertClose(float expected, float actual, double rtol, string where, float scale = 0f)
    {
        if (rtol == 0)
        {
            Assert.True(expected.Equals(actual), $"{where}: scalar {expected:R}, vector {actual:R}");
            return;
        }
        double err = Math.Abs((double)expected - actual);
        Assert.True(err <= rtol * Math.Max(Math.Abs(expected), Math.Abs(scale)) + 1e-30, $"{where}: scalar {expected:R}, vector {actual:R}");
    }
}
