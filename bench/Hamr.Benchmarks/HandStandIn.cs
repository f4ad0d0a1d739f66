using System.Numerics;
using Hamr.Rendering;

namespace Hamr.Benchmarks;

/// <summary>
/// The one place the render benchmark gets its hand-sized mesh: until the open hand model's asset lands, a stand-in of
/// 15 phalanx capsules, a squashed-sphere palm and a wrist capsule (~1200 vertices, ~2300 triangles, like the hand),
/// posed palm-to-camera ~0.5 m away with fingers up. Swap the body of <see cref="Create"/> for the hand model's
/// template mesh (same camera-space placement) when it is available.
/// </summary>
internal static class HandStandIn
{
    public static RenderMesh Create()
    {
        var parts = new List<RenderMesh>();
        var palm = Primitives.Icosphere(1, 1);
        palm.Transform(Matrix4x4.CreateScale(0.05f, 0.055f, 0.018f) * Matrix4x4.CreateTranslation(0, 0.005f, 0));
        parts.Add(palm);
        var wrist = Primitives.Capsule(0.025f, 0.04f, 10, 3, 1);
        wrist.Transform(Matrix4x4.CreateScale(1, 1, 0.6f) * Matrix4x4.CreateTranslation(0, 0.08f, 0.005f));
        parts.Add(wrist);
        // Fingers: base x, base y, splay angle, phalanx lengths (metres), radius.
        (float X, float Y, float Angle, float[] Lengths, float Radius)[] fingers =
        [
            (-0.05f, 0.02f, -0.9f, [0.035f, 0.03f, 0.025f], 0.010f),
            (-0.03f, -0.045f, -0.12f, [0.04f, 0.025f, 0.02f], 0.009f),
            (-0.008f, -0.05f, 0f, [0.045f, 0.028f, 0.022f], 0.009f),
            (0.014f, -0.047f, 0.1f, [0.042f, 0.026f, 0.021f], 0.0085f),
            (0.034f, -0.04f, 0.22f, [0.033f, 0.021f, 0.018f], 0.008f),
        ];
        foreach (var (x, y, angle, lengths, radius) in fingers)
        {
            var joint = new Vector3(x, y, 0);
            float a = angle;
            foreach (float length in lengths)
            {
                // Each phalanx bends a little towards the camera and keeps the finger's splay.
                var direction = new Vector3(MathF.Sin(a), -MathF.Cos(a), -0.15f);
                direction = Vector3.Normalize(direction);
                var capsule = Primitives.Capsule(radius, length, 10, 3, 1);
                var align = RotationFromYTo(-direction);
                capsule.Transform(align * Matrix4x4.CreateTranslation(joint + direction * (length / 2)));
                parts.Add(capsule);
                joint += direction * length;
                a *= 1.1f;
            }
        }
        var mesh = RenderMesh.Merge(parts.ToArray());
        mesh.Transform(Matrix4x4.CreateRotationZ(0.2f) * Matrix4x4.CreateRotationX(0.25f) * Matrix4x4.CreateTranslation(0, 0, 0.5f));
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

    /// <summary>A pinhole camera for a size×size crop in which the stand-in fills most of the crop.</summary>
    public static Camera CropCamera(int size) => Camera.Pinhole(size * 1.9f, size * 1.9f, size * 0.52f, size * 0.55f);

    private static Matrix4x4 RotationFromYTo(Vector3 target)
    {
        var axis = Vector3.Cross(Vector3.UnitY, target);
        float s = axis.Length(), c = Vector3.Dot(Vector3.UnitY, target);
        return s < 1e-6f ? (c > 0 ? Matrix4x4.Identity : Matrix4x4.CreateRotationX(MathF.PI)) : Matrix4x4.CreateFromAxisAngle(axis / s, MathF.Atan2(s, c));
    }
}
