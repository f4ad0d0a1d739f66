using System.Diagnostics;
using Hamr.Tests.Shared;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// libjpeg-turbo's djpeg (Debian package libjpeg-turbo-progs), the reference decoder some tests run at test time.
/// </summary>
internal static class Djpeg
{
    public const string InstallHint = "djpeg not found: apt-get install -y libjpeg-turbo-progs";

    /// <summary>Full path of djpeg on PATH, or null.</summary>
    public static string? Path { get; } = Find();

    /// <summary>True where a missing tool must fail the test instead of skipping it.</summary>
    public static bool RequiredByCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Decodes <paramref name="jpegPath"/> with djpeg's defaults into a binary PNM at <paramref name="outputPath"/>.</summary>
    public static void DecodeToPnm(string jpegPath, string outputPath, string format = "-ppm")
    {
        string exe = Path ?? throw new InvalidOperationException(InstallHint);
        var start = new ProcessStartInfo(exe) { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(format);
        start.ArgumentList.Add("-outfile");
        start.ArgumentList.Add(outputPath);
        start.ArgumentList.Add(jpegPath);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"djpeg failed on {jpegPath} (exit {process.ExitCode}): {errors}");
        }
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0)
            {
                continue;
            }

            string candidate = System.IO.Path.Combine(dir, "djpeg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>
/// A fact that needs djpeg: skipped with the install hint when djpeg is missing, unless CI=true (then it runs and
/// fails, so CI cannot silently lose the check).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DjpegFactAttribute : FactAttribute
{
    public DjpegFactAttribute()
    {
        if (Djpeg.Path is null && !Djpeg.RequiredByCi)
        {
            Skip = Djpeg.InstallHint;
        }
    }
}

/// <summary>
/// A fact that needs djpeg and the eval photos under ../shared/eval: skipped with the reason when either is
/// missing, unless CI=true (then it runs and fails with that reason).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DjpegEvalFactAttribute : FactAttribute
{
    public DjpegEvalFactAttribute()
    {
        if (Djpeg.RequiredByCi)
        {
            return;
        }

        if (Djpeg.Path is null)
        {
            Skip = Djpeg.InstallHint;
        }
        else if (RepoPaths.SharedEval is null)
        {
            Skip = "no ../shared/eval folder beside the repository";
        }
    }
}
