using Hamr.Rendering;

namespace Hamr.Benchmarks;

/// <summary>Writes a render target's colour as binary PPM (no codec dependency in the benchmarks).</summary>
internal static class PpmWriter
{
    public static void Write(string path, RenderTarget target)
    {
        using var stream = File.Create(path);
        var header = System.Text.Encoding.ASCII.GetBytes($"P6\n{target.Width} {target.Height}\n255\n");
        stream.Write(header);
        var pixels = target.Color.Pixels;
        int c = target.Color.Channels;
        for (int i = 0; i < target.Width * target.Height; i++)
        {
            stream.Write(pixels.AsSpan(i * c, 3));
        }
    }
}
