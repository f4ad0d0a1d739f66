using System.Numerics;
using Hamr.Rendering.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Optim;

namespace Hamr.Rendering.Tests;

public sealed class SoftSilhouetteFitTests
{
    private const int Size = 64;

    [Fact]
    public void FittingAStarsPoseToAHardMaskConvergesThroughTheSoftSilhouette()
    {
        // Target: the star turned by 0.35 rad, scaled by 1.25 and moved, drawn by the hard rasteriser.
        var (targetMesh, faces) = SoftSilhouetteTests.Star(new Vector2(34, 29), 0.35f, 1.25f, 14, 6);
        var targetMask = Mask(targetMesh);
        var target = Tensor.FromArray(targetMask.Select(m => m / 255f).ToArray(), 1, Size, Size);

        // Start: unrotated, unscaled, 6 px off. Parameters in units where an Adam step of lr moves them comparably.
        var (template, _) = SoftSilhouetteTests.Star(Vector2.Zero, 0, 1, 14, 6);
        var local = Tensor.FromArray(SoftSilhouetteTests.PixelXy(template), template.VertexCount, 2);
        var angle = Tensor.Zeros(1).RequireGrad();
        var logScale = Tensor.Zeros(1).RequireGrad();
        var shift = Tensor.FromArray([2.9f, 3.4f], 1, 2).RequireGrad(); // ×10 px
        var optimizer = new Adam([angle, logScale, shift], lr: 0.03);
        double initialIou = Iou(Pose(local, angle, logScale, shift), faces, targetMask);
        double iou = initialIou;
        int steps = 0;
        for (; steps < 300 && iou < 0.92; steps++)
        {
            // Anneal σ from 4 px² (gradients reach far) to 0.15 px². A flat fan's internal edges dip to 0.75 in the
            // soft mask over a width ~√σ, a loss that grows with the star's size and biases the fit smaller unless σ
            // ends small (closed 3D meshes cover such seams with their other layer).
            float sigma = MathF.Max(0.15f, 4f * MathF.Pow(0.985f, steps));
            optimizer.ZeroGrad();
            var vertices = Pose(local, angle, logScale, shift);
            var soft = SoftSilhouette.Render(vertices.Unsqueeze(0), faces, Size, sigma);
            var loss = (soft - target).Square().Mean();
            loss.Backward();
            optimizer.Step();
            if (steps % 10 == 9)
            {
                using var _ = GradMode.NoGrad();
                iou = Iou(Pose(local, angle, logScale, shift), faces, targetMask);
            }
        }
        Assert.True(initialIou < 0.6, $"the start should be far from the target (IoU {initialIou:F3})");
        Assert.True(iou > 0.9, $"IoU {iou:F3} after {steps} steps (start {initialIou:F3}); pose angle {angle.Item():F3}, scale {MathF.Exp(logScale.Item()):F3}");
    }

    /// <summary>[V, 2] pixel positions: R(angle)·exp(logScale)·local + 10·shift.</summary>
    private static Tensor Pose(Tensor local, Tensor angle, Tensor logScale, Tensor shift)
    {
        var axisAngle = Tensor.Concat([Tensor.Zeros(2), angle], 0);
        var rotation = Tensor.Rodrigues(axisAngle).Slice(0, 0, 2).Slice(1, 0, 2); // [2, 2]
        var scaled = Tensor.MatMul(local, rotation.Transpose(0, 1)) * logScale.Exp();
        return scaled + shift * 10f;
    }

    private static byte[] Mask(RenderMesh mesh)
    {
        var rt = new RenderTarget(Size, Size);
        Rasterizer.Render(rt, mesh, Scenes.PixelCamera, Scenes.Unlit());
        return (byte[])rt.Mask.Clone();
    }

    private static double Iou(Tensor vertices, int[] faces, byte[] targetMask)
    {
        var xy = vertices.ToArray();
        var positions = new float[xy.Length / 2 * 3];
        for (int i = 0; i < xy.Length / 2; i++)
        {
            positions[3 * i] = xy[2 * i];
            positions[3 * i + 1] = xy[2 * i + 1];
            positions[3 * i + 2] = 1;
        }
        var mask = Mask(new RenderMesh(positions, faces));
        int inter = 0, union = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            bool a = mask[i] > 0, b = targetMask[i] > 0;
            inter += a && b ? 1 : 0;
            union += a || b ? 1 : 0;
        }
        return union == 0 ? 0 : (double)inter / union;
    }
}
