namespace Hamr.Model.Tests.Support;

/// <summary>Test inputs found from the test assembly: the committed fixtures and, where present, ../shared/eval.</summary>
internal static class EvalPaths
{
    /// <summary>The committed synthetic annotation file (tools/eval/make_fixture.py).</summary>
    public static string SyntheticAnnotations { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "eval", "synthetic", "annotations_mp21.json");

    /// <summary>The repository root (the folder holding Hamr.sln), or null outside a checkout.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>
    /// ../shared/eval beside the repository root, or for a worktree nested deeper (e.g. /work/wt/NAME) beside one of the
    /// root's parents; null when absent. Evaluation-only material: read in place, never copied into the repository.
    /// </summary>
    public static string? SharedEval { get; } = FindSharedEval();

    /// <summary>Whether CI=true, where a missing ../shared/eval must fail the tests that need it rather than skip them.</summary>
    public static bool RequiredByCi => Environment.GetEnvironmentVariable("CI") == "true";

    private static string? FindSharedEval()
    {
        for (var dir = Root is null ? null : new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "eval");
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

/// <summary>A fact that needs ../shared/eval: skipped with the reason when it is missing, except under CI=true, where it runs (and fails).</summary>
public sealed class SharedEvalFactAttribute : FactAttribute
{
    public SharedEvalFactAttribute()
    {
        if (EvalPaths.SharedEval is null && !EvalPaths.RequiredByCi)
        {
            Skip = "no ../shared/eval folder beside the repository (evaluation photos are not part of the repo)";
        }
    }
}
