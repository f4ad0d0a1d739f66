using Hamr.Tests.Shared;

namespace Hamr.Model.Tests.Support;

/// <summary>Test inputs found from the test assembly: the committed fixtures and, where present, ../shared/eval.</summary>
internal static class EvalPaths
{
    /// <summary>The committed synthetic annotation file (tools/eval/make_fixture.py).</summary>
    public static string SyntheticAnnotations { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "eval", "synthetic", "annotations_mp21.json");

    /// <summary>../shared/eval (see <see cref="RepoPaths"/>), or null when absent.</summary>
    public static string? SharedEval => RepoPaths.SharedEval;

    /// <summary>Whether CI=true, where a missing ../shared/eval must fail the tests that need it rather than skip them.</summary>
    public static bool RequiredByCi => RepoPaths.RequiredByCi;
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
