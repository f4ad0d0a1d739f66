using Hamr.Data.Synthetic;
using Hamr.HandModel;
using Hamr.HandModel.OpenHand;

namespace Hamr.Data.Tests.Synthetic;

public sealed class GroundTruthTests
{
    private const int Samples = 24;
    private static readonly Lazy<SyntheticSample[]> s_samples = new(() =>
    {
        var g = Generators.Default;
        return [.. Enumerable.Range(0, Samples).Select(i => Generators.Make(g, i))];
    });

    [Fact]
    public void Keypoints_2d_are_the_crop_intrinsics_applied_to_the_3d_keypoints()
    {
        foreach (var s in s_samples.Value)
        {
            var k = s.Intrinsics;
            for (int q = 0; q < 21; q++)
            {
                double x = s.Keypoints3D[3 * q], y = s.Keypoints3D[3 * q + 1], z = s.Keypoints3D[3 * q + 2];
                Assert.InRange(z, 0.1, 1.0);
                Assert.Equal(k.Fx * x / z + k.Cx, s.Keypoints2D[2 * q], 1e-3);
                Assert.Equal(k.Fy * y / z + k.Cy, s.Keypoints2D[2 * q + 1], 1e-3);
            }
        }
    }

    [Fact]
    public void Hand_layer_of_the_samples_side_reproduces_the_3d_keypoints_from_beta_theta_and_translation()
    {
        var layers = new Dictionary<Handedness, HandLayer> { [Handedness.Right] = new(OpenHandModel.LoadRight()), [Handedness.Left] = new(OpenHandModel.LoadLeft()) };
        Assert.Contains(s_samples.Value, s => s.Side == Handedness.Left);
        Assert.Contains(s_samples.Value, s => s.Side == Handedness.Right);
        foreach (var s in s_samples.Value)
        {
            var layer = layers[s.Side];
            var output = layer.CreateOutput(1);
            layer.Forward(s.Beta, s.Theta, s.Translation, output);
            for (int i = 0; i < 63; i++)
            {
                Assert.Equal(s.Keypoints3D[i], output.Keypoints[i], 1e-5);
            }
            Assert.Equal(s.Theta.AsSpan(0, 3).ToArray(), s.GlobalRotation);
            Assert.All(s.Beta, b => Assert.InRange(b, -3f, 3f));
        }
    }

    [Fact]
    public void Weak_perspective_camera_fits_the_2d_keypoints_within_the_perspective_error()
    {
        foreach (var s in s_samples.Value)
        {
            var c = s.Camera;
            var k = s.Intrinsics;
            double half = s.Size / 2.0, zMean = 0, residual = 0, bound = 0;
            for (int q = 0; q < 21; q++)
            {
                zMean += s.Keypoints3D[3 * q + 2] / 21;
            }
            for (int q = 0; q < 21; q++)
            {
                double u = (c.Scale * (s.Keypoints3D[3 * q] - s.Keypoints3D[0] + c.Tx) + 1) * half;
                double v = (c.Scale * (s.Keypoints3D[3 * q + 1] - s.Keypoints3D[1] + c.Ty) + 1) * half;
                double du = s.Keypoints2D[2 * q], dv = s.Keypoints2D[2 * q + 1];
                residual += (u - du) * (u - du) + (v - dv) * (v - dv);
                // The weak-perspective camera u' = f·X/z̄ + c misses the perspective projection by (u − c)·(z̄ − z)/z̄:
                // the least-squares fit can only do better than that candidate.
                double depth = (zMean - s.Keypoints3D[3 * q + 2]) / zMean;
                bound += ((du - k.Cx) * (du - k.Cx) + (dv - k.Cy) * (dv - k.Cy)) * depth * depth;
            }
            Assert.True(c.Scale > 0, $"sample {s.Index}: scale {c.Scale}");
            Assert.True(residual <= bound * 1.001 + 1e-4, $"sample {s.Index}: residual {Math.Sqrt(residual / 21):F3} px RMS above the perspective bound {Math.Sqrt(bound / 21):F3}");
            // The least-squares minimum: a camera 2 % larger fits worse.
            Assert.True(Residual(s, c with { Scale = c.Scale * 1.02f }) > residual, $"sample {s.Index}: not a minimum");
        }
    }

