namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Folders found from the test assembly: the repository root (the folder holding Hamr.sln) and ../shared.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>
    /// The shared material (eval photos, assets): ../shared beside the repository root; for a git worktree nested
    /// deeper (e.g. /work/wt/NAME) the first "shared" folder beside one of the root's parents. Null when absent.
    /// </summary>
    public static string? Shared { get; } = FindShared();

    /// <summary>The evaluation photos (../shared/eval), or null when absent.</summary>
    public static string? EvalPhotos => Shared is { } shared && Directory.Exists(Path.Combine(shared, "eval")) ? Path.Combine(shared, "eval") : null;

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
