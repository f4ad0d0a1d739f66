using Hamr.Data.Datasets;
using Hamr.Data.Synthetic;
using Hamr.HandModel;
using Hamr.HandModel.OpenHand;
using Hamr.Imaging;

namespace Hamr.Model.Evaluation.Readers;

/// <summary>
/// Evaluation sets made of our synthetic hands, with ground-truth meshes (so MPVPE and F-scores are reported too): a
/// dataset folder written by <c>hamr synth</c>, or samples generated in memory from a seed that training never used.
/// Left hands are given as their mirror images (right hands), as a right-hand predictor sees them: the folder's left
/// samples are mirrored like training batches (<see cref="SyntheticBatch.MirrorLeftToRight"/>), and generated sets are
/// made right-handed.
/// </summary>
public static class SyntheticEvalSets
{
    /// <summary>The samples of a dataset folder (images loaded on demand, left hands mirrored), with meshes.</summary>
    public static AnnotationSet FromDatasetFolder(string directory)
    {
        var folder = HandDatasetFolder.Open(directory);
        var layer = new HandLayer(OpenHandModel.LoadRight());
        var samples = new List<EvalSample>(folder.Count);
        for (int i = 0; i < folder.Count; i++)
        {
            var a = folder.Samples[i];
            var image = folder.LoadImage(i);
            bool left = a.Side == Handedness.Left;
            samples.Add(Sample(i, left ? Imaging.Transforms.ImageTransforms.FlipHorizontal(image) : image, folder.Header.Size,
                a.Keypoints2D, a.Keypoints3D, a.Visible, a.Beta, a.Theta, a.Intrinsics, left, layer, Path.Combine(directory, a.ImageFile)));
        }
        return new AnnotationSet(Path.GetFullPath(directory), $"hamr synth folder (seed {folder.Header.Seed}, {folder.Count} samples, {folder.Header.Size} px)", samples);
    }

    /// <summary><paramref name="count"/> right-hand samples 0…count−1 of <paramref name="seed"/> at <paramref name="size"/> px, in memory.</summary>
    public static AnnotationSet Generate(ulong seed, int count, int size = 128)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var generator = new SyntheticHandGenerator(new SyntheticOptions { Seed = seed, Size = size, LeftHandProbability = 0 });
        var layer = new HandLayer(OpenHandModel.LoadRight());
        var sample = generator.CreateSample();
        var samples = new List<EvalSample>(count);
        for (int i = 0; i < count; i++)
        {
            generator.Generate(i, sample);
            var image = new Image(size, size, 3);
            sample.Image.Pixels.CopyTo(image.Pixels, 0);
            samples.Add(Sample(i, image, size, sample.Keypoints2D, sample.Keypoints3D, sample.Visible, sample.Beta, sample.Theta,
                sample.Intrinsics, false, layer, null));
        }
        return new AnnotationSet($"synthetic:{seed}:{count}", $"synthetic hands, seed {seed}, samples 0-{count - 1}, {size} px (right hands)", samples);
    }

    private static EvalSample Sample(int index, Image image, int size, float[] keypoints2D, float[] keypoints3D, bool[] visible,
        float[] beta, float[] theta, CameraIntrinsics k, bool mirror, HandLayer rightLayer, string? path)
    {
        const int K = HandJoints.KeypointCount;
        var uv = (float[])keypoints2D.Clone();
        var xyz = (float[])keypoints3D.Clone();
        var pose = (float[])theta.Clone();
        double cx = k.Cx;
        if (mirror)
        {
            for (int q = 0; q < K; q++)
            {
                uv[2 * q] = size - uv[2 * q];
            }
            HandModelMirror.MirrorPoints(xyz);
            HandModelMirror.MirrorPose(pose);
            cx = size - cx;
        }
        // The mesh: the right-hand layer in the (mirrored) pose, placed so its wrist keypoint meets the labelled one.
        var output = rightLayer.CreateOutput(1);
        rightLayer.Forward(beta, pose, [0f, 0f, 0f], output);
        var vertices = output.Vertices.ToArray();
        for (int v = 0; v < vertices.Length / 3; v++)
        {
            for (int d = 0; d < 3; d++)
            {
                vertices[3 * v + d] += xyz[d] - output.Keypoints[d];
            }
        }
        return new EvalSample
        {
            Index = index,
            Image = image,
            ImagePath = path,
            Keypoints2DPx = uv,
            Joints3DMeters = xyz,
            IntrinsicsK = [k.Fx, 0, cx, 0, k.Fy, k.Cy, 0, 0, 1],
            Visible = (bool[])visible.Clone(),
            VerticesMeters = vertices,
        };
    }
}
