using System.Numerics;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Imaging.Transforms;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

public sealed partial class SyntheticHandGenerator
{
    /// <summary>
    /// How far behind the visible surface (metres, along the view) a keypoint may lie and still count as visible: the
    /// joints are inside the hand, about half its thickness below the skin (wrist and thumb base deepest), and a
    /// fingertip keypoint lies up to a phalanx's thickness behind the pad or nail seen in front of it. A finger lying
    /// over a joint puts the visible surface at least its own thickness plus the joint's depth (≳ 2.5 cm) in front,
    /// so the tolerances stay below that. A keypoint farther behind the z-buffer than this is hidden.
    /// </summary>
    internal static readonly float[] DepthToleranceMeters =
    [
        0.030f,
        0.025f, 0.018f, 0.014f, 0.013f,
        0.020f, 0.014f, 0.013f, 0.013f,
        0.020f, 0.014f, 0.013f, 0.013f,
        0.020f, 0.014f, 0.013f, 0.013f,
        0.018f, 0.013f, 0.012f, 0.012f,
    ];

    /// <summary>Inside the crop and not behind another part of the hand (z-buffer at the keypoint's pixel).</summary>
    private void FindVisible(SyntheticSample into)
    {
        int n = into.Size;
        for (int q = 0; q < K; q++)
        {
            float u = into.Keypoints2D[2 * q], v = into.Keypoints2D[2 * q + 1];
            if (!(u >= 0 && u < n && v >= 0 && v < n))
            {
                into.Visible[q] = false;
                continue;
            }
            int pixel = (int)v * n + (int)u;
            // +∞ where nothing was drawn: a keypoint just outside the silhouette is not hidden by anything.
            into.Visible[q] = into.Keypoints3D[3 * q + 2] <= _target.Depth[pixel] + DepthToleranceMeters[q];
        }
    }

    /// <summary>
    /// With <see cref="SyntheticOptions.OccluderProbability"/>, one or two shapes (discs, polygons, bars) textured
    /// with a colour or a pattern, drawn over the hand centred on a bone. Their anti-aliased coverage takes the
    /// hand out of the mask, and keypoints under them (coverage over one half) become invisible.
    /// </summary>
    private void DrawOccluders(TensorRandom random, SyntheticSample into)
    {
        into.Occluders = 0;
        if (!(random.NextFloat() < Options.OccluderProbability))
        {
            return;
        }
        int count = random.NextFloat() < 0.3f ? 2 : 1;
        int n = into.Size;
        var coverage = _coverage.Pixels.AsSpan();
        var pixels = into.Image.Pixels.AsSpan();
        for (int o = 0; o < count; o++)
        {
            coverage.Clear();
            // Centred on a random point of a bone that shows in the mask (bones project inside the hand), so the
            // occluder always covers some of it.
            int start = random.NextInt(K - 1);
            float along = random.NextFloat();
            var centre = Vector2.Zero;
            for (int tried = 0; tried < K - 1; tried++)
            {
                int q = 1 + (start + tried) % (K - 1), parent = HandJoints.KeypointParents[q];
                centre = Vector2.Lerp(new Vector2(into.Keypoints2D[2 * q], into.Keypoints2D[2 * q + 1]), new Vector2(into.Keypoints2D[2 * parent], into.Keypoints2D[2 * parent + 1]), along);
                int x = (int)centre.X, y = (int)centre.Y;
                if (x >= 0 && x < n && y >= 0 && y < n && into.Mask[y * n + x] > 0)
                {
                    break;
                }
            }
            _painter.DrawShape(_coverage, random, Rgba.White, random.Uniform(0.15f, 0.45f) * n, centre);
            var solid = BackgroundPainter.RandomColour(random);
            bool patterned = random.NextFloat() < 0.5f;
            if (patterned)
            {
                _painter.PaintPattern(_scratch, random);
            }
            var pattern = _scratch.Pixels.AsSpan();
            for (int i = 0; i < n * n; i++)
            {
                int a = coverage[3 * i];
                if (a == 0)
                {
                    continue;
                }
                float alpha = a / 255f, keep = 1 - alpha;
                for (int c = 0; c < 3; c++)
                {
                    byte paint = patterned ? pattern[3 * i + c] : solid.Channel(c, 3);
                    pixels[3 * i + c] = (byte)(keep * pixels[3 * i + c] + alpha * paint + 0.5f);
                }
                into.Mask[i] = (byte)(keep * into.Mask[i] + 0.5f);
            }
            for (int q = 0; q < K; q++)
            {
                float u = into.Keypoints2D[2 * q], v = into.Keypoints2D[2 * q + 1];
                if (into.Visible[q] && coverage[3 * ((int)v * n + (int)u)] > 127)
                {
                    into.Visible[q] = false;
                }
            }
            into.Occluders++;
        }
    }

    /// <summary>Camera-like degradations: defocus blur, colour jitter (torchvision's ranges) and sensor noise.</summary>
    private void Degrade(TensorRandom random, Image image)
    {
        if (random.NextFloat() < 0.25f)
        {
            ImageTransforms.GaussianBlur(image, _scratch, random.Uniform(0.4f, 1.2f));
            _scratch.Pixels.CopyTo(image.Pixels, 0);
        }
        if (random.NextFloat() < 0.8f)
        {
            var jitter = ColourJitter.Sample(random, 0.25f, 0.3f, 0.3f, 0.03f);
            ColourJitter.Apply(image, image, jitter);
        }
        if (random.NextFloat() < 0.5f)
        {
            FastNoise.Add(image.Pixels, random.Uniform(1f, 6f), random);
        }
    }
}
