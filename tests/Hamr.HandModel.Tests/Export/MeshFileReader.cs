using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Hamr.HandModel.Tests.Export;

/// <summary>What a tiny reader found in an OBJ or PLY file: flat arrays, 0-based indices, −1 where a face has no UV/normal index.</summary>
internal sealed record ParsedMesh(
    float[] Positions,
    float[] Uvs,
    float[] Normals,
    byte[] Colors,
    int[] Faces,
    int[] FaceUvs,
    int[] FaceNormals,
    List<string> Comments);

/// <summary>
/// Minimal, strict readers for the OBJ and PLY the exporters write (written from the format descriptions, not from the
/// writers): enough to round-trip our own output and to fail on anything unexpected.
/// </summary>
internal static class MeshFileReader
{
    public static ParsedMesh ReadObj(Stream stream)
    {
        var c = CultureInfo.InvariantCulture;
        List<float> v = [], vt = [], vn = [];
        List<int> f = [], ft = [], fn = [];
        List<string> comments = [];
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            switch (parts[0])
            {
                case "#":
                    comments.Add(line[1..].Trim());
                    break;
                case "o":
                    break;
                case "v":
                    Assert.Equal(4, parts.Length);
                    v.AddRange(parts[1..].Select(p => float.Parse(p, c)));
                    break;
                case "vt":
                    Assert.Equal(3, parts.Length);
                    vt.AddRange(parts[1..].Select(p => float.Parse(p, c)));
                    break;
                case "vn":
                    Assert.Equal(4, parts.Length);
                    vn.AddRange(parts[1..].Select(p => float.Parse(p, c)));
                    break;
                case "f":
                    Assert.Equal(4, parts.Length);
                    foreach (var corner in parts[1..])
                    {
                        var ids = corner.Split('/');
                        f.Add(int.Parse(ids[0], c) - 1);
                        ft.Add(ids.Length > 1 && ids[1].Length > 0 ? int.Parse(ids[1], c) - 1 : -1);
                        fn.Add(ids.Length > 2 ? int.Parse(ids[2], c) - 1 : -1);
                    }

                    break;
                default:
                    throw new FormatException($"unexpected OBJ line '{line}'");
            }
        }

        return new ParsedMesh([.. v], [.. vt], [.. vn], [], [.. f], [.. ft], [.. fn], comments);
    }

    public static ParsedMesh ReadPly(Stream stream)
    {
        // Header: ASCII lines up to "end_header\n".
        var header = new List<string>();
        var lineBytes = new List<byte>();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                throw new FormatException("PLY header does not end");
            }

            if (b != '\n')
            {
                lineBytes.Add((byte)b);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. lineBytes]);
            lineBytes.Clear();
            header.Add(text);
            if (text == "end_header")
            {
                break;
            }
        }

        Assert.Equal("ply", header[0]);
        bool binary = header[1] switch
        {
            "format binary_little_endian 1.0" => true,
            "format ascii 1.0" => false,
            _ => throw new FormatException($"unexpected PLY format line '{header[1]}'"),
        };
        var elements = new List<(string Name, int Count, List<string> Properties)>();
        var comments = new List<string>();
        foreach (var line in header.Skip(2).SkipLast(1))
        {
            var p = line.Split(' ');
            switch (p[0])
            {
                case "comment":
                    comments.Add(line["comment ".Length..]);
                    break;
                case "element":
                    elements.Add((p[1], int.Parse(p[2], CultureInfo.InvariantCulture), []));
                    break;
                case "property":
                    elements[^1].Properties.Add(string.Join(' ', p[1..]));
                    break;
                default:
                    throw new FormatException($"unexpected PLY header line '{line}'");
            }
        }

        Assert.Equal(["vertex", "face"], elements.Select(e => e.Name));
        var vertexProperties = elements[0].Properties;
        Assert.Equal(["list uchar int vertex_indices"], elements[1].Properties);
        var body = new MemoryStream();
        stream.CopyTo(body);
        var data = body.ToArray();
        var tokens = binary ? null : Encoding.ASCII.GetString(data).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        int at = 0, token = 0;
        float NextFloat()
        {
            if (binary)
            {
                at += 4;
                return BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at - 4));
            }

            return float.Parse(tokens![token++], CultureInfo.InvariantCulture);
        }

        int NextInt() => binary ? BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan((at += 4) - 4)) : int.Parse(tokens![token++], CultureInfo.InvariantCulture);
        byte NextByte() => binary ? data[at++] : byte.Parse(tokens![token++], CultureInfo.InvariantCulture);

        List<float> positions = [], normals = [];
        List<byte> colors = [];
        for (int i = 0; i < elements[0].Count; i++)
        {
            foreach (var property in vertexProperties)
            {
                switch (property)
                {
                    case "float x" or "float y" or "float z":
                        positions.Add(NextFloat());
                        break;
                    case "float nx" or "float ny" or "float nz":
                        normals.Add(NextFloat());
                        break;
                    case "uchar red" or "uchar green" or "uchar blue":
                        colors.Add(NextByte());
                        break;
                    default:
                        throw new FormatException($"unexpected vertex property '{property}'");
                }
            }
        }

        var faces = new List<int>();
        for (int i = 0; i < elements[1].Count; i++)
        {
            int n = NextByte();
            Assert.Equal(3, n);
            for (int k = 0; k < n; k++)
            {
                faces.Add(NextInt());
            }
        }

        Assert.Equal(binary ? data.Length : tokens!.Length, binary ? at : token); // nothing left over
        var none = Enumerable.Repeat(-1, faces.Count).ToArray();
        return new ParsedMesh([.. positions], [], [.. normals], [.. colors], [.. faces], none, none, comments);
    }
}
