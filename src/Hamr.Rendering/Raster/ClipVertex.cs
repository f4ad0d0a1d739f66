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
