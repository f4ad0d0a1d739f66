using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.HandModel.Export;
using Hamr.Imaging;

namespace Hamr.Model.Inference;

/// <summary>One image (or a box in it) to predict, and whether the hand in it is a left hand.</summary>
/// <param name="Image">The photo; any channel count (grey and alpha are made RGB).</param>
/// <param name="Box">The hand's box in the image; null: the whole image is the crop.</param>
/// <param name="Left">A left hand: the crop is mirrored for the right-hand network and the result mirrored back.</param>
public sealed record HamrInput(Image Image, HandBox? Box = null, bool Left = false);

/// <summary>How long the stages of the last prediction took.</summary>
/// <param name="Crop">Cropping, resampling and the input tensor.</param>
/// <param name="Network">The network forward, its hand model layer included (no gradients).</param>
/// <param name="Decode">Mapping the outputs back to the image and the plain hand layer for the 16 joints.</param>
public readonly record struct HamrTimings(TimeSpan Crop, TimeSpan Network, TimeSpan Decode);

/// <summary>
/// What HAMR says about one hand crop, mapped back to the image it came from. 3D values are metres, root-relative (the
/// wrist keypoint at the origin), in the camera's axes (OpenCV: x right, y down, z forward); for a left hand they
/// are the mirror image (x → −x) of the right hand the network saw in the mirrored crop, and β, θ are those of the
/// left model (<see cref="HandModelMirror"/>), so <see cref="Model"/>'s layer reproduces them.
/// </summary>
public sealed record HamrResult
{
    public required Handedness Side { get; init; }

    /// <summary>The crop the network saw: image size, box, square and the maps between crop and image.</summary>
    public required HandCrop Crop { get; init; }

    /// <summary>The hand model of <see cref="Side"/> (the network's, mirrored for a left hand): faces, layer.</summary>
    public required HandModel.HandModel Model { get; init; }

    /// <summary>The 21 keypoints in the image [21, 2], pixels (the projection of <see cref="Keypoints3D"/>).</summary>
    public required float[] Keypoints2DPx { get; init; }

    /// <summary>The 21 keypoints of the 2D module (soft-argmax of the last heatmaps) in the image [21, 2], pixels.</summary>
    public required float[] HeatmapKeypoints2DPx { get; init; }

    /// <summary>The 21 keypoints [21, 3], metres, root-relative.</summary>
    public required float[] Keypoints3D { get; init; }

    /// <summary>The 16 articulated joints [16, 3] (MANO order), metres, root-relative.</summary>
    public required float[] Joints3D { get; init; }

    /// <summary>The mesh [V, 3], metres, root-relative; triangles are <see cref="Model"/>'s faces.</summary>
    public required float[] Vertices { get; init; }

    /// <summary>Shape β [10].</summary>
    public required float[] Beta { get; init; }

    /// <summary>Pose θ [16, 3], axis-angle relative to the parent (θ₀ the global rotation), in <see cref="Model"/>'s convention.</summary>
    public required float[] Theta { get; init; }

    /// <summary>The layer translation [3] that puts the wrist keypoint at the origin: Model's layer at (β, θ, translation) gives these joints and vertices.</summary>
    public required float[] Translation { get; init; }

    /// <summary>Weak perspective (s, tx, ty) in the (unmirrored) square crop's normalised coordinates: x = s·(X + tx) ∈ [−1, 1] edge to edge.</summary>
    public required WeakPerspectiveCamera Camera { get; init; }

    /// <summary>The same camera in the image's pixels: u = s·(X + tx), v = s·(Y + ty) for <see cref="Keypoints3D"/>.</summary>
    public required WeakPerspectiveCamera CameraPx { get; init; }

    /// <summary>
    /// The result as a hand result (JSON, exports): 2D keypoints in the image's pixels, 3D root-relative, the crop-
    /// normalised and pixel cameras, the image's size and name, the box and the square crop.
    /// </summary>
    public HandResult ToHandResult(HandResultSource? source = null, string? imageName = null)
    {
        var square = Crop.Square;
        float half = square.SizePx / 2;
        return new HandResult
        {
            Side = Side,
            Model = Model.Name,
            Beta = Beta,
            Theta = Theta,
            Translation = Translation,
            Camera = Camera,
            Keypoints3D = Keypoints3D,
            Keypoints2D = Keypoints2DPx,
            Joints3D = Joints3D,
            VertexCount = Model.VertexCount,
            Source = source,
            Image = new HandResultImage(imageName, Crop.ImageWidth, Crop.ImageHeight),
            BoxPx = [Crop.Box.X, Crop.Box.Y, Crop.Box.Width, Crop.Box.Height],
            CropPx = [square.CentrePx.X - half, square.CentrePx.Y - half, square.SizePx, square.SizePx],
            CameraPx = CameraPx,
            HeatmapKeypoints2D = HeatmapKeypoints2DPx,
        };
    }
}
