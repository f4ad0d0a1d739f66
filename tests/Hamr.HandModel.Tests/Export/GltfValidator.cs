using System.Diagnostics;
using System.Text.Json;

namespace Hamr.HandModel.Tests.Export;

/// <summary>
/// The Khronos glTF validator (npm gltf-validator, pinned in tools/gltf-validator/package.json), run through
/// tools/gltf-validator/validate.mjs with node. Installed by <c>npm ci --prefix tools/gltf-validator</c> (.ci/run does it
/// through tools/ci/install-test-tools.sh).
/// </summary>
internal static class GltfValidator
{
    private static readonly Lazy<(string? Script, string Reason)> s_found = new(Locate);

    /// <summary>validate.mjs when node and the installed package are both there, else null.</summary>
    public static string? Script => s_found.Value.Script;

    public static string MissingReason => s_found.Value.Reason;

    /// <summary>The validator's report on <paramref name="paths"/>: its version and per file (path, errors, warnings, infos, hints, messages).</summary>
    public static JsonElement Validate(IEnumerable<string> paths)
    {
        var script = Script ?? throw new InvalidOperationException(MissingReason);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var path in paths)
        {
            start.ArgumentList.Add(path);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new InvalidOperationException("the glTF validator did not finish in 120 s");
        }

        if (process.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"validate.mjs failed ({process.ExitCode}): {stderr.Result}\n{stdout}");
        }

        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static (string?, string) Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hamr.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            return (null, "the repository (Hamr.sln) was not found above the test assembly");
        }

        var tool = Path.Combine(dir.FullName, "tools", "gltf-validator");
        if (!File.Exists(Path.Combine(tool, "node_modules", "gltf-validator", "package.json")))
        {
            return (null, "gltf-validator is not installed (npm ci --prefix tools/gltf-validator); required when CI=true");
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null || !process.WaitForExit(30_000) || process.ExitCode != 0)
            {
                return (null, "node does not run; required when CI=true");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "node is not installed (apt-get install -y nodejs); required when CI=true");
        }

        return (Path.Combine(tool, "validate.mjs"), "");
    }
}

/// <summary>
/// A fact that needs node and the installed glTF validator: skipped with the reason when either is missing, unless CI is
/// "true", where it runs (and fails) so a CI machine without them cannot pass silently.
/// </summary>
internal sealed class GltfValidatorFactAttribute : FactAttribute
{
    public GltfValidatorFactAttribute()
    {
        if (GltfValidator.Script is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = GltfValidator.MissingReason;
        }
    }
}
