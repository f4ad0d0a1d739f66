using System.Text.Json;
using Hamr.HandModel.Export;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.Priors;
using Xunit.Abstractions;

namespace Hamr.HandModel.Tests.Export;

/// <summary>Every kind of GLB we export, for both hands, through the Khronos validator and back through our own reader.</summary>
public sealed class GltfValidatorTests(ITestOutputHelper output)
{
    private static Dictionary<string, byte[]> Exports()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var side in new[] { Handedness.Right, Handedness.Left })
        {
            var model = ExportHands.Model(side);
            var name = side.ToString().ToLowerInvariant();
            var beta = ExportHands.RandomBeta(51);
            var theta = ExportHands.RandomPose(side, 52);
            float[] translation = [0.02f, -0.01f, 0.5f];
            files[$"{name}-static-rest.glb"] = HandGlb.Static(ExportMesh.FromHand(model, ExportHands.Vertices(model, [], new float[48])));
            files[$"{name}-static-posed.glb"] = HandGlb.Static(ExportMesh.FromHand(model, ExportHands.Vertices(model, beta, theta, translation)));
            files[$"{name}-rigged-rest.glb"] = HandGlb.Rigged(HandRig.Create(model, [], new float[48]));
            files[$"{name}-rigged-fist.glb"] = HandGlb.Rigged(HandRig.Create(model, beta, ExportHands.Pose(side, NamedPose.Fist)));
            files[$"{name}-rigged-posed.glb"] = HandGlb.Rigged(HandRig.Create(model, beta, theta, translation));
        }

        return files;
    }

    [GltfValidatorFact]
    public void The_khronos_validator_finds_no_errors_in_any_exported_glb()
    {
        var folder = Directory.CreateTempSubdirectory("hamr-gltf-validate-").FullName;
        try
        {
            var files = Exports();
            foreach (var (name, bytes) in files)
            {
                File.WriteAllBytes(Path.Combine(folder, name), bytes);
            }

            var report = GltfValidator.Validate(files.Keys.Select(n => Path.Combine(folder, n)));
            output.WriteLine($"gltf-validator {report.GetProperty("validator").GetString()}");
            var problems = new List<string>();
            foreach (var file in report.GetProperty("files").EnumerateArray())
            {
                var name = Path.GetFileName(file.GetProperty("path").GetString());
                int errors = file.GetProperty("errors").GetInt32(), warnings = file.GetProperty("warnings").GetInt32();
                output.WriteLine($"{name}: {errors} errors, {warnings} warnings, {file.GetProperty("infos").GetInt32()} infos, {file.GetProperty("hints").GetInt32()} hints");
                foreach (var m in file.GetProperty("messages").EnumerateArray())
                {
                    var line = $"  [{Severity(m.GetProperty("severity").GetInt32())}] {m.GetProperty("code").GetString()} at {(m.TryGetProperty("pointer", out var p) ? p.GetString() : "")}: {m.GetProperty("message").GetString()}";
                    output.WriteLine(line);
                    if (m.GetProperty("severity").GetInt32() <= 1)
                    {
                        problems.Add($"{name}{line}");
                    }
                }
            }

            Assert.Equal(files.Count, report.GetProperty("files").GetArrayLength());
            Assert.Equal(0, report.GetProperty("errors").GetInt32());
            Assert.Empty(problems); // no warnings either
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GltfValidatorFact]
    public void The_validator_run_reports_errors_when_a_glb_is_broken()
    {
        var folder = Directory.CreateTempSubdirectory("hamr-gltf-broken-").FullName;
        try
        {
            var good = Path.Combine(folder, "good.glb");
            File.WriteAllBytes(good, HandGlb.Rigged(HandRig.Create(ExportHands.Right, [], new float[48])));
            // A POSITION maximum that the data does not reach, and a rotation that is not a unit quaternion.
            var broken = Path.Combine(folder, "broken.glb");
            File.WriteAllBytes(broken, Support.GlbBuilder.Edited(good, json =>
            {
                int position = (int)json["meshes"]![0]!["primitives"]![0]!["attributes"]!["POSITION"]!;
                json["accessors"]![position]!["max"]![0] = 10.0;
                json["nodes"]![1]!["rotation"] = new System.Text.Json.Nodes.JsonArray(0.5, 0.5, 0.5, 0.9);
            }));
            var report = GltfValidator.Validate([good, broken]);
            var files = report.GetProperty("files");
            Assert.Equal(0, files[0].GetProperty("errors").GetInt32());
            var codes = files[1].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToList();
            output.WriteLine(string.Join(", ", codes));
            Assert.True(files[1].GetProperty("errors").GetInt32() >= 2);
            Assert.Contains("ACCESSOR_MAX_MISMATCH", codes);
            Assert.Contains("ROTATION_NON_UNIT", codes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_exported_glb_reads_back_through_our_reader_and_skinned_mesh_extraction()
    {
        foreach (var (name, bytes) in Exports())
        {
            var file = GlbReader.Read(bytes, name);
            Assert.Equal("2.0", file.Document.Asset!.Version);
            if (name.Contains("rigged", StringComparison.Ordinal))
            {
                var mesh = GltfSkinnedMesh.FromGlb(file);
                Assert.Equal(25, mesh.JointNames.Length);
                Assert.Equal(mesh.VertexCount * 4, mesh.Weights.Length);
                Assert.Equal(mesh.VertexCount * 3, mesh.Normals.Length);
                Assert.Equal(mesh.VertexCount * 2, mesh.Uvs.Length);
            }
            else
            {
                Assert.Empty(file.Document.Skins);
                Assert.Throws<GltfFormatException>(() => GltfSkinnedMesh.FromGlb(file));
            }
        }
    }

    private static string Severity(int s) => s switch { 0 => "error", 1 => "warning", 2 => "info", _ => "hint" };
}
