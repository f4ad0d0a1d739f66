using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

// Two-operand elementwise operators for Elementwise.Binary / BinaryScalarRight: min/max, comparison masks (0/1),
// parametrised activations (second operand = parameter) and activation backward rules (x = saved value, y = g).

/// <summary>max(x, y) propagating NaN, as Math.Max.</summary>
public readonly struct MaxOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Max(x, y);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Max(x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Max(x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Max(x, y);
}

/// <summary>min(x, y) propagating NaN, as Math.Min.</summary>
public readonly struct MinOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Min(x, y);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Min(x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Min(x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Min(x, y);
}

/// <summary>1 where x &gt; y, else 0.</summary>
public readonly struct GreaterOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, y) & Vector128<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, y) & Vector256<float>.One;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y) & Vector512<float>.One;
}

/// <summary>1 where x ≥ y, else 0.</summary>
public readonly struct GreaterEqualOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x >= y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThanOrEqual(x, y) & Vector128<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThanOrEqual(x, y) & Vector256<float>.One;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<float>.One;
}

/// <summary>1 where x &lt; y, else 0.</summary>
public readonly struct LessOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x < y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.LessThan(x, y) & Vector128<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.LessThan(x, y) & Vector256<float>.One;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y) & Vector512<float>.One;
}

/// <summary>1 where x ≤ y, else 0.</summary>
public readonly struct LessEqualOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x <= y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.LessThanOrEqual(x, y) & Vector128<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.LessThanOrEqual(x, y) & Vector256<float>.One;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.LessThanOrEqual(x, y) & Vector512<float>.One;
}

/// <summary>1 where x == y, else 0 (NaN ≠ NaN).</summary>
public readonly struct EqualOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x == y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Equals(x, y) & Vector128<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Equals(x, y) & Vector256<float>.One;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Equals(x, y) & Vector512<float>.One;
}

/// <summary>1 where x != y, else 0 (NaN ≠ NaN).</summary>
public readonly struct NotEqualOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x != y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => ~Vector128.Equals(x, y) & Vector128<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => ~Vector256.Equals(x, y) & Vector256<float>.One;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => ~Vector512.Equals(x, y) & Vector512<float>.One;
}

/// <summary>Leaky ReLU with slope y: x &gt; 0 ? x : y·x.</summary>
public readonly struct LeakyReluOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > 0 ? x : y * x;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, y * x);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, y * x);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, y * x);
}

/// <summary>Derivative of leaky ReLU with slope y: x &gt; 0 ? 1 : y (slope at 0, as PyTorch).</summary>
public readonly struct LeakyReluDerivativeOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > 0 ? 1f : y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, y);
}

/// <summary>ReLU backward from the output y=relu(x): g where y &gt; 0 (so relu'(0) = 0).</summary>
public readonly struct ReluGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > 0 ? y : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, Vector128<float>.Zero) & y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, Vector256<float>.Zero) & y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, Vector512<float>.Zero) & y;
}

/// <summary>ReLU6 backward from the input: g where 0 &lt; x &lt; 6 (0 at both kinks, as PyTorch's hardtanh).</summary>
public readonly struct Relu6GradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > 0 && x < 6f ? y : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128.LessThan(x, Vector128.Create(6f)) & y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256.LessThan(x, Vector256.Create(6f)) & y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create(6f)) & y;
}

/// <summary>Sigmoid backward from the output s: g·s·(1 − s).</summary>
public readonly struct SigmoidGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => y * x * (1f - x);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * x * (Vector128<float>.One - x);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * x * (Vector256<float>.One - x);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * x * (Vector512<float>.One - x);
}

/// <summary>Tanh backward from the output t: g·(1 − t²).</summary>
public readonly struct TanhGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => y * (1f - x * x);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * (Vector128<float>.One - x * x);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * (Vector256<float>.One - x * x);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * (Vector512<float>.One - x * x);
}

/// <summary>SiLU backward from the input: g·σ(x)·(1 + x·(1 − σ(x))).</summary>
public readonly struct SiluGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => SiluGrad(x, y);

    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
    {
        var s = Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));
        return y * s * (Vector128<float>.One + x * (Vector128<float>.One - s));
    }

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        var s = Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));
        return y * s * (Vector256<float>.One + x * (Vector256<float>.One - s));
    }

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        var s = Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
        return y * s * (Vector512<float>.One + x * (Vector512<float>.One - s));
    }

    private static float SiluGrad(float x, float g)
    {
        float s = 1f / (1f + MathF.Exp(-x));
        return g * s * (1f + x * (1f - s));
    }
}

/// <summary>Hard-sigmoid backward from the input: g/6 where −3 &lt; x &lt; 3, else 0.</summary>
public readonly struct HardSigmoidGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > -3f && x < 3f ? y / 6f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, Vector128.Create(-3f)) & Vector128.LessThan(x, Vector128.Create(3f)) & (y / Vector128.Create(6f));
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, Vector256.Create(-3f)) & Vector256.LessThan(x, Vector256.Create(3f)) & (y / Vector256.Create(6f));
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, Vector512.Create(-3f)) & Vector512.LessThan(x, Vector512.Create(3f)) & (y / Vector512.Create(6f));
}

/// <summary>Hard-swish backward from the input, as PyTorch: 0 for x &lt; −3, g·(x/3 + 1/2) for x ≤ 3, else g.</summary>
public readonly struct HardSwishGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x < -3f ? 0f : x <= 3f ? y * (x / 3f + 0.5f) : y;

    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
    {
        var mid = y * (x / Vector128.Create(3f) + Vector128.Create(0.5f));
        var r = Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128.Create(3f)), mid, y);
        return Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(-3f)), Vector128<float>.Zero, r);
    }

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        var mid = y * (x / Vector256.Create(3f) + Vector256.Create(0.5f));
        var r = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256.Create(3f)), mid, y);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-3f)), Vector256<float>.Zero, r);
    }

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        var mid = y * (x / Vector512.Create(3f) + Vector512.Create(0.5f));
        var r = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512.Create(3f)), mid, y);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(-3f)), Vector512<float>.Zero, r);
    }
}

/// <summary>|x| backward: g·sign(x) (0 at x = 0).</summary>
public readonly struct AbsGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => y * SignOperator.Invoke(x);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * SignOperator.Invoke(x);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * SignOperator.Invoke(x);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * SignOperator.Invoke(x);
}

/// <summary>Sqrt backward from the output r: g / (2r).</summary>
public readonly struct SqrtGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => y * 0.5f / x;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * Vector128.Create(0.5f) / x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * Vector256.Create(0.5f) / x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * Vector512.Create(0.5f) / x;
}

/// <summary>Rsqrt backward from the output r = x^−½: −g·r³/2.</summary>
public readonly struct RsqrtGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => y * -0.5f * x * x * x;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * Vector128.Create(-0.5f) * x * x * x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * Vector256.Create(-0.5f) * x * x * x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * Vector512.Create(-0.5f) * x * x * x;
}

/// <summary>Reciprocal backward from the output r = 1/x: −g·r².</summary>
public readonly struct ReciprocalGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => -y * x * x;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => -y * x * x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => -y * x * x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => -y * x * x;
}

/// <summary>Square backward from the input: 2·x·g.</summary>
public readonly struct SquareGradOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => 2f * x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Create(2f) * x * y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Create(2f) * x * y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Create(2f) * x * y;
}
