using Hamr.Model.Evaluation;
using Hamr.Model.Evaluation.Readers;
using Hamr.Model.Tests.Support;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>The annotations_mp21.json reader on the committed synthetic file, on hostile variants of it, and on ../shared/eval.</summary>
public sealed class AnnotationFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-annotations-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_synthetic_file_reads_with_units_converted_to_metres()
    {
        var set = AnnotationFile.Read(EvalPaths.SyntheticAnnotations);
        Assert.Equal(4, set.Samples.Count);
        Assert.StartsWith("tools/eval/make_fixture.py", set.Source, StringComparison.Ordinal);

        // Samples 0, 1, 2 are one hand written in cm, mm and m: the same metres after reading, mean bone 0.0403 m.
        var cm = set.Samples[0].Joints3DMeters!;
        for (int i = 1; i <= 2; i++)
        {
            var other = set.Samples[i].Joints3DMeters!;
            Assert.All(Enumerable.Range(0, 63), j => Assert.Equal(cm[j], other[j], 6));
        }

        Assert.Equal(0.0403, HandMetrics.MeanBoneLength(cm), 6);
        Assert.InRange(cm[2], 0.3f, 0.6f); // the wrist's depth, ~0.45 m

        // Images resolve relative to the file; visibility from numbers, floats and booleans; 2D-only sample 3.
        string folder = Path.GetDirectoryName(EvalPaths.SyntheticAnnotations)!;
        Assert.Equal(Path.Combine(folder, "images", "0.png"), set.Samples[0].ImagePath);
        Assert.Equal(Path.Combine(folder, "more", "3.png"), set.Samples[3].ImagePath);
        Assert.All(set.Samples, s => Assert.True(File.Exists(s.ImagePath)));
        Assert.True(Enumerable.Range(0, 21).All(set.Samples[0].IsVisible));
        int[] hidden = [4, 8, 20];
        foreach (var s in set.Samples.Skip(1).Take(2))
        {
            Assert.Equal(hidden, Enumerable.Range(0, 21).Where(k => !s.IsVisible(k)));
        }

        Assert.Null(set.Samples[3].Joints3DMeters);
        Assert.Null(set.Samples[3].IntrinsicsK);
        Assert.Null(set.Samples[3].Visible);
        Assert.Equal([300.0, 0, 8, 0, 300, 8, 0, 0, 1], set.Samples[0].IntrinsicsK!);
        Assert.Equal(14.666667f, set.Samples[0].Keypoints2DPx[0], 4);
    }

    [Theory]
    [InlineData("{\"samples\": 3}", null, "\"samples\" array")]
    [InlineData("[1]", 0, "expected an object")]
    [InlineData("[{\"kp2d\": KP}]", 0, "\"image\"")]
    [InlineData("[{\"image\": \"a.png\"}]", 0, "\"kp2d\"")]
    [InlineData("[{\"image\": \"a.png\", \"kp2d\": [[1, 2]]}]", 0, "21 rows of 2")]
    [InlineData("[{\"image\": \"a.png\", \"kp2d\": KP}, {\"image\": \"b.png\", \"kp2d\": KP, \"vis\": [1, 0]}]", 1, "\"vis\"")]
    [InlineData("[{\"image\": \"a.png\", \"kp2d\": KP, \"joints3d_cam\": J3}]", 0, "joints3d_unit")]
    [InlineData("[{\"image\": \"a.png\", \"kp2d\": KP, \"joints3d_cam\": J3, \"joints3d_unit\": \"inch\"}]", 0, "\"inch\"")]
    [InlineData("[{\"image\": \"a.png\", \"kp2d\": KP, \"K\": [[1, 0, 0], [0, 1, 0]]}]", 0, "\"K\" must be 3 rows of 3")]
    [InlineData("[{\"image\": \"a.png\", \"kp2d\": KP, \"joints3d_cam\": J3BAD, \"joints3d_unit\": \"m\"}]", 0, "row 20 holds \"x\"")]
    [InlineData("{\"samples\": [", null, "not valid JSON")]
    public void Malformed_entries_name_the_file_and_the_sample(string json, int? sample, string problem)
    {
        string kp = "[" + string.Join(",", Enumerable.Repeat("[1, 2]", 21)) + "]";
        string j3 = "[" + string.Join(",", Enumerable.Repeat("[1, 2, 3]", 21)) + "]";
        string j3Bad = "[" + string.Join(",", Enumerable.Repeat("[1, 2, 3]", 20)) + ", [1, 2, \"x\"]]";
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, json.Replace("J3BAD", j3Bad, StringComparison.Ordinal).Replace("KP", kp, StringComparison.Ordinal).Replace("J3", j3, StringComparison.Ordinal));
        var e = Assert.Throws<EvalFormatException>(() => AnnotationFile.Read(path));
        Assert.Equal(path, e.SourceName);
        Assert.Equal(sample, e.SampleIndex);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_typed_error()
    {
        var e = Assert.Throws<EvalFormatException>(() => AnnotationFile.Read(Path.Combine(_folder, "none.json")));
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [SharedEvalFact]
    public void The_shared_eval_files_read_with_their_counts_and_units()
    {
        Assert.True(EvalPaths.SharedEval is not null, "../shared/eval is required under CI=true");
        (string Name, int Count, bool Has3D)[] expected =
        [
            ("ge2019-realworld-dev", 146, true),
            ("samples/coco_wholebody", 10, false),
            ("samples/freihand", 8, false),
            ("samples/interhand2.6m", 6, true),
            ("samples/onehand10k", 4, false),
            ("samples/panoptic", 4, false),
            ("samples/rhd", 3, true),
        ];
        foreach (var (name, count, has3D) in expected)
        {
            var set = AnnotationFile.Read(Path.Combine(EvalPaths.SharedEval!, name, "annotations_mp21.json"));
            Assert.Equal(count, set.Samples.Count);
            foreach (var s in set.Samples)
            {
                Assert.True(File.Exists(s.ImagePath), $"{name} sample {s.Index}: {s.ImagePath} missing");
                Assert.Equal(has3D, s.Joints3DMeters is not null);
                if (s.Joints3DMeters is not { } joints)
                {
                    continue;
                }

                // Whatever the file's unit (cm, mm), a real hand's mean bone is a few centimetres and it stands
                // 0.1–3 m in front of the camera once converted to metres.
                Assert.InRange(HandMetrics.MeanBoneLength(joints), 0.015, 0.06);
                Assert.InRange(joints[2], 0.1f, 3f);

                // The files' kp2d are projections of joints3d_cam with K: reproject to check K's layout.
                var k = s.IntrinsicsK!;
                for (int j = 0; j < 21; j++)
                {
                    double x = joints[3 * j], y = joints[3 * j + 1], z = joints[3 * j + 2];
                    double w = k[6] * x + k[7] * y + k[8] * z;
                    Assert.Equal(s.Keypoints2DPx[2 * j], (k[0] * x + k[1] * y + k[2] * z) / w, 0.5);
                    Assert.Equal(s.Keypoints2DPx[2 * j + 1], (k[3] * x + k[4] * y + k[5] * z) / w, 0.5);
                }
            }
        }

        var ge = AnnotationFile.Read(Path.Combine(EvalPaths.SharedEval!, "ge2019-realworld-dev", "annotations_mp21.json"));
        Assert.All(ge.Samples, s => Assert.True(Enumerable.Range(0, 21).All(s.IsVisible)));
    }
}
