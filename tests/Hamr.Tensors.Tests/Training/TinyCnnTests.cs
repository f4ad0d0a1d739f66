using Hamr.Tensors.NN;
using Hamr.Tensors.Optim;

namespace Hamr.Tensors.Tests.Training;

/// <summary>End to end: a small CNN learns to regress the centre of a Gaussian blob in 32×32 images.</summary>
public sealed class TinyCnnTests
{
    private const int Size = 32;

    /// <summary>Images [n,1,32,32] with one blob each (σ = 2.5 px, centre in [6, 26) px) and targets (cx, cy)/16 − 1.</summary>
    private static (Tensor Images, Tensor Targets) Blobs(int n, ulong seed)
    {
        var rng = new TensorRandom(seed);
        var images = new float[n * Size * Size];
        var targets = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            float cx = rng.Uniform(6, 26), cy = rng.Uniform(6, 26);
            targets[2 * i] = cx / 16f - 1f;
            targets[2 * i + 1] = cy / 16f - 1f;
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    float d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    images[(i * Size + y) * Size + x] = MathF.Exp(-d2 / (2 * 2.5f * 2.5f)) + 0.05f * rng.NextGaussian();
                }
            }
        }
        return (Tensor.Wrap(images, n, 1, Size, Size), Tensor.Wrap(targets, n, 2));
    }

    private static Sequential Model(ulong seed)
    {
        var rng = new TensorRandom(seed);
        return new Sequential(
            new Conv2d(1, 8, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(8, 16, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 16, 3, rng, padding: 1), new ReLU(),
            new FlattenLayer(),
            new Linear(16 * 8 * 8, 2, rng));
    }

    private sealed class FlattenLayer : Module
    {
        public override Tensor Forward(Tensor input) => input.Flatten(1);
    }

    private static void Train(Sequential model, Tensor images, Tensor targets, int steps, int batch, ulong seed)
    {
        var optimizer = new Adam(model.Parameters(), lr: 3e-3);
        var rng = new TensorRandom(seed);
        int n = images.Dim(0);
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            int start = rng.NextInt(n - batch + 1);
            var x = images.Slice(0, start, batch);
            var t = targets.Slice(0, start, batch);
            optimizer.ZeroGrad();
            Tensor.MseLoss(model.Forward(x), t).Backward();
            optimizer.Step();
        }
    }

    [Fact]
    public void Learns_blob_centres_to_under_half_a_pixel()
    {
        var (trainX, trainY) = Blobs(1024, seed: 1);
        var (testX, testY) = Blobs(128, seed: 2);
        var model = Model(seed: 3);
        Train(model, trainX, trainY, steps: 600, batch: 32, seed: 4);

        model.Eval();
        using var _ = GradMode.NoGrad();
        var predicted = model.Forward(testX).ToArray();
        var expected = testY.ToArray();
        double errorPx = 0;
        for (int i = 0; i < 128; i++)
        {
            double dx = (predicted[2 * i] - expected[2 * i]) * 16, dy = (predicted[2 * i + 1] - expected[2 * i + 1]) * 16;
            errorPx += Math.Sqrt(dx * dx + dy * dy) / 128;
        }
        // Predicting the mean centre would be off by ~7.7 px on average.
        Assert.True(errorPx < 0.5, $"mean centre error {errorPx:F2} px");
    }

    [Fact]
    public void Same_seed_trains_to_bitwise_identical_weights()
    {
        var (x, y) = Blobs(256, seed: 1);
        var a = Model(seed: 3);
        var b = Model(seed: 3);
        Train(a, x, y, steps: 25, batch: 32, seed: 4);
        Train(b, x, y, steps: 25, batch: 32, seed: 4);
        foreach (var (name, tensor) in a.StateDict())
        {
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(b.StateDict()[name].ToArray()), $"{name} differs");
        }
        Assert.False(a.StateDict()["0.weight"].ToArray().AsSpan().SequenceEqual(Model(seed: 3).StateDict()["0.weight"].ToArray()));
    }
}
