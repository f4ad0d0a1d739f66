using System.Text.Json.Nodes;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Tests.Support;

namespace Hamr.HandModel.Tests.Gltf;

public sealed class GlbReaderTests
{
    [Theory]
    [InlineData("right")]
    [InlineData("left")]
    public void Reads_the_webxr_hand_with_its_counts_names_and_sample_vertices(string side)
    {
        var mesh = GltfSkinnedMesh.Read(side == "right" ? SharedAssets.RightGlb : SharedAssets.LeftGlb);
        var reference = SharedAssets.Reference(side);

        Assert.Equal(1360, mesh.VertexCount);
        Assert.Equal(2314, mesh.TriangleCount);
        Assert.Equal(reference.GetProperty("vertices").GetInt32(), mesh.VertexCount);
        Assert.Equal(reference.GetProperty("joint_names").EnumerateArray().Select(e => e.GetString()), mesh.JointNames);
        Assert.Equal(25, mesh.JointNames.Length);
        Assert.Equal(WebXrJoints.Names.Order(), mesh.JointNames.Order());
        Assert.Equal(1360 * 3, mesh.Normals.Length);
        Assert.Equal(1360 * 2, mesh.Uvs.Length);

        foreach (var sample in reference.GetProperty("sample_vertices").EnumerateArray())
        {
            int i = sample.GetProperty("index").GetInt32();
            AssertClose(sample.GetProperty("position"), mesh.Positions.AsSpan(i * 3, 3), 0);
            AssertClose(sample.GetProperty("uv"), mesh.Uvs.AsSpan(i * 2, 2), 0);
            AssertClose(sample.GetProperty("weights"), mesh.Weights.AsSpan(i * 4, 4), 0);
            Assert.Equal(sample.GetProperty("joints").EnumerateArray().Select(e => e.GetInt32()), mesh.Joints.AsSpan(i * 4, 4).ToArray());
        }

        var firstTriangles = reference.GetProperty("first_triangles").EnumerateArray().SelectMany(t => t.EnumerateArray()).Select(e => e.GetInt32());
        Assert.Equal(firstTriangles, mesh.Indices.Take(12));
    }

    [Theory]
    [InlineData("right")]
    [InlineData("left")]
    public void Bind_positions_from_inverse_bind_matrices_match_numpy_and_the_node_transforms(string side)
    {
        var file = GlbReader.Read(side == "right" ? SharedAssets.RightGlb : SharedAssets.LeftGlb);
        var mesh = GltfSkinnedMesh.FromGlb(file);
        var world = file.WorldMatrices();
        for (int j = 0; j < mesh.JointNames.Length; j++)
        {
            var p = mesh.BindPosition(j);
            var expected = SharedAssets.ReferenceBindPosition(side, mesh.JointNames[j]);
            Assert.Equal(expected[0], p.X, 1e-6);
            Assert.Equal(expected[1], p.Y, 1e-6);
            Assert.Equal(expected[2], p.Z, 1e-6);

            // The files are exported in their bind pose: each joint node's world transform is the inverse bind matrix's inverse.
            int node = Array.FindIndex(file.Document.Nodes, n => n.Name == mesh.JointNames[j]);
            Assert.Equal(p.X, world[node].Translation.X, 1e-5);
            Assert.Equal(p.Y, world[node].Translation.Y, 1e-5);
            Assert.Equal(p.Z, world[node].Translation.Z, 1e-5);
        }
    }

    [Fact]
    public void Reads_interleaved_strided_attributes_normalised_weights_and_byte_indices()
    {
        // One triangle: POSITION and NORMAL interleaved (stride 24), UV, JOINTS_0 as u16, WEIGHTS_0 as normalised u8, u8 indices.
        var bin = new List<byte>();
        float[][] pos = [[0, 0, 0], [1, 0, 0], [0, 1, 0]];
        foreach (var p in pos)
        {
            foreach (float x in p.Concat(new float[] { 0, 0, 1 }))
            {
                bin.AddRange(BitConverter.GetBytes(x));
            }
        }

        int uvAt = bin.Count;
        foreach (float x in new float[] { 0, 0, 1, 0, 0, 1 })
        {
            bin.AddRange(BitConverter.GetBytes(x));
        }

        int jointsAt = bin.Count;
        foreach (ushort j in new ushort[] { 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0 })
        {
            bin.AddRange(BitConverter.GetBytes(j));
        }

        int weightsAt = bin.Count;
        bin.AddRange(new byte[] { 255, 0, 0, 0, 128, 127, 0, 0, 0, 255, 0, 0 });
        int indicesAt = bin.Count;
        bin.AddRange(new byte[] { 0, 1, 2, 0 });
        int ibmAt = bin.Count;
        foreach (var t in new[] { 0f, -2f })
        {
            foreach (float x in new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, t, 0, 0, 1 })
            {
                bin.AddRange(BitConverter.GetBytes(x));
            }
        }

