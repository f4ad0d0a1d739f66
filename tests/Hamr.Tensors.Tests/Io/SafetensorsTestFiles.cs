using System.Text;

namespace Hamr.Tensors.Tests.Io;

/// <summary>Assembles safetensors bytes by hand (independently of the writer) and manages a temporary folder.</summary>
internal sealed class SafetensorsTestFiles : IDisposable
{
    public SafetensorsTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "hamr-safetensors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>8-byte little-endian header length, the header text (space-padded to 8 when asked), then the data.</summary>
    public static byte[] Assemble(string header, byte[] data, bool pad = true)
    {
        var text = Encoding.UTF8.GetBytes(header).ToList();
        while (pad && text.Count % 8 != 0)
        {
            text.Add((byte)' ');
        }
        return [.. BitConverter.GetBytes((ulong)text.Count), .. text, .. data];
    }

    public static byte[] WithLength(ulong headerLength, byte[] rest) => [.. BitConverter.GetBytes(headerLength), .. rest];
}
