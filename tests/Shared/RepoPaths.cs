namespace Hamr.Tests.Shared;

/// <summary>
/// Folders found from a test assembly, shared by the test projects (linked into each): the repository root (the folder
/// holding Hamr.sln) and ../shared (eval photos, assets) beside it — or, for a git worktree nested deeper
/// (e.g. /work/wt/NAME), the first "shared" folder beside one of the root's parents.
/// </summary>
internal static class RepoPaths
{
    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>The shared material folder, or null when absent.</summary>
    public static string? Shared { get; } = FindShared();

    /// <summary>../shared/eval (evaluation-only: read in place, never copied into the repository), or null when absent.</summary>
    public static string? SharedEval => Shared is { } shared && Directory.Exists(Path.Combine(shared, "eval")) ? Path.Combine(shared, "eval") : null;

    /// <summary>Whether CI=true, where missing shared material or reference tools must fail the tests that need them.</summary>
    public static bool RequiredByCi => Environment.GetEnvironmentVariable("CI") == "true";

    private static string? FindShared()
    {
        for (var dir = Root is null ? null : new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hamr.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
