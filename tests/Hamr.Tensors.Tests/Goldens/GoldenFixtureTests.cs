namespace Hamr.Tensors.Tests.Goldens;

// The fixture itself: it came from PyTorch, and every case in it is held to by a test (a case added to the script
// but not to a test's InlineData would otherwise be silently unchecked).
public sealed class GoldenFixtureTests
{
    [Fact]
    public void Fixture_records_the_torch_version_that_wrote_it()
    {
        Assert.True(Golden.Metadata.TryGetValue("torch_version", out var version));
        Assert.StartsWith("1.13", version, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_case_in_the_fixture_is_tested()
    {
        var tested = typeof(GoldenFixtureTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(GoldenFixtureTests).Namespace)
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>())
            .SelectMany(a => a.GetData(null!))
            .Select(row => (string)row[0])
            .ToList();
        var cases = Golden.Metadata.Keys.Where(k => k is not ("torch_version" or "generator")).ToList();
        var untested = cases
            .Select(k => k[(k.IndexOf('.', StringComparison.Ordinal) + 1)..])
            .Select(c => c.EndsWith("_train", StringComparison.Ordinal) ? c[..^6] : c.EndsWith("_eval", StringComparison.Ordinal) ? c[..^5] : c)
            .Where(c => !tested.Contains(c))
            .ToList();
        Assert.Empty(untested);
        // Names repeat across families (dilation2), so also one test row per case: none is tested twice or skipped.
        Assert.Equal(cases.Count, tested.Count);
    }
}
