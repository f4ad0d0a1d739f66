using System.Globalization;
using System.Text.Json;
using Hamr.Tensors.Io;

namespace Hamr.Tensors.Tests.Goldens;

// Access to tests/fixtures/goldens/tensor_goldens.safetensors, written by tools/goldens/make_tensor_goldens.py from
// real PyTorch: tensors "<family>.<case>.<role>" and one metadata entry "<family>.<case>" (the case's parameters as
// JSON). Every getter returns a fresh copy, so tests running in parallel never share a tensor.
internal static class Golden
{
    /// <summary>Default tolerance: |ours − torch| ≤ 1e-5 + 1e-4·|torch|.</summary>
    public static readonly Tolerance Default = new(1e-5, 1e-4);

    private static readonly Lazy<SafetensorsContent> s_content = new(() => SafetensorsFile.Read(FixturePath));

    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "goldens", "tensor_goldens.safetensors");

    public static IReadOnlyDictionary<string, string> Metadata => s_content.Value.Metadata;

    public static bool Has(string name) => s_content.Value.Tensors.ContainsKey(name);

    /// <summary>A copy of a stored tensor (no gradient).</summary>
    public static Tensor Get(string name)
    {
        Assert.True(s_content.Value.Tensors.TryGetValue(name, out var t), $"golden tensor '{name}' is missing from the fixture");
        return Tensor.FromArray(t!.ToArray(), t.GetShape());
    }

    /// <summary>A copy of a stored tensor that requires gradients.</summary>
    public static Tensor Leaf(string name) => Get(name).RequireGrad();

    /// <summary>The case's parameters (the JSON that the script stored in the metadata under its key).</summary>
    public static JsonElement Params(string key)
    {
        Assert.True(Metadata.TryGetValue(key, out var json), $"golden case '{key}' is missing from the fixture");
        using var doc = JsonDocument.Parse(json!);
        return doc.RootElement.Clone();
    }

    public static (int H, int W) Pair(this JsonElement p, string name)
    {
        var a = p.GetProperty(name);
        return (a[0].GetInt32(), a[1].GetInt32());
    }

    public static double Double(this JsonElement p, string name, double fallback) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;

    public static bool Bool(this JsonElement p, string name, bool fallback) =>
        p.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    /// <summary>
    /// The common shape of a case: builds leaves for <paramref name="roles"/> (those the case stores; others are
    /// passed as null), runs <paramref name="forward"/>, compares y with torch's, back-propagates torch's upstream
    /// gradient gy and compares every leaf's gradient with torch's g&lt;role&gt; (through <paramref name="expectedGradient"/>
    /// when a case documents a point where torch's stored value is not the convention we hold to).
    /// </summary>
    public static void CheckForwardAndGradients(string key, string[] roles, Func<IReadOnlyDictionary<string, Tensor?>, Tensor> forward,
        Tolerance? forwardTolerance = null, Tolerance? gradTolerance = null, Func<string, Tensor, Tensor>? expectedGradient = null)
    {
        var leaves = new Dictionary<string, Tensor?>();
        foreach (var role in roles)
        {
            leaves[role] = Has($"{key}.{role}") ? Leaf($"{key}.{role}") : null;
        }
        var y = forward(leaves);
        AssertClose($"{key}.y", Get($"{key}.y"), y, forwardTolerance ?? Default);
        y.Backward(Get($"{key}.gy"));
        foreach (var (role, leaf) in leaves)
        {
            if (leaf is null)
            {
                continue;
            }
            Assert.True(leaf.Grad is not null, $"{key}: no gradient reached '{role}'");
            var expected = Get($"{key}.g{role}");
            AssertClose($"{key}.g{role}", expectedGradient?.Invoke(role, expected) ?? expected, leaf.Grad!, gradTolerance ?? Default);
        }
    }

    /// <summary>Same shape and |actual − expected| ≤ atol + rtol·|expected| everywhere; reports the worst element.</summary>
    public static void AssertClose(string what, Tensor expected, Tensor actual, Tolerance tolerance)
    {
        Assert.True(expected.GetShape().SequenceEqual(actual.GetShape()),
            $"{what}: shape [{string.Join(", ", actual.GetShape())}], torch has [{string.Join(", ", expected.GetShape())}]");
        var e = expected.ToArray();
        var a = actual.ToArray();
        int worst = -1;
        double worstRatio = 1;
        for (int i = 0; i < e.Length; i++)
        {
            double allowed = tolerance.Absolute + tolerance.Relative * Math.Abs(e[i]);
            double err = Math.Abs((double)a[i] - e[i]);
            double ratio = double.IsNaN(err) ? double.PositiveInfinity : err / allowed;
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worst >= 0)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: element {worst} is {a[worst]:R}, torch has {e[worst]:R} (|diff| {Math.Abs((double)a[worst] - e[worst]):G3}, {worstRatio:G3}× the tolerance {tolerance.Absolute:G2} + {tolerance.Relative:G2}·|torch|)"));
        }
    }
}

/// <summary>An elementwise tolerance |ours − torch| ≤ Absolute + Relative·|torch|.</summary>
internal readonly record struct Tolerance(double Absolute, double Relative);
