using System.Numerics;

namespace Hamr.Rendering.Tests.Support;

/// <summary>Composite meshes for the tests.</summary>
internal static class TestMeshes
{
    /// <summary>A few capsules and a sphere, posed in front of a pinhole camera at ~0.5 m, with colours and UVs.</summary>
    public static RenderMesh Cluster()
    {
        var parts = new List<RenderMesh>();
        for (int i = 0; i < 5; i++)
        {
            var capsule = Primitives.Capsule(0.012f, 0.05f, 10, 3, 1);
            capsule.Transform(Matrix4x4.CreateRotationZ(0.3f * (i - 2)) * Matrix4x4.CreateTranslation(0.025f * (i - 2), -0.03f, 0.5f + 0.01f * i));
            parts.Add(capsule);
        }
        var palm = Primitives.Icosphere(0.05f, 2);
        palm.Transform(Matrix4x4.CreateScale(1, 0.8f, 0.4f) * Matrix4x4.CreateTranslation(0, 0.04f, 0.52f));
        parts.Add(palm);
        var mesh = RenderMesh.Merge(parts.ToArray());
        int v = mesh.VertexCount;
        var colors = new float[3 * v];
        var uvs = new float[2 * v];
        for (int i = 0; i < v; i++)
        {
            colors[3 * i] = 0.5f + 0.5f * MathF.Sin(i * 0.37f);
            colors[3 * i + 1] = 0.5f + 0.5f * MathF.Sin(i * 0.11f);
            colors[3 * i + 2] = 0.6f;
            uvs[2 * i] = (i % 17) / 16f;
            uvs[2 * i + 1] = (i % 13) / 12f;
        }
        mesh.Colors = colors;
        mesh.Uvs = uvs;
        mesh.Texture = Scenes.Checker(4, 4);
        return mesh;
    }

    public static Camera ClusterCamera(int size) => Camera.Pinhole(size * 2.2f, size * 2.2f, size / 2f, size / 2f);

    public static RenderOptions LitOptions(bool parallel) => new()
    {
        Material = new Material { Specular = 0.3f, Shininess = 16 },
        Lights = [Light.Ambient(0.2f), Light.Directional(new Vector3(0.3f, 0.5f, 1), 0.7f), Light.Point(new Vector3(0.1f, -0.1f, 0.3f), 0.5f, new Vector3(1, 0.8f, 0.6f), 2f)],
        Background = new Vector3(0.1f, 0.2f, 0.3f),
        Parallel = parallel,
    };
}
