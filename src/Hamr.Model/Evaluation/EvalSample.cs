using Hamr.HandModel;
using Hamr.Imaging;

namespace Hamr.Model.Evaluation;

/// <summary>
/// One evaluation sample: the hand crop (a file, or an image in memory) and its ground truth — 21 keypoints in that
/// image's pixels, and where the set has them, 21 camera-space joints in metres, the 3×3 intrinsics, a visibility
/// mask and mesh vertices. Keypoints follow the project's 21-keypoint order (<see cref="HandJoints.KeypointNames"/>).
/// </summary>
public sealed record EvalSample
{
    /// <summary>Position of the sample in its set (the annotation file's sample index), used in errors and per-sample output.</summary>
    public required int Index { get; init; }

    /// <summary>The image file (absolute, or relative to the working folder); null when <see cref="Image"/> is given.</summary>
    public string? ImagePath { get; init; }

    /// <summary>The image in memory; when null the evaluator loads <see cref="ImagePath"/>.</summary>
    public Image? Image { get; init; }

    /// <summary>Ground-truth keypoints in image pixels, [21, 2] (x right, y down; continuous pixel coordinates).</summary>
    public required float[] Keypoints2DPx { get; init; }

    /// <summary>Ground-truth joints in camera space (x right, y down, z forward), metres, [21, 3]; null for a 2D-only set.</summary>
    public float[]? Joints3DMeters { get; init; }

    /// <summary>Intrinsics K of this image, row-major [3, 3]; null when the set does not give them.</summary>
    public double[]? IntrinsicsK { get; init; }

    /// <summary>Which keypoints are labelled visible, [21]; null means all. Hidden keypoints are left out of every error.</summary>
    public bool[]? Visible { get; init; }

    /// <summary>Ground-truth mesh vertices in camera space, metres, [V, 3]; null when the set has no meshes.</summary>
    public float[]? VerticesMeters { get; init; }

    /// <summary>A name for messages and per-sample output: the image file's name, or "#index".</summary>
    public string Name => ImagePath is { } path ? Path.GetFileName(path) : $"#{Index}";

    /// <summary>Whether keypoint <paramref name="k"/> counts in the errors.</summary>
    public bool IsVisible(int k) => Visible is null || Visible[k];

    /// <summary>Throws <see cref="ArgumentException"/> when an array has the wrong length or a value is not finite.</summary>
    public void Validate()
    {
        const int K = HandJoints.KeypointCount;
        Check(Keypoints2DPx, 2 * K, nameof(Keypoints2DPx));
        if (Joints3DMeters is not null)
        {
            Check(Joints3DMeters, 3 * K, nameof(Joints3DMeters));
        }

        if (IntrinsicsK is not null && (IntrinsicsK.Length != 9 || !IntrinsicsK.All(double.IsFinite)))
        {
            throw new ArgumentException($"sample {Index}: IntrinsicsK must be 9 finite numbers (row-major 3×3), got {IntrinsicsK.Length}");
        }

        if (Visible is not null && Visible.Length != K)
        {
            throw new ArgumentException($"sample {Index}: Visible must have {K} entries, got {Visible.Length}");
        }

        if (VerticesMeters is not null && (VerticesMeters.Length == 0 || VerticesMeters.Length % 3 != 0 || !VerticesMeters.All(float.IsFinite)))
        {
            throw new ArgumentException($"sample {Index}: VerticesMeters must be [V, 3] finite numbers with V ≥ 1, got {VerticesMeters.Length} values");
        }

        if (Image is null && string.IsNullOrEmpty(ImagePath))
        {
            throw new ArgumentException($"sample {Index}: needs an Image or an ImagePath");
        }
    }

    private void Check(float[] values, int length, string name)
    {
        if (values.Length != length)
        {
            throw new ArgumentException($"sample {Index}: {name} must have {length} values, got {values.Length}");
        }

        if (!values.All(float.IsFinite))
        {
            throw new ArgumentException($"sample {Index}: {name} holds a value that is not finite");
        }
    }
}
