using System.Numerics;

namespace Hamr.Rendering;

/// <summary>Which projection a <see cref="Camera"/> applies.</summary>
public enum CameraKind
{
    /// <summary>u = Fx·X/Z + Cx, v = Fy·Y/Z + Cy; only points with Near ≤ Z ≤ Far are drawn.</summary>
    Pinhole,

    /// <summary>u = Fx·X + Cx, v = Fy·Y + Cy (orthographic up to scale); Z orders surfaces only, no near/far.</summary>
    WeakPerspective,
}

/// <summary>
/// A camera looking down +Z of camera space (OpenCV: x right, y down, z forward, metres), mapping points to
/// continuous pixel coordinates (u, v) in which pixel (i, j) spans [i, i+1)×[j, j+1) and has its centre at
/// (i + 0.5, j + 0.5). OpenCV calibrations put pixel centres at integers: add 0.5 to their cx, cy.
/// </summary>
public readonly struct Camera
{
    private Camera(CameraKind kind, float fx, float fy, float cx, float cy, float near, float far)
    {
        if (!(float.IsFinite(fx) && float.IsFinite(fy) && fx > 0 && fy > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(fx), $"camera scales must be finite and positive, got fx={fx}, fy={fy}");
        }
        if (!(float.IsFinite(cx) && float.IsFinite(cy)))
        {
            throw new ArgumentOutOfRangeException(nameof(cx), $"camera offsets must be finite, got cx={cx}, cy={cy}");
        }
        if (kind == CameraKind.Pinhole && !(near > 0 && far > near && float.IsFinite(near)))
        {
            throw new ArgumentOutOfRangeException(nameof(near), $"pinhole camera needs 0 < near < far, got near={near}, far={far}");
        }
        Kind = kind;
        Fx = fx;
        Fy = fy;
        Cx = cx;
        Cy = cy;
        Near = near;
        Far = far;
    }

    public CameraKind Kind { get; }

    /// <summary>Pinhole: focal length in pixels; weak perspective: pixels per metre along x.</summary>
    public float Fx { get; }

    /// <summary>Pinhole: focal length in pixels; weak perspective: pixels per metre along y.</summary>
    public float Fy { get; }

    /// <summary>Pixel u of the optical axis (pinhole) or of X = 0 (weak perspective).</summary>
    public float Cx { get; }

    /// <summary>Pixel v of the optical axis (pinhole) or of Y = 0 (weak perspective).</summary>
    public float Cy { get; }

    /// <summary>Near clipping distance in metres (pinhole only; triangles crossing it are clipped).</summary>
    public float Near { get; }

    /// <summary>Far distance in metres (pinhole only; farther samples are discarded).</summary>
    public float Far { get; }

    /// <summary>A pinhole camera from intrinsics K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] (pixels).</summary>
    public static Camera Pinhole(float fx, float fy, float cx, float cy, float near = 0.01f, float far = 100f) =>
        new(CameraKind.Pinhole, fx, fy, cx, cy, near, far);

    /// <summary>
    /// HAMR's weak-perspective camera in pixels: u = s·(X + tx) + cx, v = s·(Y + ty) + cy, with s in pixels per
    /// metre, (tx, ty) in metres and (cx, cy) the pixel where the translated origin lands (0 by default, i.e. the
    /// image's top-left corner, as when (s, tx, ty) is fitted straight to crop-pixel keypoints).
    /// </summary>
    public static Camera WeakPerspective(float s, float tx, float ty, float cx = 0, float cy = 0) =>
        new(CameraKind.WeakPerspective, s, s, s * tx + cx, s * ty + cy, 0, float.PositiveInfinity);

    /// <summary>
    /// The weak-perspective camera in normalised image coordinates (HMR/HAMR code): x = s·(X + tx) ∈ [−1, 1] spans
    /// the image, so u = (x + 1)·width/2 and v = (y + 1)·height/2.
    /// </summary>
    public static Camera WeakPerspectiveNormalized(float s, float tx, float ty, int width, int height)
    {
        float hw = width * 0.5f, hh = height * 0.5f;
        return new(CameraKind.WeakPerspective, s * hw, s * hh, (s * tx + 1) * hw, (s * ty + 1) * hh, 0, float.PositiveInfinity);
    }

    /// <summary>The same camera for an image <paramref name="factor"/> times larger (supersampling).</summary>
    public Camera Scaled(float factor) => new(Kind, Fx * factor, Fy * factor, Cx * factor, Cy * factor, Near, Far);

    /// <summary>Continuous pixel coordinates of a camera-space point (pinhole: undefined for Z ≤ 0).</summary>
    public Vector2 Project(Vector3 p) => Kind == CameraKind.Pinhole
        ? new Vector2(Fx * p.X / p.Z + Cx, Fy * p.Y / p.Z + Cy)
        : new Vector2(Fx * p.X + Cx, Fy * p.Y + Cy);

    public override string ToString() => Kind == CameraKind.Pinhole
        ? $"Pinhole fx={Fx} fy={Fy} cx={Cx} cy={Cy} near={Near} far={Far}"
        : $"WeakPerspective sx={Fx} sy={Fy} ox={Cx} oy={Cy}";
}
