using Hamr.Rendering.Soft;
using Hamr.Tensors;

namespace Hamr.Rendering;

/// <summary>
/// A differentiable soft silhouette (SoftRas, Liu et al., ICCV 2019): for pixel centre q and projected triangle f,
/// p_f = sigmoid(δ·d²/σ) with d the distance from q to the triangle's boundary (pixels) and δ = +1 inside, −1
/// outside; silhouette(q) = 1 − Π_f (1 − p_f). Gradients flow to the vertex positions. Pairs outside a triangle
/// with p below 1e-4 are skipped (each triangle only visits its bounding box grown by √(σ·ln 9999)), and the
/// product is summed as logs. Intended for low resolutions (32–64 px); σ is in px² (SoftRas's 1e-4 in NDC at 64 px
/// is about 0.1 px²).
/// </summary>
public static class SoftSilhouette
{
    /// <summary>Largest width or height accepted.</summary>
    public const int MaxSize = 4096;

    /// <summary>Silhouettes [B, size, size] of meshes with vertices [B, V, 2] in pixel coordinates (centres at +0.5).</summary>
    public static Tensor Render(Tensor verticesPx, int[] faces, int size, float sigma) =>
        Render(verticesPx, faces, size, size, sigma);

    /// <summary>Silhouettes [B, height, width] of meshes with vertices [B, V, 2] in pixel coordinates (centres at +0.5).</summary>
    public static Tensor Render(Tensor verticesPx, int[] faces, int width, int height, float sigma)
    {
        ArgumentNullException.ThrowIfNull(verticesPx);
        ArgumentNullException.ThrowIfNull(faces);
        if (verticesPx.Rank != 3 || verticesPx.Dim(2) != 2)
        {
            throw new ArgumentException($"soft silhouette needs vertices [B, V, 2] in pixels, got [{string.Join(", ", verticesPx.GetShape())}]", nameof(verticesPx));
        }
        if (width is < 1 or > MaxSize || height is < 1 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"soft silhouette size {width}×{height} outside 1..{MaxSize}");
        }
        if (!(sigma > 0 && float.IsFinite(sigma)))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive and finite");
        }
        int batch = verticesPx.Dim(0), vertexCount = verticesPx.Dim(1);
        ValidateFaces(faces, vertexCount);
        var ws = SoftSilhouetteKernel.Workspace;
        ws.Prepare(batch, vertexCount, faces, width, height, sigma);
        var input = verticesPx.Contiguous().AsSpan();
        foreach (float v in input)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException("soft silhouette vertices contain a non-finite coordinate", nameof(verticesPx));
            }
        }
        input.CopyTo(ws.Vertices);
        ws.Forward();

        // The transmittance Π(1 − p) is kept for backward: 1 − silhouette loses precision where the mask is ~1.
        var transmittance = Tensor.Zeros(batch, height, width);
        ws.Transmittance.CopyTo(transmittance.AsSpan());
        var result = Tensor.Zeros(batch, height, width);
        var output = result.AsSpan();
        var t = ws.Transmittance;
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = 1 - t[i];
        }
        return Tensor.CustomOp(result, "SoftSilhouette", [verticesPx], g =>
        {
            var back = SoftSilhouetteKernel.Workspace;
            back.Prepare(batch, vertexCount, faces, width, height, sigma);
            verticesPx.Contiguous().AsSpan().CopyTo(back.Vertices);
            transmittance.AsSpan().CopyTo(back.Transmittance);
            g.Contiguous().AsSpan().CopyTo(back.GradOutput);
            back.Backward();
            var grad = Tensor.Zeros(batch, vertexCount, 2);
            back.GradVertices.CopyTo(grad.AsSpan());
            return [grad];
        });
    }

    /// <summary>Silhouettes of camera-space vertices [B, V, 3] (metres) projected by <paramref name="camera"/>.</summary>
    public static Tensor Render(Tensor verticesCamera, Camera camera, int[] faces, int size, float sigma) =>
        Render(Project(verticesCamera, camera), faces, size, size, sigma);

    /// <summary>Silhouettes of camera-space vertices [B, V, 3] (metres) projected by <paramref name="camera"/>.</summary>
    public static Tensor Render(Tensor verticesCamera, Camera camera, int[] faces, int width, int height, float sigma) =>
        Render(Project(verticesCamera, camera), faces, width, height, sigma);

    /// <summary>Differentiable projection of [B, V, 3] camera-space points to [B, V, 2] pixel coordinates.</summary>
    public static Tensor Project(Tensor verticesCamera, Camera camera)
    {
        ArgumentNullException.ThrowIfNull(verticesCamera);
        if (verticesCamera.Rank != 3 || verticesCamera.Dim(2) != 3)
        {
            throw new ArgumentException($"projection needs vertices [B, V, 3], got [{string.Join(", ", verticesCamera.GetShape())}]", nameof(verticesCamera));
        }
        var x = verticesCamera.Select(2, 0);
        var y = verticesCamera.Select(2, 1);
        if (camera.Kind == CameraKind.Pinhole)
        {
            var z = verticesCamera.Select(2, 2);
            x /= z;
            y /= z;
        }
        return Tensor.Stack([x * camera.Fx + camera.Cx, y * camera.Fy + camera.Cy], 2);
    }

    private static void ValidateFaces(int[] faces, int vertexCount)
    {
        if (faces.Length % 3 != 0)
        {
            throw new ArgumentException($"faces hold {faces.Length} indices, not a multiple of 3", nameof(faces));
        }
        for (int i = 0; i < faces.Length; i++)
        {
            if ((uint)faces[i] >= (uint)vertexCount)
            {
                throw new ArgumentException($"face {i / 3} refers to vertex {faces[i]}, outside 0..{vertexCount - 1}", nameof(faces));
            }
        }
    }
}
