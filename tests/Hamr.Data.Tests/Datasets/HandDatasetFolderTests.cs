using System.Text;
using Hamr.Data.Datasets;
using Hamr.Data.Synthetic;
using Hamr.Data.Tests.Synthetic;
using Hamr.Imaging.Codecs;
using Hamr.Tests.Shared;

namespace Hamr.Data.Tests.Datasets;

public sealed class HandDatasetFolderTests
{
    private static readonly SyntheticOptions s_options = new() { Seed = 11 };

    [Fact]
    public void Written_dataset_reads_back_equal_to_the_generated_samples()
    {
        using var dir = new TempDirectory();
        var reports = new List<DatasetProgress>();
        var header = SyntheticDatasetWriter.Write(dir.Path, s_options, 8, new ListProgress(reports), workers: 2);
        Assert.Equal(8, reports[^1].Done);
        Assert.Equal(8, reports[^1].Total);

        var folder = HandDatasetFolder.Open(dir.Path);
        Assert.Equal(header, folder.Header with { Conventions = header.Conventions });
        Assert.Equal(8, folder.Count);
        Assert.Equal(11UL, folder.Header.Seed);
        Assert.Equal(128, folder.Header.Size);
        Assert.Equal(SyntheticOptions.GeneratorVersion, folder.Header.GeneratorVersion);
        Assert.Contains("keypoints_2d", folder.Header.Conventions.Keys);
        var generator = Generators.Default;
        for (int i = 0; i < 8; i++)
        {
            var expected = Generators.Make(generator, i);
            var a = folder.Samples[i];
            Assert.Equal(i, a.Index);
            Assert.Equal($"images/{i:D6}.png", a.ImageFile);
            Assert.Equal($"masks/{i:D6}.png", a.MaskFile);
            Assert.Equal(expected.Image.Pixels, folder.LoadImage(i).Pixels);
            Assert.Equal(expected.Mask, folder.LoadMask(i).Pixels);
            Assert.Equal(expected.Side, a.Side);
            Assert.Equal(expected.Keypoints2D, a.Keypoints2D);
            Assert.Equal(expected.Keypoints3D, a.Keypoints3D);
            Assert.Equal(expected.Visible, a.Visible);
            Assert.Equal(expected.Intrinsics, a.Intrinsics);
            Assert.Equal(expected.Camera, a.Camera);
            Assert.Equal(expected.Beta, a.Beta);
            Assert.Equal(expected.Theta, a.Theta);
            Assert.Equal(expected.GlobalRotation, a.GlobalRotation);
            Assert.Equal(expected.Translation, a.Translation);
            Assert.Equal(expected.SkinTone, a.SkinTone);
            Assert.Equal(expected.Occluders, a.Occluders);
        }
        Assert.False(File.Exists(Path.Combine(dir.Path, "annotations.json.tmp")));
    }

    [Fact]
    public void Folder_without_annotations_is_an_error_naming_the_file()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<HandDatasetFormatException>(() => HandDatasetFolder.Open(dir.Path));
        Assert.Equal(Path.Combine(dir.Path, "annotations.json"), e.Path);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
        Assert.Throws<HandDatasetFormatException>(() => HandDatasetFolder.Open(Path.Combine(dir.Path, "nope")));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not an object")]
    [InlineData("{\"format\":\"other\"}", "format is 'other'")]
    [InlineData("{\"format\":\"hamr-hand-dataset\",\"format_version\":2}", "format_version 2")]
    [InlineData("{\"format\":\"hamr-hand-dataset\",\"format_version\":1,\"conventions\":{},\"generator\":\"g\",\"generator_version\":1,\"seed\":1,\"size\":128,\"count\":2,\"samples\":[]}", "count says 2")]
    [InlineData("{\"format\":\"hamr-hand-dataset\",\"format_version\":1,\"conventions\":{},\"generator\":\"g\",\"generator_version\":1,\"seed\":-1,\"size\":128,\"count\":0,\"samples\":[]}", "seed")]
    public void Malformed_annotations_raise_a_typed_error_naming_the_file(string json, string problem)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "annotations.json"), json, Encoding.UTF8);
        var e = Assert.Throws<HandDatasetFormatException>(() => HandDatasetFolder.Open(dir.Path));
        Assert.Contains("annotations.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_samples_are_reported_with_the_field_and_file()
    {
        using var dir = new TempDirectory();
        SyntheticDatasetWriter.Write(dir.Path, s_options with { Degrade = false }, 2, null, workers: 1);
        string path = Path.Combine(dir.Path, "annotations.json");
        string json = File.ReadAllText(path);

        File.WriteAllText(path, json.Replace("\"visible\":[", "\"visible\":[3,", StringComparison.Ordinal));
        var e = Assert.Throws<HandDatasetFormatException>(() => HandDatasetFolder.Open(dir.Path));
        Assert.Contains("sample 0: field 'visible' holds 22 values, expected 21", e.Message, StringComparison.Ordinal);

        File.WriteAllText(path, json.Replace("\"image\":\"images/000001.png\"", "\"image\":\"../outside.png\"", StringComparison.Ordinal));
        e = Assert.Throws<HandDatasetFormatException>(() => HandDatasetFolder.Open(dir.Path));
        Assert.Contains("sample 1: field 'image'", e.Message, StringComparison.Ordinal);

        File.WriteAllText(path, json);
        var folder = HandDatasetFolder.Open(dir.Path);
        File.Delete(Path.Combine(dir.Path, "images", "000001.png"));
        e = Assert.Throws<HandDatasetFormatException>(() => folder.LoadImage(1));
        Assert.EndsWith("000001.png", e.Path, StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(dir.Path, "masks", "000000.png"), [1, 2, 3]);
        e = Assert.Throws<HandDatasetFormatException>(() => folder.LoadMask(0));
        Assert.Contains("not a valid PNG", e.Message, StringComparison.Ordinal);
        // A PNG of the wrong size is named too.
        Png.Save(new Hamr.Imaging.Image(4, 4, 3), Path.Combine(dir.Path, "images", "000000.png"));
        e = Assert.Throws<HandDatasetFormatException>(() => folder.LoadImage(0));
        Assert.Contains("4×4×3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_a_folder_replaces_its_annotations()
    {
        using var dir = new TempDirectory();
        SyntheticDatasetWriter.Write(dir.Path, 3, 3, 64);
        SyntheticDatasetWriter.Write(dir.Path, 4, 2, 64);
        var folder = HandDatasetFolder.Open(dir.Path);
        Assert.Equal(4UL, folder.Header.Seed);
        Assert.Equal(2, folder.Count);
        Assert.Equal(64, folder.LoadImage(1).Width);
    }

    private sealed class ListProgress(List<DatasetProgress> reports) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => reports.Add(value);
    }
}
