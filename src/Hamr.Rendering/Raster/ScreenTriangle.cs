using System.Numerics;

namespace Hamr.Rendering.Raster;

/// <summary>
/// A triangle after projection, clipping and set-up, ready to scan: fixed-point corners (1/256 px) wound so that
/// the edge functions are positive inside, the per-corner 1/w and depth/w interpolated linearly on screen, and the
/// corners' barycentric coordinates in the source face (identity rows unless the face was clipped).
/// </summary>
internal struct ScreenTriangle
{
    public const int SubPixelBits = 8;
    public const int SubPixel = 1 << SubPixelBits;
    public const int HalfPixel = SubPixel / 2;

    /// <summary>Continuous sample coordinate to fixed point (round to nearest 1/256).</summary>
    public static int ToFixed(float pixels) => (int)MathF.Round(pixels * SubPixel);

    // Fixed-point corners.
    public int X0, Y0, X1, Y1, X2, Y2;

    /// <summary>Inclusive sample-grid bounds, already clipped to the target.</summary>
    public int MinX, MaxX, MinY, MaxY;

    /// <summary>
    /// Screen-linear barycentrics of corners 1 and 2 as planes over the sample grid, λ = L + Ldx·(x − MinX) +
    /// Ldy·(y − MinY) at sample centres, from the unsnapped corners: coverage uses the snapped ones, interpolation
    /// stays exact to float precision.
    /// </summary>
    public float L1, L1dx, L1dy, L2, L2dx, L2dy;

    /// <summary>Fill-rule bias per edge (0 for top and left edges, 1 otherwise): inside means E − bias ≥ 0.</summary>
    public int Bias0, Bias1, Bias2;

    public float InvW0, InvW1, InvW2;
    public float DepthW0, DepthW1, DepthW2;

    /// <summary>Index of the source face.</summary>
    public int Face;

    /// <summary>Row i: corner i's barycentric coordinates over the source face's three vertices.</summary>
    public Vector3 Bary0, Bary1, Bary2;
}
