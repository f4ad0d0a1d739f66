using System.Numerics;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Pinhole intrinsics K = [[Fx, 0, Cx], [0, Fy, Cy], [0, 0, 1]] in pixels, mapping camera-space points (OpenCV axes,
/// metres) to continuous pixel coordinates in which pixel (i, j) covers [i, i+1)×[j, j+1) and has its centre at
/// (i + 0.5, j + 0.5) (Hamr.Imaging's convention; OpenCV's integer-centre K has Cx, Cy smaller by 0.5).
/// </summary>
public readonly record struct CameraIntrinsics(double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>Continuous pixel coordinates of a camera-space point (Z &gt; 0).</summary>
    public Vector2 Project(double x, double y, double z) => new((float)(Fx * x / z + Cx), (float)(Fy * y / z + Cy));

    /// <summary>K as a row-major 3×3 matrix.</summary>
    public double[] ToMatrix() => [Fx, 0, Cx, 0, Fy, Cy, 0, 0, 1];
}
