using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

// Elementwise math as operator structs for Elementwise.Unary. The scalar form is the definition; the vector forms
// must agree with it (Kernels tests compare them over every remainder length).

/// <summary>e^x.</summary>
public readonly struct ExpOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Exp(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Exp(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Exp(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Exp(x);
}

/// <summary>Natural logarithm.</summary>
public readonly struct LogOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Log(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Log(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Log(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Log(x);
}

/// <summary>Square root.</summary>
public readonly struct SqrtOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Sqrt(x);
}

/// <summary>1 / sqrt(x), computed exactly (not the hardware estimate).</summary>
public readonly struct RsqrtOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / Vector256.Sqrt(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / Vector512.Sqrt(x);
}

/// <summary>1 / x.</summary>
public readonly struct ReciprocalOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / x;
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / x;
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / x;
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / x;
}

/// <summary>x².</summary>
public readonly struct SquareOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * x;
    public static Vector128<float> Invoke(Vector128<float> x) => x * x;
    public static Vector256<float> Invoke(Vector256<float> x) => x * x;
    public static Vector512<float> Invoke(Vector512<float> x) => x * x;
}

/// <summary>|x|.</summary>
public readonly struct AbsOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Abs(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);
}

/// <summary>sign(x) ∈ {−1, 0, 1}; 0 for ±0 and NaN.</summary>
public readonly struct SignOperator : IUnaryOperator
{
    public static float Invoke(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;

    public static Vector128<float> Invoke(Vector128<float> x) =>
        (Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128<float>.One)
        - (Vector128.LessThan(x, Vector128<float>.Zero) & Vector128<float>.One);

    public static Vector256<float> Invoke(Vector256<float> x) =>
        (Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256<float>.One)
        - (Vector256.LessThan(x, Vector256<float>.Zero) & Vector256<float>.One);

    public static Vector512<float> Invoke(Vector512<float> x) =>
        (Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One)
        - (Vector512.LessThan(x, Vector512<float>.Zero) & Vector512<float>.One);
}

/// <summary>max(x, 0); NaN stays NaN.</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Max(x, 0f);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
}

/// <summary>min(max(x, 0), 6).</summary>
public readonly struct Relu6Operator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Min(MathF.Max(x, 0f), 6f);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Min(Vector128.Max(x, Vector128<float>.Zero), Vector128.Create(6f));
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256<float>.Zero), Vector256.Create(6f));
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(x, Vector512<float>.Zero), Vector512.Create(6f));
}

/// <summary>1 / (1 + e^−x); saturates cleanly to 0 and 1.</summary>
public readonly struct SigmoidOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
}

/// <summary>SiLU (swish): x·σ(x).</summary>
public readonly struct SiluOperator : IUnaryOperator
{
    public static float Invoke(float x) => x / (1f + MathF.Exp(-x));
    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Exp(-x));
    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Exp(-x));
    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(-x));
}

/// <summary>Hard sigmoid as PyTorch: relu6(x + 3) / 6.</summary>
public readonly struct HardSigmoidOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Min(MathF.Max(x + 3f, 0f), 6f) / 6f;

    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.Min(Vector128.Max(x + Vector128.Create(3f), Vector128<float>.Zero), Vector128.Create(6f)) / Vector128.Create(6f);

    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(x + Vector256.Create(3f), Vector256<float>.Zero), Vector256.Create(6f)) / Vector256.Create(6f);

    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(x + Vector512.Create(3f), Vector512<float>.Zero), Vector512.Create(6f)) / Vector512.Create(6f);
}

/// <summary>Hard swish as PyTorch (MobileNetV3): x·relu6(x + 3) / 6.</summary>
public readonly struct HardSwishOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * HardSigmoidOperator.Invoke(x);
    public static Vector128<float> Invoke(Vector128<float> x) => x * HardSigmoidOperator.Invoke(x);
    public static Vector256<float> Invoke(Vector256<float> x) => x * HardSigmoidOperator.Invoke(x);
    public static Vector512<float> Invoke(Vector512<float> x) => x * HardSigmoidOperator.Invoke(x);
}
