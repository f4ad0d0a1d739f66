using System.Numerics;

namespace Hamr.Rendering.Tests;

public sealed class PrimitivesTests
{
    public static TheoryData<string> Closed => ["cube", "icosphere", "capsule"];

    [Theory]
    [MemberData(nameof(Closed))]
    public void ClosedPrimitivesWindOutwardsAndAgreeWithTheirNormals(string name)
    {
        var mesh = name switch
        {
            "cube" => Primitives.Cube(2),
            "icosphere" => Primitives.Icosphere(1, 2),
            _ => Primitives.Capsule(0.5f, 1.5f, 12, 3, 2),
        };
        mesh.Validate();
        double volume = 0;
        for (int f = 0; f < mesh.TriangleCount; f++)
        {
            int a = mesh.Triangles[3 * f], b = mesh.Triangles[3 * f + 1], c = mesh.Triangles[3 * f + 2];
            var pa = mesh.Position(a);
            var pb = mesh.Position(b);
            var pc = mesh.Position(c);
            var n = Vector3.Cross(pb - pa, pc - pa);
            Assert.True(n.Length() > 0, $"{name} face {f} is degenerate");
            var vertexNormal = new Vector3(mesh.Normals![3 * a], mesh.Normals[3 * a + 1], mesh.Normals[3 * a + 2]);
            Assert.True(Vector3.Dot(n, vertexNormal) > 0, $"{name} face {f} winds against its normals");
            volume += Vector3.Dot(pa, Vector3.Cross(pb, pc)) / 6;
        }
        double expected = name switch
        {
            "cube" => 8,
            "icosphere" => 4 / 3.0 * Math.PI,
            _ => Math.PI * 0.25 * 1.5 + 4 / 3.0 * Math.PI * 0.125,
        };
        // Positive signed volume close to the solid's: closed and outward; polyhedra are a little smaller.
        Assert.InRange(volume, expected * 0.85, expected * 1.0001);
    }

    [Fact]
    public void CountsFollowTheDocumentedFormulas()
    {
        Assert.Equal((24, 12), (Primitives.Cube().VertexCount, Primitives.Cube().TriangleCount));
        var ico = Primitives.Icosphere(1, 3);
        Assert.Equal((10 * 64 + 2, 20 * 64), (ico.VertexCount, ico.TriangleCount));
        var capsule = Primitives.Capsule(1, 2, 10, 3, 1);
        Assert.Equal((2 + 7 * 10, 2 * 10 * 7), (capsule.VertexCount, capsule.TriangleCount));
        var plane = Primitives.Plane(1, 1, 4);
        Assert.Equal((25, 32), (plane.VertexCount, plane.TriangleCount));
    }

    [Fact]
    public void ComputedVertexNormalsOfASphereMatchItsRadii()
    {
        var sphere = Primitives.Icosphere(2, 3);
        sphere.Normals = null;
        sphere.ComputeVertexNormals();
        for (int i = 0; i < sphere.VertexCount; i++)
        {
            var n = new Vector3(sphere.Normals![3 * i], sphere.Normals[3 * i + 1], sphere.Normals[3 * i + 2]);
            Assert.True(Vector3.Dot(n, Vector3.Normalize(sphere.Position(i))) > 0.995f);
        }
    }
}
