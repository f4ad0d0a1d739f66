using Hamr.Data.Synthetic;
using Hamr.Geometry;
using Hamr.HandModel;

namespace Hamr.Data.Datasets;

/// <summary>
/// One sample of a hand dataset folder: its files (relative to the folder) and ground truth, with the conventions of
/// <see cref="SyntheticSample"/> (written into every folder's header). Arrays: Keypoints2D [21, 2] crop pixels,
/// Keypoints3D [21, 3] camera metres, Visible [21], Beta [10], Theta [16, 3], GlobalRotation [3], Translation [3].
/// </summary>
public sealed record HandAnnotation(
    long Index,
    string ImageFile,
    string MaskFile,
    Handedness Side,
    float[] Keypoints2D,
    float[] Keypoints3D,
    bool[] Visible,
    CameraIntrinsics Intrinsics,
    WeakPerspectiveCamera Camera,
    float[] Beta,
    float[] Theta,
    float[] GlobalRotation,
    float[] Translation,
    int SkinTone,
    int Occluders)
{
    /// <summary>The annotation of a generated sample stored as <paramref name="imageFile"/> and <paramref name="maskFile"/>.</summary>
    public static HandAnnotation From(SyntheticSample sample, string imageFile, string maskFile)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new(sample.Index, imageFile, maskFile, sample.Side, (float[])sample.Keypoints2D.Clone(), (float[])sample.Keypoints3D.Clone(),
            (bool[])sample.Visible.Clone(), sample.Intrinsics, sample.Camera, (float[])sample.Beta.Clone(), (float[])sample.Theta.Clone(),
            (float[])sample.GlobalRotation.Clone(), (float[])sample.Translation.Clone(), sample.SkinTone, sample.Occluders);
    }
}

/// <summary>The header of a hand dataset folder: who made it, how, and the conventions of its numbers.</summary>
public sealed record HandDatasetHeader(
    string Format,
    int FormatVersion,
    string Generator,
    int GeneratorVersion,
    ulong Seed,
    int Size,
    int Count,
    IReadOnlyDictionary<string, string> Conventions);

/// <summary>A hand dataset folder is missing a file or holds one that is malformed; names the file and the problem.</summary>
public sealed class HandDatasetFormatException : Exception
{
    public HandDatasetFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }

    public string Problem { get; }
}