    private static double Residual(SyntheticSample s, Hamr.Geometry.WeakPerspectiveCamera c)
    {
        double half = s.Size / 2.0, residual = 0;
        for (int q = 0; q < 21; q++)
        {
            double u = (c.Scale * (s.Keypoints3D[3 * q] - s.Keypoints3D[0] + c.Tx) + 1) * half;
            double v = (c.Scale * (s.Keypoints3D[3 * q + 1] - s.Keypoints3D[1] + c.Ty) + 1) * half;
            residual += Math.Pow(u - s.Keypoints2D[2 * q], 2) + Math.Pow(v - s.Keypoints2D[2 * q + 1], 2);
        }
        return residual;
    }

    [Fact]
    public void Masks_are_not_empty_and_usually_cover_the_wrist_keypoint()
    {
        int wristInside = 0;
        foreach (var s in s_samples.Value)
        {
            int covered = s.Mask.Count(m => m > 0);
            Assert.True(covered > s.Size * s.Size / 50, $"sample {s.Index}: only {covered} mask pixels");
            int u = (int)s.Keypoints2D[0], v = (int)s.Keypoints2D[1];
            if (u >= 0 && u < s.Size && v >= 0 && v < s.Size && s.Mask[v * s.Size + u] > 0)
            {
                wristInside++;
            }
        }
        Assert.True(wristInside >= Samples * 3 / 4, $"wrist inside the mask in {wristInside}/{Samples} samples");
    }

    [Fact]
    public void Hand_fills_a_sensible_part_of_the_crop()
    {
        foreach (var s in s_samples.Value)
        {
            float minU = s.Keypoints2D.Where((_, i) => i % 2 == 0).Min(), maxU = s.Keypoints2D.Where((_, i) => i % 2 == 0).Max();
            float minV = s.Keypoints2D.Where((_, i) => i % 2 == 1).Min(), maxV = s.Keypoints2D.Where((_, i) => i % 2 == 1).Max();
            float extent = Math.Max(maxU - minU, maxV - minV);
            Assert.InRange(extent, 0.2f * s.Size, 1.0f * s.Size);
            float cu = (minU + maxU) / 2, cv = (minV + maxV) / 2;
            Assert.InRange(cu, 0.15f * s.Size, 0.85f * s.Size);
            Assert.InRange(cv, 0.15f * s.Size, 0.85f * s.Size);
        }
    }

    [Fact]
    public void Pixels_and_batch_tensors_hold_valid_values()
    {
        foreach (var s in s_samples.Value)
        {
            // Not a blank or saturated frame: some spread of levels in each channel.
            for (int c = 0; c < 3; c++)
            {
                var channel = s.Image.Pixels.Where((_, i) => i % 3 == c).ToArray();
                Assert.True(channel.Max() - channel.Min() > 20, $"sample {s.Index} channel {c} spans {channel.Min()}..{channel.Max()}");
            }
            Assert.All(s.Keypoints2D, v => Assert.True(float.IsFinite(v)));
            Assert.True(float.IsFinite(s.Camera.Scale) && float.IsFinite(s.Camera.Tx) && float.IsFinite(s.Camera.Ty));
        }
        var source = new SyntheticBatchSource(Generators.Default, batchSize: 4, workers: 2);
        var batch = source.CreateBatch();
        source.Fill(0, batch);
        Assert.All(batch.Images.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.All(batch.Masks.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.All(batch.Visibility.ToArray(), v => Assert.True(v is 0f or 1f));
        Assert.All(batch.Sides.ToArray(), v => Assert.True(v is 0f or 1f));
        Assert.All(batch.Keypoints3D.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Contains(batch.Masks.ToArray(), v => v > 0);
    }
}
