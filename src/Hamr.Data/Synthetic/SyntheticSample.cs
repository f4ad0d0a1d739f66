using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.Imaging;

namespace Hamr.Data.Synthetic;

/// <summary>
/// One generated hand crop and its ground truth, in preallocated buffers that <see cref="SyntheticHandGenerator.Generate"/>
/// overwrites (reuse one per worker). Conventions:
/// <list type="bullet">
/// <item>2D keypoints are continuous crop pixels: pixel (i, j) covers [i, i+1)×[j, j+1), centre (i + 0.5, j + 0.5).</item>
/// <item>3D keypoints are camera space, metres, OpenCV axes (x right, y down, z forward); order of
/// <see cref="HandJoints.KeypointNames"/>. <see cref="Intrinsics"/> · X3D gives the 2D keypoints exactly.</item>
/// <item>β and θ are those of the generated hand's own model (<see cref="Hamr.HandModel.OpenHand.OpenHandModel"/>,
/// right or left): HandLayer(model of <see cref="Side"/>).Forward(β, θ, <see cref="Translation"/>) reproduces the 3D
/// keypoints. θ [16, 3] is MANO axis-angle with θ₀ = the global rotation in camera space; for a left hand θ is in the
/// mirrored (left) model's convention, i.e. a right-hand pose with the y and z components of every axis-angle negated.</item>
/// <item><see cref="Camera"/> is HAMR's weak-perspective camera in normalised crop coordinates: fitted by least squares
/// so that s·(X − X_wrist + t)_xy ≈ 2·uv/Size − 1 for the 21 keypoints (root-relative 3D, 2D in [−1, 1] across the
/// crop); crop pixels are u = (x + 1)·Size/2.</item>
/// </list>
/// </summary>
public sealed class SyntheticSample
{
    public const int KeypointCount = HandJoints.KeypointCount;

    public SyntheticSample(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        Image = new Image(size, size, 3);
        Mask = new byte[size * size];
    }

    public int Size { get; }

    /// <summary>Index of the sample within its seed's sequence.</summary>
    public long Index { get; internal set; }

    public Handedness Side { get; internal set; }

    /// <summary>The RGB crop, Size×Size.</summary>
    public Image Image { get; }

    /// <summary>Visible hand coverage per pixel [Size·Size], 0..255 (anti-aliased edges; occluders removed).</summary>
    public byte[] Mask { get; }

    /// <summary>Keypoints in crop pixels [21, 2].</summary>
    public float[] Keypoints2D { get; } = new float[KeypointCount * 2];

    /// <summary>Keypoints in camera space [21, 3], metres.</summary>
    public float[] Keypoints3D { get; } = new float[KeypointCount * 3];

    /// <summary>Per keypoint: inside the crop, not hidden by the hand itself (z-buffer test), not under an occluder.</summary>
    public bool[] Visible { get; } = new bool[KeypointCount];

    /// <summary>Shape β [10].</summary>
    public float[] Beta { get; } = new float[10];

    /// <summary>Pose θ [16, 3] (θ₀ = <see cref="GlobalRotation"/>).</summary>
    public float[] Theta { get; } = new float[16 * 3];

    /// <summary>Global rotation (axis-angle, camera space) [3], the same as θ₀.</summary>
    public float[] GlobalRotation { get; } = new float[3];

    /// <summary>
    /// The hand layer's translation [3], metres (added after posing about the wrist joint; the wrist keypoint is
    /// J_wrist(β) + translation, and J_wrist(0) is the origin for the open model).
    /// </summary>
    public float[] Translation { get; } = new float[3];

    /// <summary>Intrinsics of the crop (pixels).</summary>
    public CameraIntrinsics Intrinsics { get; internal set; }

    /// <summary>Weak-perspective camera (s, tx, ty) in normalised crop coordinates (see the class summary).</summary>
    public WeakPerspectiveCamera Camera { get; internal set; }

    /// <summary>Index of the skin tone bucket (Monk scale 1..10 as 0..9), for analysis.</summary>
    public int SkinTone { get; internal set; }

    /// <summary>Number of occluders drawn over the hand.</summary>
    public int Occluders { get; internal set; }
}
