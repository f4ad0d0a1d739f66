using System.Numerics;
using Hamr.HandModel.OpenHand;
using Hamr.Rendering;

namespace Hamr.Benchmarks;

/// <summary>
/// The one place the render benchmark gets its hand mesh: the open hand model's rest mesh (1159 vertices, 2314
/// triangles), palm to the camera with the fingers up, tilted a little and ~0.5 m away, with a skin colour per vertex.
/// </summary>
internal static class HandStandIn
{
    public static RenderMesh Create()
    {
        var model = OpenHandModel.LoadRight();
        var mesh = new RenderMesh((float[])model.TemplateVertices.Clone(), model.Faces);
        // Model axes (fingers −y, palm −x, thumb −z) to camera axes (x right, y down, z forward) looking onto the palm:
        // camera x = −z, y = y, z = x (rows of the rotation; System.Numerics takes its transpose).
        var palmView = new Matrix4x4(
            0, 0, 1, 0,
            0, 1, 0, 0,
            -1, 0, 0, 0,
            0, 0, 0, 1);
        // The wrist is the model's origin and the hand ~18 cm long: centre it on the optical axis.
        mesh.Transform(palmView * Matrix4x4.CreateTranslation(0, 0.08f, 0) * Matrix4x4.CreateRotationZ(0.2f)
            * Matrix4x4.CreateRotationX(0.25f) * Matrix4x4.CreateTranslation(0, 0, 0.5f));
        var colors = new float[mesh.VertexCount * 3];
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            colors[3 * i] = 0.85f;
            colors[3 * i + 1] = 0.62f + 0.05f * MathF.Sin(i);
            colors[3 * i + 2] = 0.5f;
        }
        mesh.Colors = colors;
        return mesh;
    }

    /// <summary>A pinhole camera for a size×size crop in which the hand fills most of the crop.</summary>
    public static Camera CropCamera(int size) => Camera.Pinhole(size * 1.9f, size * 1.9f, size * 0.52f, size * 0.55f);
}
