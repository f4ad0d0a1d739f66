using Hamr.HandModel.Export;
using Hamr.HandModel.Priors;

namespace Hamr.HandModel.Tests.Export;

public sealed class ObjPlyWriterTests
{
    private static ExportMesh PosedRight(ExportAxes axes = ExportAxes.YUp, byte[]? colors = null)
    {
        var model = ExportHands.Right;
        return ExportMesh.FromHand(model, ExportHands.Vertices(model, ExportHands.RandomBeta(3), ExportHands.Pose(Handedness.Right, NamedPose.Grasp)), axes, colors);
    }

    [Fact]
    public void Obj_round_trips_positions_uvs_normals_and_faces_exactly()
    {
        var mesh = PosedRight();
        var uv = mesh.Uv!;
        using var stream = new MemoryStream();
        ObjWriter.Write(stream, mesh, new ObjOptions { Comment = "grasp\nβ random" });
        stream.Position = 0;
        var read = MeshFileReader.ReadObj(stream);

        Assert.Equal(mesh.Positions, read.Positions);
        Assert.Equal(mesh.Normals, read.Normals);
        Assert.Equal(mesh.Faces, read.Faces);
        Assert.Equal(mesh.Faces, read.FaceNormals);
        Assert.Equal(uv.UvFaces, read.FaceUvs);
        Assert.Equal(2 * uv.UvVertexCount, read.Uvs.Length);
        for (int t = 0; t < uv.UvVertexCount; t++)
        {
            Assert.Equal(uv.Uvs[2 * t], read.Uvs[2 * t]);
            Assert.Equal(1f - uv.Uvs[(2 * t) + 1], read.Uvs[(2 * t) + 1]); // OBJ's v runs up
        }

        Assert.Contains("grasp β random", read.Comments);
    }

    [Fact]
    public void Obj_keeps_one_position_per_welded_vertex_and_its_seams_in_uv_space()
    {
        var mesh = PosedRight();
        var uv = mesh.Uv!;
        Assert.True(uv.UvVertexCount > mesh.VertexCount, "the open hand has UV seams");
        using var stream = new MemoryStream();
        ObjWriter.Write(stream, mesh);
        stream.Position = 0;
        var read = MeshFileReader.ReadObj(stream);
        Assert.Equal(mesh.VertexCount, read.Positions.Length / 3);
        Assert.Equal(uv.UvVertexCount, read.Uvs.Length / 2);
        Assert.Equal(mesh.FaceCount, read.Faces.Length / 3);
        // Each corner's UV vertex copies that corner's geometry vertex.
        for (int k = 0; k < read.Faces.Length; k++)
        {
            Assert.Equal(read.Faces[k], uv.UvToVertex[read.FaceUvs[k]]);
        }
    }

    [Fact]
    public void Obj_without_uvs_or_normals_writes_plain_faces()
    {
        var mesh = PosedRight();
        using var stream = new MemoryStream();
        ObjWriter.Write(stream, mesh, new ObjOptions { Uvs = false, Normals = false });
        stream.Position = 0;
        var read = MeshFileReader.ReadObj(stream);
        Assert.Empty(read.Uvs);
        Assert.Empty(read.Normals);
        Assert.All(read.FaceUvs, i => Assert.Equal(-1, i));
        Assert.All(read.FaceNormals, i => Assert.Equal(-1, i));

        using var normalsOnly = new MemoryStream();
        ObjWriter.Write(normalsOnly, mesh, new ObjOptions { Uvs = false });
        normalsOnly.Position = 0;
        Assert.Equal(mesh.Faces, MeshFileReader.ReadObj(normalsOnly).FaceNormals); // "f v//vn"
    }

    [Theory]
    [InlineData(PlyFormat.BinaryLittleEndian)]
    [InlineData(PlyFormat.Ascii)]
    public void Ply_round_trips_vertices_normals_colours_and_faces(PlyFormat format)
    {
        var model = ExportHands.Right;
        var colors = new byte[model.VertexCount * 3];
        for (int i = 0; i < colors.Length; i++)
        {
            colors[i] = (byte)((i * 37) % 256);
        }

        var mesh = PosedRight(colors: colors);
        using var stream = new MemoryStream();
        PlyWriter.Write(stream, mesh, new PlyOptions { Format = format, Comment = "fixture" });
        stream.Position = 0;
        var read = MeshFileReader.ReadPly(stream);
        Assert.Equal(mesh.Positions, read.Positions);
        Assert.Equal(mesh.Normals, read.Normals);
        Assert.Equal(colors, read.Colors);
        Assert.Equal(mesh.Faces, read.Faces);
        Assert.Contains("fixture", read.Comments);
    }

    [Fact]
    public void Ply_binary_body_has_the_exact_size_of_its_header_declaration()
    {
        var mesh = PosedRight();
        using var stream = new MemoryStream();
        PlyWriter.Write(stream, mesh, new PlyOptions { Normals = false });
        var bytes = stream.ToArray();
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        int body = text.IndexOf("end_header\n", StringComparison.Ordinal) + "end_header\n".Length;
        Assert.Equal((mesh.VertexCount * 12) + (mesh.FaceCount * 13), bytes.Length - body);
        Assert.DoesNotContain("red", text[..body], StringComparison.Ordinal); // no colours on the mesh: none declared
    }

    [Fact]
    public void Files_are_written_atomically_and_replace_an_old_file()
    {
        var folder = Directory.CreateTempSubdirectory("hamr-export-").FullName;
        try
        {
            var mesh = PosedRight();
            var obj = Path.Combine(folder, "hand.obj");
            var ply = Path.Combine(folder, "hand.ply");
            File.WriteAllText(obj, "old");
            ObjWriter.Write(obj, mesh);
            PlyWriter.Write(ply, mesh);
            Assert.Equal(["hand.obj", "hand.ply"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
            using (var stream = File.OpenRead(obj))
            {
                Assert.Equal(mesh.Positions, MeshFileReader.ReadObj(stream).Positions);
            }

            using (var stream = File.OpenRead(ply))
            {
                Assert.Equal(mesh.Faces, MeshFileReader.ReadPly(stream).Faces);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Y_up_export_rotates_camera_space_by_180_degrees_about_x()
    {
        var source = PosedRight(ExportAxes.Source);
        var yUp = PosedRight(ExportAxes.YUp);
        for (int i = 0; i < source.Positions.Length; i += 3)
        {
            Assert.Equal(source.Positions[i], yUp.Positions[i]);
            Assert.Equal(-source.Positions[i + 1], yUp.Positions[i + 1]);
            Assert.Equal(-source.Positions[i + 2], yUp.Positions[i + 2]);
        }

        // A rotation keeps the winding: normals rotate with the mesh and still point outward.
        MeshNormalsTests.AssertOutward(yUp.Positions, yUp.Faces, yUp.Normals);
        Assert.Equal(source.Normals[0], yUp.Normals[0], 6);
        Assert.Equal(-source.Normals[1], yUp.Normals[1], 6);
    }

    [Fact]
    public void Bad_meshes_are_refused_with_their_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new ExportMesh("bad", [0, 0, 0, 1, 0, 0], [0, 1, 2]));
        Assert.Contains("bad", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ExportMesh("nan", [0, 0, float.NaN, 1, 0, 0, 0, 1, 0], [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => ExportMesh.FromHand(ExportHands.Right, new float[9]));
    }
}
