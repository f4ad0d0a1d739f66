namespace Hamr.Rendering.Raster;

/// <summary>
/// A vertex in homogeneous screen space (u = Xh/W, v = Yh/W) with its depth and its barycentric coordinates in the
/// source face. Every field is affine in the camera-space position, so clipping can interpolate them all linearly.
/// </summary>
internal struct ClipVertex
{
    public float Xh, Yh, W, Depth;
    public float B0, B1, B2;

    public static ClipVertex Lerp(in ClipVertex a, in ClipVertex b, float t) => new()
    {
        Xh = a.Xh + t * (b.Xh - a.Xh),
        Yh = a.Yh + t * (b.Yh - a.Yh),
        W = a.W + t * (b.W - a.W),
        Depth = a.Depth + t * (b.Depth - a.Depth),
        B0 = a.B0 + t * (b.B0 - a.B0),
        B1 = a.B1 + t * (b.B1 - a.B1),
        B2 = a.B2 + t * (b.B2 - a.B2),
    };
}

/// <summary>
/// A triangle corner on screen: continuous (U, V) and fixed-point (X, Y) sample coordinates, 1/w and depth/w (both
/// screen-linear), and its barycentric coordinates in the source face.
/// </summary>
internal struct Corner
{
    public float U, V, InvW, DepthW;
    public int X, Y;
    public System.Numerics.Vector3 Bary;

    public static Corner From(in ClipVertex v)
    {
        float invW = 1 / v.W;
        float u = v.Xh * invW, y = v.Yh * invW;
        return new Corner
        {
            U = u,
            V = y,
            InvW = invW,
            DepthW = v.Depth * invW,
            X = ScreenTriangle.ToFixed(u),
            Y = ScreenTriangle.ToFixed(y),
            Bary = new(v.B0, v.B1, v.B2),
        };
    }
}
