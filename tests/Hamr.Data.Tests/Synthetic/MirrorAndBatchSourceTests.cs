using Hamr.Data.Datasets;
using Hamr.Data.Synthetic;
using Hamr.HandModel;
using Hamr.HandModel.OpenHand;
using Hamr.Tests.Shared;

namespace Hamr.Data.Tests.Synthetic;

public sealed class MirrorAndBatchSourceTests
{
    private const int K = HandJoints.KeypointCount;

    private static SyntheticBatch Batch(ulong seed, int count, int size = 64)
    {
        var source = new SyntheticBatchSource(new SyntheticOptions { Seed = seed, Size = size, Supersample = 1 }, count, workers: 1);
        var batch = source.CreateBatch();
        source.Fill(0, batch);
        return batch;
    }

    [Fact]
    public void Mirrored_left_hands_are_right_hands_whose_layer_pose_gives_the_mirrored_keypoints()
    {
        var batch = Batch(21, 8);
        var sides = batch.Sides.ToArray();
        Assert.Contains(1f, sides);
        Assert.Contains(0f, sides);
        var before3 = batch.Keypoints3D.ToArray();
        int mirrored = batch.MirrorLeftToRight();
        Assert.Equal(sides.Count(s => s == 1), mirrored);
        Assert.All(batch.Sides.ToArray(), s => Assert.Equal(0f, s));

        var layer = new HandLayer(OpenHandModel.LoadRight());
        var output = layer.CreateOutput(1);
        var k3 = batch.Keypoints3D.ToArray();
        var k2 = batch.Keypoints2D.ToArray();
        var kk = batch.Intrinsics.ToArray();
        for (int b = 0; b < batch.BatchSize; b++)
        {
            // The right-hand layer with the (mirrored) θ and β reproduces the keypoints up to a translation.
            layer.Forward(batch.Beta.ToArray().AsSpan(b * 10, 10), batch.Theta.ToArray().AsSpan(b * 48, 48), [0f, 0f, 0f], output);
            for (int q = 0; q < K; q++)
            {
                for (int d = 0; d < 3; d++)
                {
                    float truth = k3[b * 63 + 3 * q + d] - k3[b * 63 + d];
                    float model = output.Keypoints[3 * q + d] - output.Keypoints[d];
                    Assert.Equal(truth, model, 2e-5f);
                }
                // The mirrored intrinsics still project the mirrored 3D keypoints onto the mirrored 2D ones.
                float x = k3[b * 63 + 3 * q], y = k3[b * 63 + 3 * q + 1], z = k3[b * 63 + 3 * q + 2];
                Assert.Equal(kk[b * 9] * x / z + kk[b * 9 + 2], k2[b * 42 + 2 * q], 2e-3f);
                Assert.Equal(kk[b * 9 + 4] * y / z + kk[b * 9 + 5], k2[b * 42 + 2 * q + 1], 2e-3f);
                if (sides[b] == 1)
                {
                    Assert.Equal(-before3[b * 63 + 3 * q], k3[b * 63 + 3 * q]);
                }
            }
        }
    }

    [Fact]
    public void Mirroring_flips_image_and_mask_rows_and_leaves_right_hands_alone()
    {
        var batch = Batch(21, 8);
        var sides = batch.Sides.ToArray();
        var image = batch.Images.ToArray();
        var mask = batch.Masks.ToArray();
        var camera = batch.Cameras.ToArray();
        batch.MirrorLeftToRight();
        int s = batch.Size, plane = s * s;
        var flipped = batch.Images.ToArray();
        var flippedMask = batch.Masks.ToArray();
        for (int b = 0; b < batch.BatchSize; b++)
        {
            bool left = sides[b] == 1;
            for (int c = 0; c < 3; c++)
            {
                for (int y = 0; y < s; y += 7)
                {
                    for (int x = 0; x < s; x += 5)
                    {
                        int src = left ? s - 1 - x : x;
                        Assert.Equal(image[((b * 3 + c) * s + y) * s + src], flipped[((b * 3 + c) * s + y) * s + x]);
                    }
                }
            }
            Assert.Equal(mask[(b * plane)..((b + 1) * plane)].Sum(), flippedMask[(b * plane)..((b + 1) * plane)].Sum(), 1e-2f);
            Assert.Equal(left ? -camera[b * 3 + 1] : camera[b * 3 + 1], batch.Cameras.ToArray()[b * 3 + 1]);
        }
    }

    [Fact]
    public void Folder_source_visits_every_sample_once_per_epoch_in_a_seeded_order()
    {
        using var dir = new TempDirectory();
        SyntheticDatasetWriter.Write(dir.Path, new SyntheticOptions { Seed = 5, Size = 32, Supersample = 1 }, 5, workers: 1);
        var folder = HandDatasetFolder.Open(dir.Path);
        var source = new HandDatasetBatchSource(folder, 2, seed: 9);
        var epoch0 = Enumerable.Range(0, 5).Select(i => source.SampleAt(i)).ToArray();
        var epoch1 = Enumerable.Range(5, 5).Select(i => source.SampleAt(i)).ToArray();
        Assert.Equal([0, 1, 2, 3, 4], epoch0.Order());
        Assert.Equal([0, 1, 2, 3, 4], epoch1.Order());
        Assert.NotEqual(epoch0, epoch1);
        var again = new HandDatasetBatchSource(folder, 2, seed: 9);
        Assert.Equal(epoch1, Enumerable.Range(5, 5).Select(i => again.SampleAt(i)).ToArray());

        var batch = source.CreateBatch();
        source.Fill(3, batch);
        for (int slot = 0; slot < 2; slot++)
        {
            var a = folder.Samples[source.SampleAt(3 + slot)];
            Assert.Equal(a.Keypoints3D, batch.Keypoints3D.ToArray()[(slot * 63)..((slot + 1) * 63)]);
            Assert.Equal(a.Side == Handedness.Left ? 1f : 0f, batch.Sides.ToArray()[slot]);
            var image = folder.LoadImage(source.SampleAt(3 + slot));
            Assert.Equal(image.Pixels[0] / 255f, batch.Images.ToArray()[slot * 3 * 32 * 32], 1e-6f);
        }
        Assert.Throws<ArgumentException>(() => source.Fill(0, new SyntheticBatchSource(new SyntheticOptions { Size = 32 }, 3, 1).CreateBatch()));
    }
}