        string json = $$"""
        {"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0,1,3]}],
         "nodes":[{"name":"root","children":[2]},{"name":"skinned","mesh":0,"skin":0},{"name":"b","translation":[2,0,0]},{"name":"m","matrix":[1,0,0,0,0,1,0,0,0,0,1,0,5,6,7,1]}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1,"TEXCOORD_0":2,"JOINTS_0":3,"WEIGHTS_0":4},"indices":5}]}],
         "skins":[{"joints":[0,2],"inverseBindMatrices":6}],
         "accessors":[
          {"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"},
          {"bufferView":0,"byteOffset":12,"componentType":5126,"count":3,"type":"VEC3"},
          {"bufferView":1,"componentType":5126,"count":3,"type":"VEC2"},
          {"bufferView":2,"componentType":5123,"count":3,"type":"VEC4"},
          {"bufferView":3,"componentType":5121,"normalized":true,"count":3,"type":"VEC4"},
          {"bufferView":4,"componentType":5121,"count":3,"type":"SCALAR"},
          {"bufferView":5,"componentType":5126,"count":2,"type":"MAT4"}],
         "bufferViews":[
          {"buffer":0,"byteOffset":0,"byteLength":72,"byteStride":24},
          {"buffer":0,"byteOffset":{{uvAt}},"byteLength":24},
          {"buffer":0,"byteOffset":{{jointsAt}},"byteLength":24},
          {"buffer":0,"byteOffset":{{weightsAt}},"byteLength":12},
          {"buffer":0,"byteOffset":{{indicesAt}},"byteLength":3},
          {"buffer":0,"byteOffset":{{ibmAt}},"byteLength":128}],
         "buffers":[{"byteLength":{{bin.Count}}}]}
        """;
        var file = GlbReader.Read(GlbBuilder.Build(json, [.. bin]), "tiny.glb");
        var mesh = GltfSkinnedMesh.FromGlb(file);

