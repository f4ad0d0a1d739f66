using System.Buffers.Binary;
using Hamr.HandModel.Export;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.Priors;

namespace Hamr.HandModel.Tests.Export;

public sealed class StaticGlbTests
{
    private static ExportMesh Posed(Handedness side, NamedPose pose = NamedPose.Pinch)
    {
        var model = ExportHands.Model(side);
        return ExportMesh.FromHand(model, ExportHands.Vertices(model, ExportHands.RandomBeta(7), ExportHands.Pose(side, pose), [0.01f, -0.02f, 0.4f]));
    }

    [Theory]
    [InlineData(Handedness.Right)]
    [InlineData(Handedness.Left)]
    public void A_static_glb_reads_back_with_our_reader_as_the_mesh_split_along_uv_seams(Handedness side)
    {
        var mesh = Posed(side);
        var uv = mesh.Uv!;
        var file = GlbReader.Read(HandGlb.Static(mesh), "static.glb");
        var d = file.Document;
        var primitive = d.Meshes.Single().Primitives.Single();
        Assert.Equal(4, primitive.Mode);
        var positions = file.ReadFloats(primitive.Attributes["POSITION"], "POSITION", "VEC3");
        var normals = file.ReadFloats(primitive.Attributes["NORMAL"], "NORMAL", "VEC3");
        var uvs = file.ReadFloats(primitive.Attributes["TEXCOORD_0"], "TEXCOORD_0", "VEC2");
        var indices = file.ReadUnsigned(primitive.Indices!.Value, "indices", true, "SCALAR");
        Assert.Equal(uv.UvVertexCount * 3, positions.Length);
        Assert.Equal(uv.UvFaces, indices);
        Assert.Equal(uv.Uvs, uvs);
        for (int u = 0; u < uv.UvVertexCount; u++)
        {
            int v = uv.UvToVertex[u];
            Assert.Equal(mesh.Positions.AsSpan(3 * v, 3).ToArray(), positions.AsSpan(3 * u, 3).ToArray());
            Assert.Equal(mesh.Normals.AsSpan(3 * v, 3).ToArray(), normals.AsSpan(3 * u, 3).ToArray());
        }

        Assert.Equal(GltfComponent.UnsignedShort, d.Accessors[primitive.Indices!.Value].ComponentType);
        Assert.Equal([0], d.Scenes[d.Scene!.Value].Nodes);
    }

    [Fact]
    public void Chunks_are_padded_and_every_accessor_is_aligned()
    {
        var glb = HandGlb.Static(Posed(Handedness.Right));
        var (json, jsonChunk, bin) = GlbInspector.Chunks(glb);
        Assert.Equal(0, jsonChunk.Length % 4);
        Assert.Equal(0, bin.Length % 4);
        int end = Array.LastIndexOf(jsonChunk, (byte)'}') + 1;
        Assert.InRange(jsonChunk.Length - end, 0, 3);
        Assert.All(jsonChunk[end..], b => Assert.Equal((byte)' ', b)); // JSON padded with spaces
        Assert.Equal(bin.Length, (long)json["buffers"]![0]!["byteLength"]!);
        foreach (var view in json["bufferViews"]!.AsArray())
        {
            Assert.Equal(0, (long)view!["byteOffset"]! % 4);
            Assert.Null(view["byteStride"]); // tightly packed, one accessor a view
        }

        foreach (var accessor in json["accessors"]!.AsArray())
        {
            Assert.Null(accessor!["byteOffset"]); // each accessor starts its own, aligned view
        }
    }

    [Fact]
    public void Position_bounds_are_the_exact_float_extremes_and_the_material_is_skin_pbr()
    {
        var mesh = Posed(Handedness.Right);
        var (json, _, bin) = GlbInspector.Chunks(HandGlb.Static(mesh));
        int position = (int)json["meshes"]![0]!["primitives"]![0]!["attributes"]!["POSITION"]!;
        var accessor = json["accessors"]![position]!;
        for (int c = 0; c < 3; c++)
        {
            float min = float.MaxValue, max = float.MinValue;
            for (int i = c; i < mesh.Positions.Length; i += 3)
            {
                (min, max) = (Math.Min(min, mesh.Positions[i]), Math.Max(max, mesh.Positions[i]));
            }

            Assert.Equal((double)min, (double)accessor["min"]![c]!);
            Assert.Equal((double)max, (double)accessor["max"]![c]!);
        }

        var pbr = json["materials"]![0]!["pbrMetallicRoughness"]!;
        Assert.Equal(GlbMaterial.Skin.BaseColor, pbr["baseColorFactor"]!.AsArray().Select(x => (float)x!));
        Assert.Equal(0f, (float)pbr["metallicFactor"]!);
        Assert.Equal(0, json["meshes"]![0]!["primitives"]![0]!["material"]!.GetValue<int>());
        Assert.True(bin.Length > 0);
    }

    [Fact]
    public void A_mesh_without_uvs_is_written_with_its_own_vertices_and_32_bit_indices_when_large()
    {
        // A strip of 70 000 vertices: more than UNSIGNED_SHORT can index.
        const int N = 70_000;
        var positions = new float[N * 3];
        for (int i = 0; i < N; i++)
        {
            (positions[3 * i], positions[(3 * i) + 1]) = (i * 1e-4f, i % 2);
        }

        var faces = new int[(N - 2) * 3];
        for (int t = 0; t < N - 2; t++)
        {
            (faces[3 * t], faces[(3 * t) + 1], faces[(3 * t) + 2]) = t % 2 == 0 ? (t, t + 1, t + 2) : (t + 1, t, t + 2);
        }

        var file = GlbReader.Read(HandGlb.Static(new ExportMesh("strip", positions, faces)), "strip.glb");
        var primitive = file.Document.Meshes[0].Primitives[0];
        Assert.False(primitive.Attributes.ContainsKey("TEXCOORD_0"));
        Assert.Equal(GltfComponent.UnsignedInt, file.Document.Accessors[primitive.Indices!.Value].ComponentType);
        Assert.Equal(faces, file.ReadUnsigned(primitive.Indices!.Value, "indices", true, "SCALAR"));
        Assert.Equal(positions, file.ReadFloats(primitive.Attributes["POSITION"], "POSITION", "VEC3"));
    }

    [Fact]
    public void Writing_to_a_path_and_to_a_stream_give_the_same_bytes()
    {
        var mesh = Posed(Handedness.Left);
        var folder = Directory.CreateTempSubdirectory("hamr-glb-").FullName;
        try
        {
            var path = Path.Combine(folder, "hand.glb");
            HandGlb.WriteStatic(path, mesh);
            using var stream = new MemoryStream();
            HandGlb.WriteStatic(stream, mesh);
            Assert.Equal(stream.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(path).AsSpan(8)), (uint)new FileInfo(path).Length);
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Bad_materials_are_refused()
    {
        var mesh = Posed(Handedness.Right);
        Assert.Throws<ArgumentException>(() => HandGlb.Static(mesh, new GlbMaterial("x", [1, 1, 1], 0, 0.5f)));
        Assert.Throws<ArgumentException>(() => HandGlb.Static(mesh, new GlbMaterial("x", [1, 1, 1, 1], 0, float.NaN)));
    }
}
