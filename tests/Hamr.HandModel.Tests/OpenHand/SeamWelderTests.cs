using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Tests.Support;

namespace Hamr.HandModel.Tests.OpenHand;

public sealed class SeamWelderTests
{
    [Theory]
    [InlineData("right")]
    [InlineData("left")]
    public void Welding_the_webxr_hand_gives_one_closed_genus_zero_surface(string side)
    {
        var glb = GltfSkinnedMesh.Read(side == "right" ? SharedAssets.RightGlb : SharedAssets.LeftGlb);
        var welded = SeamWelder.Weld(glb.Positions, glb.Indices, glb.Uvs, 1e-6f);
        var topology = MeshTopology.Analyse(welded.Faces, welded.VertexCount);

        Assert.Equal(1159, welded.VertexCount);
        Assert.Equal(SharedAssets.Reference(side).GetProperty("distinct_positions").GetInt32(), welded.VertexCount);
        Assert.Equal(2314, topology.Faces);
        Assert.Equal(3471, topology.Edges);
        Assert.True(topology.IsClosedOrientedManifold, topology.ToString());
        Assert.Equal(2, topology.EulerCharacteristic);
        Assert.Equal(1, topology.Components);
        Assert.Equal(0, topology.UnusedVertices);
        Assert.Equal(0f, welded.MaxMergeDistance); // seam copies are bit-identical in these files
    }

    [Fact]
    public void Welding_is_insensitive_to_the_tolerance_between_a_micrometre_and_half_a_millimetre()
    {
        // The nearest distinct vertices of the hand are ~1.08 mm apart, so any tolerance well below that gives the same mesh.
        var glb = GltfSkinnedMesh.Read(SharedAssets.RightGlb);
        var fine = SeamWelder.Weld(glb.Positions, glb.Indices, glb.Uvs, 1e-6f);
        var coarse = SeamWelder.Weld(glb.Positions, glb.Indices, glb.Uvs, 5e-4f);
        Assert.Equal(fine.Faces, coarse.Faces);
        Assert.Throws<InvalidOperationException>(() => SeamWelder.Weld(glb.Positions, glb.Indices, glb.Uvs, 2e-3f));
    }

    [Fact]
    public void Every_welded_triangle_maps_to_a_uv_triangle_with_the_source_uvs()
    {
        var glb = GltfSkinnedMesh.Read(SharedAssets.RightGlb);
        var welded = SeamWelder.Weld(glb.Positions, glb.Indices, glb.Uvs, 1e-6f);
        var uv = welded.Uv;
        Assert.Equal(welded.Faces.Length, uv.UvFaces.Length);
        for (int k = 0; k < welded.Faces.Length; k++)
        {
            int u = uv.UvFaces[k];
            Assert.Equal(welded.Faces[k], uv.UvToVertex[u]);
            int source = glb.Indices[k];
            Assert.Equal(glb.Uvs[2 * source], uv.Uvs[2 * u]);
            Assert.Equal(glb.Uvs[(2 * source) + 1], uv.Uvs[(2 * u) + 1]);
        }

        // Seams: some geometry vertices carry several UVs; every welded vertex has at least one.
        var perVertex = uv.UvToVertex.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(welded.VertexCount, perVertex.Count);
        Assert.Contains(perVertex.Values, c => c > 1);
    }

    [Fact]
    public void Split_vertices_of_two_quads_weld_into_a_shared_edge()
    {
        // Two unit quads side by side, each with its own four vertices (a UV seam along x = 1).
        float[] positions = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0, 2, 1, 0, 1, 1, 0];
        float[] uvs = [0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1];
        int[] indices = [0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7];
        var welded = SeamWelder.Weld(positions, indices, uvs, 1e-6f);

        Assert.Equal(6, welded.VertexCount);
        Assert.Equal(new[] { 0, 1, 2, 0, 2, 3, 1, 4, 5, 1, 5, 2 }, welded.Faces);
        Assert.Equal(8, welded.Uv.UvVertexCount); // the seam keeps both UVs of the shared edge
        var topology = MeshTopology.Analyse(welded.Faces, welded.VertexCount);
        Assert.Equal(6, topology.BoundaryEdges);
        Assert.Equal(0, topology.NonManifoldEdges);
        Assert.False(topology.IsClosedOrientedManifold);
    }

    [Fact]
    public void Topology_counts_a_flipped_triangle_and_a_non_manifold_edge()
    {
        // A tetrahedron with one face flipped, then with an extra fin on one edge.
        int[] tetra = [0, 2, 1, 0, 1, 3, 1, 2, 3, 0, 3, 2];
        Assert.True(MeshTopology.Analyse(tetra, 4).IsClosedOrientedManifold);
        int[] flipped = [0, 1, 2, 0, 1, 3, 1, 2, 3, 0, 3, 2];
        Assert.True(MeshTopology.Analyse(flipped, 4).MisorientedEdges > 0);
        int[] fin = [.. tetra, 0, 1, 4];
        var t = MeshTopology.Analyse(fin, 5);
        Assert.Equal(1, t.NonManifoldEdges);
        Assert.Equal(2, t.BoundaryEdges);
    }
}