        Assert.Equal(new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0 }, mesh.Positions);
        Assert.Equal(new float[] { 0, 0, 1, 0, 0, 1, 0, 0, 1 }, mesh.Normals);
        Assert.Equal(new[] { 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0 }, mesh.Joints);
        Assert.Equal(new[] { 1f, 0, 0, 0, 128 / 255f, 127 / 255f, 0, 0, 0, 1, 0, 0 }, mesh.Weights);
        Assert.Equal(new[] { 0, 1, 2 }, mesh.Indices);
        Assert.Equal(new[] { "root", "b" }, mesh.JointNames);
        Assert.Equal(2f, mesh.BindPosition(1).X, 6);

        var world = file.WorldMatrices();
        Assert.Equal(2f, world[2].Translation.X); // child of the identity root
        Assert.Equal(new System.Numerics.Vector3(5, 6, 7), world[3].Translation); // column-major matrix
    }

    [Fact]
    public void Bad_magic_is_refused_naming_the_file()
    {
        var data = File.ReadAllBytes(SharedAssets.RightGlb);
        data[0] = (byte)'X';
        var e = Assert.Throws<GltfFormatException>(() => GlbReader.Read(data, "broken.glb"));
        Assert.Equal("broken.glb", e.SourceName);
        Assert.Contains("bad magic", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(19)]
    [InlineData(500)]
    [InlineData(7800)]
    [InlineData(50_000)]
    [InlineData(94_003)]
    public void Truncated_files_are_refused(int length)
    {
        var data = File.ReadAllBytes(SharedAssets.RightGlb).AsSpan(0, length).ToArray();
        var e = Assert.Throws<GltfFormatException>(() => GltfSkinnedMesh.FromGlb(GlbReader.Read(data, "cut.glb")));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_header_length_shorter_than_the_chunks_cuts_them_and_is_refused()
    {
        var data = File.ReadAllBytes(SharedAssets.RightGlb);
        BitConverter.GetBytes(60_000u).CopyTo(data, 8); // header claims fewer bytes: the BIN chunk no longer fits
        Assert.Throws<GltfFormatException>(() => GlbReader.Read(data, "short.glb"));
    }

    [Theory]
    [InlineData("count", 100_000, "run past its buffer view")]
    [InlineData("byteOffset", 16_000, "run past its buffer view")]
    [InlineData("bufferView", 42, "accessors[0].bufferView refers to index 42")]
    [InlineData("componentType", 1234, "unknown componentType")]
    public void Out_of_range_accessors_are_refused(string property, int value, string message)
    {
        var data = GlbBuilder.Edited(SharedAssets.RightGlb, json => json["accessors"]![0]![property] = value);
        var e = Assert.Throws<GltfFormatException>(() => GltfSkinnedMesh.FromGlb(GlbReader.Read(data, "edited.glb")));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_buffer_view_past_the_bin_chunk_is_refused()
    {
        var data = GlbBuilder.Edited(SharedAssets.RightGlb, json => json["bufferViews"]![6]!["byteLength"] = 100_000);
        var e = Assert.Throws<GltfFormatException>(() => GlbReader.Read(data, "edited.glb"));
        Assert.Contains("lies outside buffer 0", e.Message);
    }

    [Theory]
    [InlineData(0, "type", "VEC2", "POSITION (accessor 0) is VEC2, expected VEC3")]
    [InlineData(3, "componentType", 5126, "JOINTS_0 (accessor 3) has component type FLOAT")]
    [InlineData(4, "componentType", 5123, "WEIGHTS_0 (accessor 4) has component type UNSIGNED_SHORT without normalized")]
    [InlineData(5, "type", "VEC2", "indices (accessor 5) is VEC2, expected SCALAR")]
    [InlineData(6, "type", "VEC4", "inverseBindMatrices (accessor 6) is VEC4, expected MAT4")]
    public void Accessors_of_the_wrong_type_are_refused(int accessor, string property, object value, string message)
    {
        var data = GlbBuilder.Edited(SharedAssets.RightGlb, json =>
        {
            var a = json["accessors"]![accessor]!.AsObject();
            a[property] = JsonValue.Create(value);
            a.Remove("min"); // POSITION's bounds have three entries, which would be refused first for VEC2
            a.Remove("max");
        });
        var e = Assert.Throws<GltfFormatException>(() => GltfSkinnedMesh.FromGlb(GlbReader.Read(data, "typed.glb")));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_cycle_in_the_node_hierarchy_is_refused()
    {
        var data = GlbBuilder.Edited(SharedAssets.RightGlb, json => json["nodes"]![0]!["children"] = new JsonArray(26));
        var e = Assert.Throws<GltfFormatException>(() => GlbReader.Read(data, "cycle.glb"));
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public void Invalid_json_is_refused_as_a_format_error()
    {
        var data = GlbBuilder.Build("{\"asset\":{\"version\":\"2.0\"},\"nodes\":[{\"children\":null}]}", null);
        Assert.Throws<GltfFormatException>(() => GlbReader.Read(data, "null.glb"));
        Assert.Throws<GltfFormatException>(() => GlbReader.Read(GlbBuilder.Build("{\"asset\":", null), "cut.json.glb"));
    }

    [Fact]
    public void Random_byte_corruption_gives_a_format_error_or_a_valid_file_never_another_exception()
    {
        var original = File.ReadAllBytes(SharedAssets.RightGlb);
        var random = new Random(1234);
        for (int trial = 0; trial < 200; trial++)
        {
            var data = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                // Mostly the header and JSON (where structure lives), sometimes the BIN chunk.
                int at = random.Next(4) == 0 ? random.Next(data.Length) : random.Next(7800);
                data[at] = (byte)random.Next(256);
            }

            try
            {
                GltfSkinnedMesh.FromGlb(GlbReader.Read(data, "fuzz.glb"));
            }
            catch (GltfFormatException)
            {
                // expected for most corruptions
            }
        }
    }

    private static void AssertClose(System.Text.Json.JsonElement expected, ReadOnlySpan<float> actual, double tolerance)
    {
        var e = expected.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(e.Length, actual.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], actual[i], tolerance);
        }
    }
}
