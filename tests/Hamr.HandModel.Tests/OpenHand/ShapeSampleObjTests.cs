using System.Globalization;
using System.Text;
using Hamr.HandModel.OpenHand;
using Hamr.Tensors;

namespace Hamr.HandModel.Tests.OpenHand;

/// <summary>
/// Writes OBJ files of a few shapes (β = 0, ±2σ on components 1 and 2, random β ~ N(0, I)) for looking at; set
/// HAMR_HAND_OBJ_DIR to keep them (otherwise a temporary folder is used and removed).
/// </summary>
public sealed class ShapeSampleObjTests
{
    [Fact]
    public void Obj_dumps_of_beta_samples_hold_the_whole_mesh_with_uvs()
    {
        var model = OpenHandModel.LoadRight();
        var keep = Environment.GetEnvironmentVariable("HAMR_HAND_OBJ_DIR");
        var folder = keep ?? Path.Combine(Path.GetTempPath(), $"hamr-hand-shapes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var shapes = new List<(string Name, float[] Beta)>
            {
                ("beta0-template", new float[10]),
                ("beta1-minus2", [-2, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                ("beta1-plus2", [2, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                ("beta2-minus2", [0, -2, 0, 0, 0, 0, 0, 0, 0, 0]),
                ("beta2-plus2", [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
            };
            var random = new TensorRandom(42);
            for (int r = 0; r < 3; r++)
            {
                shapes.Add(($"random{r}", [.. Enumerable.Range(0, 10).Select(_ => random.NextGaussian())]));
            }

            foreach (var (name, beta) in shapes)
            {
                var path = Path.Combine(folder, $"open-hand-right-{name}.obj");
                double length = HandModelMeasures.HandLength(model, beta);
                WriteObj(path, model, HandModelMeasures.ShapedVertices(model, beta), $"β = [{string.Join(", ", beta.Select(b => b.ToString("0.##", CultureInfo.InvariantCulture)))}], hand length {length * 100:0.0} cm");

                var lines = File.ReadAllLines(path);
                Assert.Equal(model.VertexCount, lines.Count(l => l.StartsWith("v ", StringComparison.Ordinal)));
                Assert.Equal(model.Uv!.UvVertexCount, lines.Count(l => l.StartsWith("vt ", StringComparison.Ordinal)));
                Assert.Equal(model.FaceCount, lines.Count(l => l.StartsWith("f ", StringComparison.Ordinal)));
                Assert.DoesNotContain(lines, l => l.Contains("NaN", StringComparison.Ordinal));
            }
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>A plain OBJ: v (metres), vt (v flipped to OBJ's bottom-left origin), f v/vt, 1-based.</summary>
    private static void WriteObj(string path, HandModel model, float[] vertices, string comment)
    {
        var uv = model.Uv!;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {model.Name}: {comment}\n");
        for (int i = 0; i < model.VertexCount; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"v {vertices[i * 3]:R} {vertices[(i * 3) + 1]:R} {vertices[(i * 3) + 2]:R}\n");
        }

        for (int u = 0; u < uv.UvVertexCount; u++)
        {
            text.Append(CultureInfo.InvariantCulture, $"vt {uv.Uvs[2 * u]:R} {1 - uv.Uvs[(2 * u) + 1]:R}\n");
        }

        for (int f = 0; f < model.FaceCount; f++)
        {
            text.Append('f');
            for (int c = 0; c < 3; c++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {model.Faces[(3 * f) + c] + 1}/{uv.UvFaces[(3 * f) + c] + 1}");
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
