using Hamr.Data.Synthetic;

namespace Hamr.Data.Tests.Synthetic;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_index_gives_identical_bytes_whatever_was_generated_before()
    {
        var a = Generators.Default;
        var b = Generators.Default;
        var first = Generators.Make(a, 5);
        // b makes other samples first: its reused buffers must not leak into sample 5.
        var scratch = b.CreateSample();
        b.Generate(17, scratch);
        b.Generate(3, scratch);
        b.Generate(5, scratch);
        Assert.Equal(first.Image.Pixels, scratch.Image.Pixels);
        Assert.Equal(first.Mask, scratch.Mask);
        Assert.Equal(first.Keypoints2D, scratch.Keypoints2D);
        Assert.Equal(first.Keypoints3D, scratch.Keypoints3D);
        Assert.Equal(first.Visible, scratch.Visible);
        Assert.Equal(first.Theta, scratch.Theta);
        Assert.Equal(first.Camera, scratch.Camera);
    }

    [Fact]
    public void A_fresh_generator_with_the_same_seed_makes_the_same_sample()
    {
        var fresh = new SyntheticHandGenerator(new SyntheticOptions { Seed = 11 });
        var a = Generators.Make(fresh, 2);
        var b = Generators.Make(Generators.Default, 2);
        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.Equal(a.Keypoints3D, b.Keypoints3D);
    }

    [Fact]
    public void Different_indices_and_seeds_give_different_samples()
    {
        var g = Generators.Default;
        var a = Generators.Make(g, 0);
        var b = Generators.Make(g, 1);
        var c = Generators.Make(new SyntheticHandGenerator(new SyntheticOptions { Seed = 12 }), 0);
        Assert.NotEqual(a.Image.Pixels, b.Image.Pixels);
        Assert.NotEqual(a.Image.Pixels, c.Image.Pixels);
        Assert.NotEqual(a.Keypoints3D, b.Keypoints3D);
    }

    [Fact]
    public void Batches_from_one_and_two_workers_are_identical()
    {
        var one = new SyntheticBatchSource(Generators.Default, batchSize: 6, workers: 1);
        var two = new SyntheticBatchSource(Generators.Default, batchSize: 6, workers: 2);
        var a = one.CreateBatch();
        var b = two.CreateBatch();
        one.Fill(40, a);
        two.Fill(40, b);
        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal([40L, 41, 42, 43, 44, 45], a.Indices);
        Assert.Equal(a.Images.ToArray(), b.Images.ToArray());
        Assert.Equal(a.Masks.ToArray(), b.Masks.ToArray());
        Assert.Equal(a.Keypoints2D.ToArray(), b.Keypoints2D.ToArray());
        Assert.Equal(a.Keypoints3D.ToArray(), b.Keypoints3D.ToArray());
        Assert.Equal(a.Visibility.ToArray(), b.Visibility.ToArray());
        Assert.Equal(a.Theta.ToArray(), b.Theta.ToArray());
        Assert.Equal(a.Cameras.ToArray(), b.Cameras.ToArray());
        Assert.Equal(a.Sides.ToArray(), b.Sides.ToArray());
    }

    [Fact]
    public void Batch_slots_hold_the_samples_of_their_indices()
    {
        var generator = Generators.Default;
        var source = new SyntheticBatchSource(generator, batchSize: 3, workers: 2);
        var batch = source.CreateBatch();
        source.Fill(7, batch);
        var sample = Generators.Make(generator, 8);
        var slot = batch.Keypoints2D.ToArray().AsSpan(2 * 21 * 1, 2 * 21).ToArray();
        Assert.Equal(sample.Keypoints2D, slot);
        var image = batch.Images.ToArray().AsSpan(3 * 128 * 128, 3 * 128 * 128);
        // Planar normalised floats of slot 1: red plane, pixel 0, is sample 8's first byte / 255.
        Assert.Equal(sample.Image.Pixels[0] / 255f, image[0], 6);
        Assert.Equal(sample.Image.Pixels[1] / 255f, image[128 * 128], 6);
    }
}
