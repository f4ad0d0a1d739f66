using Hamr.HandModel.Export;
using Hamr.HandModel.Priors;

namespace Hamr.HandModel.Tests.Export;

public sealed class MeshNormalsTests
{
    [Fact]
    public void A_single_triangle_gets_its_face_normal_by_the_right_hand_rule()
    {
        var normals = MeshNormals.Compute([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2]);
        Assert.Equal([0f, 0f, 1f, 0f, 0f, 1f, 0f, 0f, 1f], normals);
    }

    [Fact]
    public void Normals_are_area_weighted_means_of_the_adjacent_faces()
    {
        // Vertex 0 is shared by a big triangle in the z = 0 plane (area 2) and a small one in the x = 0 plane (area 0.5):
        // its normal leans 4:1 toward +z.
        float[] positions = [0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, -1, 0];
        var normals = MeshNormals.Compute(positions, [0, 1, 2, 0, 3, 4]);
        float expectedX = 1f / MathF.Sqrt(17f), expectedZ = 4f / MathF.Sqrt(17f);
        Assert.Equal(expectedX, normals[0], 1e-6f);
        Assert.Equal(0f, normals[1], 1e-6f);
        Assert.Equal(expectedZ, normals[2], 1e-6f);
    }

    [Fact]
    public void Isolated_and_degenerate_vertices_get_a_unit_fallback()
    {
        var normals = MeshNormals.Compute([0, 0, 0, 1, 1, 1, 2, 2, 2, 5, 5, 5], [0, 1, 2]);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal([0f, 0f, 1f], normals[(3 * i)..((3 * i) + 3)]);
        }
    }

    [Fact]
    public void Bad_faces_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MeshNormals.Compute([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 3]));
        Assert.Throws<ArgumentException>(() => MeshNormals.Compute([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1]));
    }

    [Theory]
    [InlineData(Handedness.Right, NamedPose.Open)]
    [InlineData(Handedness.Right, NamedPose.Fist)]
    [InlineData(Handedness.Left, NamedPose.Point)]
    public void Hand_normals_point_outward(Handedness side, NamedPose pose)
    {
        var model = ExportHands.Model(side);
        var mesh = ExportMesh.FromHand(model, ExportHands.Vertices(model, [], ExportHands.Pose(side, pose)));
        AssertOutward(mesh.Positions, mesh.Faces, mesh.Normals);
    }

    /// <summary>
    /// Outward on a closed surface: the enclosed volume is positive (faces counter-clockwise seen from outside), and at
    /// the vertex farthest along any direction d the normal has a positive component along d.
    /// </summary>
    internal static void AssertOutward(float[] positions, int[] faces, float[] normals)
    {
        double volume = 0;
        for (int f = 0; f < faces.Length; f += 3)
        {
            var (a, b, c) = (faces[f], faces[f + 1], faces[f + 2]);
            double ax = positions[3 * a], ay = positions[(3 * a) + 1], az = positions[(3 * a) + 2];
            double bx = positions[3 * b], by = positions[(3 * b) + 1], bz = positions[(3 * b) + 2];
            double cx = positions[3 * c], cy = positions[(3 * c) + 1], cz = positions[(3 * c) + 2];
            volume += ((ax * ((by * cz) - (bz * cy))) - (ay * ((bx * cz) - (bz * cx))) + (az * ((bx * cy) - (by * cx)))) / 6;
        }

        Assert.True(volume > 50e-6, $"enclosed volume {volume * 1e6:0.0} cm³ should be a hand's (positive)");
        var random = new Hamr.Tensors.TensorRandom(5);
        for (int k = 0; k < 40; k++)
        {
            double dx = random.NextGaussian(), dy = random.NextGaussian(), dz = random.NextGaussian();
            int best = 0;
            double bestDot = double.NegativeInfinity;
            for (int i = 0; i < positions.Length / 3; i++)
            {
                double dot = (positions[3 * i] * dx) + (positions[(3 * i) + 1] * dy) + (positions[(3 * i) + 2] * dz);
                if (dot > bestDot)
                {
                    (best, bestDot) = (i, dot);
                }
            }

            double along = (normals[3 * best] * dx) + (normals[(3 * best) + 1] * dy) + (normals[(3 * best) + 2] * dz);
            Assert.True(along > 0, $"normal of extreme vertex {best} points inward along direction {k}");
        }
    }
}
