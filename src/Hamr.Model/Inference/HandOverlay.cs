using System.Numerics;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Imaging.Drawing;
using Hamr.Imaging.Transforms;
using Hamr.Rendering;

namespace Hamr.Model.Inference;

/// <summary>What <see cref="HandOverlay"/> draws over the photo.</summary>
public sealed record HandOverlayOptions
{
    /// <summary>Opacity of the shaded mesh in [0, 1] (0: no mesh).</summary>
    public float MeshOpacity { get; init; } = 0.6f;

    /// <summary>Draw the 21-keypoint skeleton over the mesh.</summary>
    public bool Skeleton { get; init; } = true;

    /// <summary>Outline the hand box.</summary>
    public bool Box { get; init; }

    /// <summary>Largest side of the mesh rendering, pixels: a larger hand is rendered smaller and scaled up (area-exact, premultiplied).</summary>
    public int MaxRenderSize { get; init; } = 1024;
}

/// <summary>
/// A picture of a prediction: the photo (as RGB) with the predicted mesh shaded by the rasteriser through the pixel
/// weak-perspective camera and blended semi-transparently over it, the 21-keypoint skeleton on top, and the box.
/// Only the mesh's bounding rectangle is rendered, so a large photo costs no more than its hand.
/// </summary>
public static class HandOverlay
{
    // A light blue that stands out against skin; linear values written straight to 8 bits, as the rasteriser does.
    private static readonly Material MeshMaterial = new() { BaseColor = new Vector3(0.62f, 0.76f, 0.96f), Specular = 0.1f, Shininess = 24 };
    private static readonly Light[] Lights =
    [
        Light.Ambient(0.35f),
        Light.Directional(new Vector3(0.35f, 0.55f, 1f), 0.7f),
        Light.Directional(new Vector3(-0.7f, -0.1f, 0.6f), 0.2f),
    ];

    private static readonly Rgba BoxColour = new(255, 214, 0);

    /// <summary>A new RGB image of the photo's size with the prediction drawn over it.</summary>
    public static Image Draw(Image photo, HamrResult result, HandOverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(result);
        options ??= new HandOverlayOptions();
        if (photo.Width != result.Crop.ImageWidth || photo.Height != result.Crop.ImageHeight)
        {
            throw new ArgumentException($"the result is for a {result.Crop.ImageWidth}×{result.Crop.ImageHeight} image, the photo is {photo.Width}×{photo.Height}", nameof(photo));
        }

        var canvas = RgbImage.From(photo);
        canvas = ReferenceEquals(canvas, photo) ? photo.Clone() : canvas;
        if (options.MeshOpacity > 0)
        {
            DrawMesh(canvas, result, Math.Clamp(options.MeshOpacity, 0f, 1f), Math.Max(16, options.MaxRenderSize));
        }

        float scale = Math.Min(photo.Width, photo.Height);
        if (options.Box)
        {
            var b = result.Crop.Box;
            Vector2 p0 = new(b.X, b.Y), p1 = new(b.X + b.Width, b.Y), p2 = new(b.X + b.Width, b.Y + b.Height), p3 = new(b.X, b.Y + b.Height);
            float thickness = MathF.Max(1f, scale / 300f);
            Canvas.DrawLine(canvas, p0, p1, thickness, BoxColour);
            Canvas.DrawLine(canvas, p1, p2, thickness, BoxColour);
            Canvas.DrawLine(canvas, p2, p3, thickness, BoxColour);
            Canvas.DrawLine(canvas, p3, p0, thickness, BoxColour);
        }

        if (options.Skeleton)
        {
            // Sized by the hand's crop, so a small hand in a large photo keeps a readable skeleton.
            float hand = MathF.Min(result.Crop.Square.SizePx, scale);
            Canvas.DrawSkeleton(canvas, result.Keypoints2DPx, HandJoints.KeypointParents, SkeletonPalette.PerPoint(HandJoints.KeypointFinger, SkeletonPalette.Hand),
                boneThickness: MathF.Max(1f, hand / 110f), jointRadius: MathF.Max(1.5f, hand / 70f));
        }

        return canvas;
    }

    private static void DrawMesh(Image canvas, HamrResult result, float opacity, int maxRenderSize)
    {
        // 1. The mesh's pixel rectangle (through the pixel camera), clipped to the photo.
        var camera = result.CameraPx;
        var v = result.Vertices;
        float minU = float.MaxValue, minV = float.MaxValue, maxU = float.MinValue, maxV = float.MinValue;
        for (int i = 0; i < v.Length; i += 3)
        {
            float pu = camera.Scale * (v[i] + camera.Tx), pv = camera.Scale * (v[i + 1] + camera.Ty);
            minU = MathF.Min(minU, pu);
            maxU = MathF.Max(maxU, pu);
            minV = MathF.Min(minV, pv);
            maxV = MathF.Max(maxV, pv);
        }

        if (!(float.IsFinite(minU) && float.IsFinite(maxU) && float.IsFinite(minV) && float.IsFinite(maxV)) || !(camera.Scale > 0))
        {
            return;
        }

        int x0 = (int)Math.Clamp(MathF.Floor(minU) - 1, 0, canvas.Width), x1 = (int)Math.Clamp(MathF.Ceiling(maxU) + 1, 0, canvas.Width);
        int y0 = (int)Math.Clamp(MathF.Floor(minV) - 1, 0, canvas.Height), y1 = (int)Math.Clamp(MathF.Ceiling(maxV) + 1, 0, canvas.Height);
        int w = x1 - x0, h = y1 - y0;
        if (w <= 0 || h <= 0)
        {
            return;
        }

        // 2. Render the rectangle (at most maxRenderSize a side) as RGBA: u_render = r·(u − x0).
        float r = MathF.Min(1f, maxRenderSize / (float)Math.Max(w, h));
        int rw = Math.Max(1, (int)MathF.Ceiling(w * r)), rh = Math.Max(1, (int)MathF.Ceiling(h * r));
        var mesh = new RenderMesh((float[])v.Clone(), result.Model.Faces);
        mesh.ComputeVertexNormals();
        var target = new RenderTarget(rw, rh, supersample: 2, channels: 4);
        var view = Rendering.Camera.WeakPerspective(r * camera.Scale, camera.Tx, camera.Ty, -r * x0, -r * y0);
        Rasterizer.Render(target, mesh, view, new RenderOptions { Material = MeshMaterial, Lights = Lights, TwoSidedLighting = true });

        // 3. Premultiplied, scaled to the rectangle when rendered smaller, then "over" the photo with the opacity.
        var layer = target.Color;
        var p = layer.Pixels;
        for (int i = 0; i < p.Length; i += 4)
        {
            int a = p[i + 3];
            p[i] = (byte)((p[i] * a + 127) / 255);
            p[i + 1] = (byte)((p[i + 1] * a + 127) / 255);
            p[i + 2] = (byte)((p[i + 2] * a + 127) / 255);
        }

        if (rw != w || rh != h)
        {
            layer = ImageTransforms.Resize(layer, w, h);
        }

        for (int y = 0; y < h; y++)
        {
            var src = layer.Row(y);
            var dst = canvas.Row(y0 + y).Slice(x0 * 3, w * 3);
            for (int x = 0; x < w; x++)
            {
                float a = src[4 * x + 3] * (opacity / 255f);
                if (a <= 0)
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    dst[3 * x + c] = (byte)Math.Clamp((dst[3 * x + c] * (1 - a)) + (src[4 * x + c] * opacity) + 0.5f, 0f, 255f);
                }
            }
        }
    }
}
