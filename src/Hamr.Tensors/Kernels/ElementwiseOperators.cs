using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

/// <summary>
/// One elementwise operation in every width the CPU may offer; <see cref="Elementwise"/> picks the widest.
/// The scalar form is the definition and the fallback (tested with hardware intrinsics switched off).
/// </summary>
public interface IUnaryOperator
{
    static abstract float Invoke(float x);
    static abstract Vector128<float> Invoke(Vector128<float> x);
    static abstract Vector256<float> Invoke(Vector256<float> x);
    static abstract Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>A two-operand elementwise operation in every width (see <see cref="IUnaryOperator"/>).</summary>
public interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);
    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

public readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x + y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

public readonly struct SubtractOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x - y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x - y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x - y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x - y;
}

public readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}

public readonly struct DivideOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x / y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x / y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x / y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x / y;
}

public readonly struct NegateOperator : IUnaryOperator
{
    public static float Invoke(float x) => -x;
    public static Vector128<float> Invoke(Vector128<float> x) => -x;
    public static Vector256<float> Invoke(Vector256<float> x) => -x;
    public static Vector512<float> Invoke(Vector512<float> x) => -x;
}
