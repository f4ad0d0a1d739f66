using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hamr.Tensors.Io;

namespace Hamr.HandModel.Export;

/// <summary>PLY body encodings.</summary>
public enum PlyFormat
{
    /// <summary><c>binary_little_endian 1.0</c>: compact and exact.</summary>
    BinaryLittleEndian,

    /// <summary><c>ascii 1.0</c>: readable; numbers in the invariant culture, shortest round-trip form.</summary>
    Ascii,
}

/// <summary>What <see cref="PlyWriter"/> includes.</summary>
public sealed record PlyOptions
{
    public PlyFormat Format { get; init; } = PlyFormat.BinaryLittleEndian;

    /// <summary>Write the float properties nx, ny, nz per vertex.</summary>
    public bool Normals { get; init; } = true;

    /// <summary>Write the uchar properties red, green, blue per vertex, when the mesh has colours.</summary>
    public bool Colors { get; init; } = true;

    /// <summary>A comment for the header (one line; line breaks become spaces).</summary>
    public string? Comment { get; init; }
}

/// <summary>
/// Writes Stanford PLY: <c>element vertex</c> with float x, y, z (metres), optionally float nx, ny, nz and uchar red,
/// green, blue; <c>element face</c> with <c>list uchar int vertex_indices</c> (triangles, counter-clockwise seen from
/// outside). PLY holds one UV per vertex, which a mesh with UV seams cannot give, so UVs are not written (use OBJ or
/// GLB for textures).
/// </summary>
public static class PlyWriter
{
    /// <summary>Writes <paramref name="path"/> atomically (a temporary file moved into place).</summary>
    public static void Write(string path, ExportMesh mesh, PlyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        AtomicFile.Write(path, stream => Write(stream, mesh, options));
    }

    /// <summary>Writes to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, ExportMesh mesh, PlyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mesh);
        options ??= new PlyOptions();
        bool normals = options.Normals;
        var colors = options.Colors ? mesh.Colors : null;
        bool binary = options.Format == PlyFormat.BinaryLittleEndian;

        var header = new StringBuilder();
        header.Append("ply\n");
        header.Append(binary ? "format binary_little_endian 1.0\n" : "format ascii 1.0\n");
        header.Append("comment Hamr hand export (metres)\n");
        if (options.Comment is { } comment)
        {
            header.Append("comment ").Append(comment.ReplaceLineEndings(" ")).Append('\n');
        }

        header.Append(CultureInfo.InvariantCulture, $"element vertex {mesh.VertexCount}\n");
        header.Append("property float x\nproperty float y\nproperty float z\n");
        if (normals)
        {
            header.Append("property float nx\nproperty float ny\nproperty float nz\n");
        }

        if (colors is not null)
        {
            header.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        }

        header.Append(CultureInfo.InvariantCulture, $"element face {mesh.FaceCount}\n");
        header.Append("property list uchar int vertex_indices\nend_header\n");
        var headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        stream.Write(headerBytes);
        if (binary)
        {
            WriteBinary(stream, mesh, normals, colors);
        }
        else
        {
            WriteAscii(stream, mesh, normals, colors);
        }
    }

    private static void WriteBinary(Stream stream, ExportMesh mesh, bool normals, byte[]? colors)
    {
        int vertexSize = 12 + (normals ? 12 : 0) + (colors is null ? 0 : 3);
        var vertexBytes = new byte[mesh.VertexCount * vertexSize];
        var span = vertexBytes.AsSpan();
        for (int i = 0, at = 0; i < mesh.VertexCount; i++)
        {
            for (int c = 0; c < 3; c++, at += 4)
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[at..], mesh.Positions[(3 * i) + c]);
            }

            if (normals)
            {
                for (int c = 0; c < 3; c++, at += 4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[at..], mesh.Normals[(3 * i) + c]);
                }
            }

            if (colors is not null)
            {
                colors.AsSpan(3 * i, 3).CopyTo(span[at..]);
                at += 3;
            }
        }

        stream.Write(vertexBytes);
        var faceBytes = new byte[mesh.FaceCount * 13];
        span = faceBytes.AsSpan();
        for (int f = 0, at = 0; f < mesh.FaceCount; f++)
        {
            span[at++] = 3;
            for (int k = 0; k < 3; k++, at += 4)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], mesh.Faces[(3 * f) + k]);
            }
        }

        stream.Write(faceBytes);
    }

    private static void WriteAscii(Stream stream, ExportMesh mesh, bool normals, byte[]? colors)
    {
        var c = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var line = new StringBuilder(96);
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            line.Clear().Append(c, $"{mesh.Positions[3 * i]} {mesh.Positions[(3 * i) + 1]} {mesh.Positions[(3 * i) + 2]}");
            if (normals)
            {
                line.Append(c, $" {mesh.Normals[3 * i]} {mesh.Normals[(3 * i) + 1]} {mesh.Normals[(3 * i) + 2]}");
            }

            if (colors is not null)
            {
                line.Append(c, $" {colors[3 * i]} {colors[(3 * i) + 1]} {colors[(3 * i) + 2]}");
            }

            writer.WriteLine(line);
        }

        for (int f = 0; f < mesh.FaceCount; f++)
        {
            writer.WriteLine(string.Create(c, $"3 {mesh.Faces[3 * f]} {mesh.Faces[(3 * f) + 1]} {mesh.Faces[(3 * f) + 2]}"));
        }
    }
}
