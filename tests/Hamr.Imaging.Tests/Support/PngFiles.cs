using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Hamr.Imaging.Codecs;

namespace Hamr.Imaging.Tests.Support;

/// <summary>One chunk of a PNG under construction or taken apart by a test.</summary>
internal sealed record TestChunk(string Type, byte[] Data);

/// <summary>Builds and takes apart PNG files chunk by chunk, so tests can craft exactly the damage they test.</summary>
internal static class PngFiles
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "png");

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(FixtureDirectory, name + ".png"));

    public static IEnumerable<string> FixtureNames() =>
        Directory.GetFiles(FixtureDirectory, "*.png").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>A PNG of the given chunks with correct lengths and CRCs.</summary>
    public static byte[] Build(IEnumerable<TestChunk> chunks)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        foreach (var chunk in chunks)
        {
            WriteChunk(output, chunk);
        }

        return output.ToArray();
    }

    public static byte[] Build(params TestChunk[] chunks) => Build((IEnumerable<TestChunk>)chunks);

    public static void WriteChunk(Stream output, TestChunk chunk)
    {
        var type = Encoding.ASCII.GetBytes(chunk.Type);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)chunk.Data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(chunk.Data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute([.. type, .. chunk.Data]));
        output.Write(word);
    }

    /// <summary>The chunks of a well-formed file (CRCs not checked; tests use it on files they trust).</summary>
    public static List<TestChunk> Chunks(byte[] png)
    {
        var chunks = new List<TestChunk>();
        for (int at = 8; at + 12 <= png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            chunks.Add(new TestChunk(Encoding.ASCII.GetString(png, at + 4, 4), png.AsSpan(at + 8, length).ToArray()));
            at += 12 + length;
        }

        return chunks;
    }

    /// <summary>Byte offsets of each chunk's length field.</summary>
    public static List<int> ChunkOffsets(byte[] png)
    {
        var offsets = new List<int>();
        for (int at = 8; at + 12 <= png.Length;)
        {
            offsets.Add(at);
            at += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
        }

        return offsets;
    }

    public static TestChunk Ihdr(int width, int height, int depth, int colorType, int interlace = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)height);
        data[8] = (byte)depth;
        data[9] = (byte)colorType;
        data[12] = (byte)interlace;
        return new TestChunk("IHDR", data);
    }

    public static TestChunk Idat(byte[] raw) => new("IDAT", Zlib(raw));

    public static TestChunk Iend() => new("IEND", []);

    public static byte[] Zlib(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }

    public static byte[] Inflate(byte[] compressed)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The joined IDAT data of a file, inflated: filter bytes and filtered rows.</summary>
    public static byte[] RawImageData(byte[] png) =>
        Inflate(Chunks(png).Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());

    /// <summary>The file with its image data replaced by <paramref name="raw"/>, recompressed into one IDAT.</summary>
    public static byte[] WithRawImageData(byte[] png, byte[] raw)
    {
        var chunks = Chunks(png);
        int first = chunks.FindIndex(c => c.Type == "IDAT");
        chunks.RemoveAll(c => c.Type == "IDAT");
        chunks.Insert(first, Idat(raw));
        return Build(chunks);
    }

    /// <summary>A gray 8-bit image's raw data: each row a filter byte 0 then the pixels.</summary>
    public static byte[] RawGray8(int width, int height, Func<int, int, byte> pixel)
    {
        var raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                raw[(y * (width + 1)) + 1 + x] = pixel(x, y);
            }
        }

        return raw;
    }
}
