using System.Text.Json;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;

namespace Hamr.HandModel.Tests.Support;

/// <summary>
/// The WebXR hand GLBs in the shared folder (../shared/assets/webxr-generic-hand next to the repository, found by
/// walking up from the test assembly to the folder holding Hamr.sln and then up its ancestors), the numpy reference
/// facts about them (tests/fixtures/hand), and the right-hand conversion, made once per test run.
/// </summary>
internal static class SharedAssets
{
    private static readonly Lazy<string> s_handFolder = new(FindHandFolder);
    private static readonly Lazy<OpenHandBuild> s_rightBuild = new(() => OpenHandConverter.Convert(GltfSkinnedMesh.Read(RightGlb)));
    private static readonly Lazy<JsonElement> s_reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "hand", "webxr-hand-reference.json"))).RootElement);

    public static string RightGlb => Path.Combine(s_handFolder.Value, "right.glb");

    public static string LeftGlb => Path.Combine(s_handFolder.Value, "left.glb");

    /// <summary>The converter's output for right.glb with default options (shared by the tests; do not modify).</summary>
    public static OpenHandBuild RightBuild => s_rightBuild.Value;

    /// <summary>tools/hand/dump_webxr_hand.py's facts for "right" or "left".</summary>
    public static JsonElement Reference(string side) => s_reference.Value.GetProperty(side);

    public static double[] ReferenceBindPosition(string side, string joint) =>
        [.. Reference(side).GetProperty("bind_positions").GetProperty(joint).EnumerateArray().Select(e => e.GetDouble())];

    private static string FindHandFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hamr.sln")))
        {
            dir = dir.Parent;
        }

        for (var up = dir?.Parent; up is not null; up = up.Parent)
        {
            var candidate = Path.Combine(up.FullName, "shared", "assets", "webxr-generic-hand");
            if (File.Exists(Path.Combine(candidate, "right.glb")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"shared/assets/webxr-generic-hand not found beside the repository holding Hamr.sln (searched up from {AppContext.BaseDirectory})");
    }
}
