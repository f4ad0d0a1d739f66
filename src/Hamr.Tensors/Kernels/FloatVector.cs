using System.Runtime.Intrinsics;

namespace Hamr.Tensors.Kernels;

/// <summary>The few SIMD operations the depthwise row kernels use, for one vector width (scalar included).</summary>
internal interface IFloatVector<TV> where TV : unmanaged
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Splat(float value);
    static abstract TV Load(ref float source);
    static abstract void Store(TV value, ref float destination);

    /// <summary>a·b + c.</summary>
    static abstract TV MulAdd(TV a, TV b, TV c);

    static abstract float Sum(TV value);
}

/// <summary>16 lanes (AVX-512).</summary>
internal readonly struct Float512 : IFloatVector<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    public static Vector512<float> Splat(float value) => Vector512.Create(value);
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}

/// <summary>8 lanes (AVX2).</summary>
internal readonly struct Float256 : IFloatVector<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    public static Vector256<float> Splat(float value) => Vector256.Create(value);
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}

/// <summary>One lane (no SIMD hardware).</summary>
internal readonly struct Float1 : IFloatVector<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    public static float Splat(float value) => value;
    public static float Load(ref float source) => source;
    public static void Store(float value, ref float destination) => destination = value;
    public static float MulAdd(float a, float b, float c) => (a * b) + c;
    public static float Sum(float value) => value;
}
