using System.Globalization;
using System.Text;
using Hamr.Tensors.Io;

namespace Hamr.HandModel.Export;

/// <summary>What <see cref="ObjWriter"/> includes.</summary>
public sealed record ObjOptions
{
    /// <summary>Write <c>vn</c> lines and reference them from faces.</summary>
    public bool Normals { get; init; } = true;

    /// <summary>Write <c>vt</c> lines and reference them from faces, when the mesh has a UV layout.</summary>
    public bool Uvs { get; init; } = true;

    /// <summary>A comment for the header (one line; line breaks become spaces).</summary>
    public string? Comment { get; init; }
}

/// <summary>
/// Writes Wavefront OBJ (text, no material library): <c>v</c> positions (metres), <c>vt</c> UVs (OBJ's origin is the
/// image's bottom-left, so v is flipped from glTF's), <c>vn</c> unit normals, and <c>f v/vt/vn</c> faces, 1-based. OBJ
/// indexes positions and UVs separately, so a welded mesh keeps one position per geometry vertex and its seams only in
/// UV space. Numbers are written in the invariant culture, shortest round-trip form.
/// </summary>
public static class ObjWriter
{
    /// <summary>Writes <paramref name="path"/> atomically (a temporary file moved into place).</summary>
    public static void Write(string path, ExportMesh mesh, ObjOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        AtomicFile.Write(path, stream => Write(stream, mesh, options));
    }

    /// <summary>Writes to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, ExportMesh mesh, ObjOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mesh);
        options ??= new ObjOptions();
        var uv = options.Uvs ? mesh.Uv : null;
        var c = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine("# Hamr hand export (Wavefront OBJ, metres)");
        if (options.Comment is { } comment)
        {
            writer.WriteLine($"# {comment.ReplaceLineEndings(" ")}");
        }

        writer.WriteLine($"# {mesh.VertexCount} vertices, {mesh.FaceCount} triangles{(uv is null ? "" : $", {uv.UvVertexCount} UV vertices")}");
        writer.WriteLine($"o {mesh.Name.ReplaceLineEndings(" ")}");
        var p = mesh.Positions;
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            writer.WriteLine(string.Create(c, $"v {p[3 * i]} {p[(3 * i) + 1]} {p[(3 * i) + 2]}"));
        }

        if (uv is not null)
        {
            for (int t = 0; t < uv.UvVertexCount; t++)
            {
                writer.WriteLine(string.Create(c, $"vt {uv.Uvs[2 * t]} {1f - uv.Uvs[(2 * t) + 1]}"));
            }
        }

        if (options.Normals)
        {
            var n = mesh.Normals;
            for (int i = 0; i < mesh.VertexCount; i++)
            {
                writer.WriteLine(string.Create(c, $"vn {n[3 * i]} {n[(3 * i) + 1]} {n[(3 * i) + 2]}"));
            }
        }

        var faces = mesh.Faces;
        var line = new StringBuilder(64);
        for (int f = 0; f < mesh.FaceCount; f++)
        {
            line.Clear().Append('f');
            for (int k = 0; k < 3; k++)
            {
                int v = faces[(3 * f) + k] + 1;
                line.Append(' ').Append(v.ToString(c));
                if (uv is not null)
                {
                    line.Append('/').Append((uv.UvFaces[(3 * f) + k] + 1).ToString(c));
                }

                if (options.Normals)
                {
                    // Normals are per geometry vertex: the same index as the position.
                    line.Append(uv is null ? "//" : "/").Append(v.ToString(c));
                }
            }

            writer.WriteLine(line);
        }
    }
}
