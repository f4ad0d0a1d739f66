using System.Diagnostics;

namespace Hamr.Imaging.Tests.Support;

/// <summary>
/// ImageMagick's <c>convert</c>, the independent decoder our encoded PNGs are checked with. Found on PATH when it
/// answers <c>-version</c> as ImageMagick; CI installs it (.ci/run: apt-get install -y imagemagick).
/// </summary>
internal static class ImageMagick
{
    private static readonly Lazy<string?> Found = new(Locate);

    public static string? ConvertPath => Found.Value;

    /// <summary>Decodes a PNG file to RGBA, 16 bits a sample (big-endian), the way the fixture script does.</summary>
    public static ushort[] DecodeRgba16(string pngPath)
    {
        var bytes = Run(ConvertPath ?? throw new InvalidOperationException("ImageMagick is not installed"),
            [pngPath, "-depth", "16", "-endian", "MSB", "rgba:-"]);
        var samples = new ushort[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]);
        }

        return samples;
    }

    private static string? Locate()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Prepend("/usr/bin");
        foreach (var dir in directories.Where(d => d.Length > 0))
        {
            string candidate = Path.Combine(dir, "convert");
            if (!File.Exists(candidate))
            {
                continue;
            }

            try
            {
                // Stand-ins named convert exist; only a real ImageMagick prints this version line.
                if (System.Text.Encoding.UTF8.GetString(Run(candidate, ["-version"])).StartsWith("Version: ImageMagick", StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
            }
        }

        return null;
    }

    private static byte[] Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new InvalidOperationException($"{program} did not finish in 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return output.ToArray();
    }
}

/// <summary>
/// A fact that needs ImageMagick: skipped with the reason when it is missing, unless CI is "true", where it runs
/// (and fails) so a CI machine without the tool cannot pass silently.
/// </summary>
internal sealed class ImageMagickFactAttribute : FactAttribute
{
    public ImageMagickFactAttribute()
    {
        if (ImageMagick.ConvertPath is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "ImageMagick's convert is not installed (apt-get install -y imagemagick); required when CI=true";
        }
    }
}
