using Hamr.Cli.Verbs;
using Hamr.Data.Datasets;
using Hamr.Imaging.Codecs;

namespace Hamr.Cli.Tests.Verbs;

public sealed class SynthVerbTests
{
    [Fact]
    public void Synth_writes_images_masks_annotations_and_a_contact_sheet()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hamr-cli-synth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var log = new StringWriter();
            var arguments = SynthVerb.Parse(["--count", "5", "--seed", "3", "--size", "64", "--out", dir]);
            Assert.NotNull(arguments);
            SynthVerb.Synthesize(arguments, log);

            var folder = HandDatasetFolder.Open(dir);
            Assert.Equal(5, folder.Count);
            Assert.Equal(3UL, folder.Header.Seed);
            for (int i = 0; i < 5; i++)
            {
                Assert.True(File.Exists(Path.Combine(dir, "images", $"{i:D6}.png")));
                Assert.True(File.Exists(Path.Combine(dir, "masks", $"{i:D6}.png")));
                Assert.Equal(64, folder.LoadImage(i).Width);
            }
            // Five tiles in a grid three wide (⌈√5⌉), 64-px tiles with 2-px gutters.
            var sheet = Png.Load(Path.Combine(dir, "contact_sheet.png"));
            Assert.Equal(3 * 66 + 2, sheet.Width);
            Assert.Equal(2 * 66 + 2, sheet.Height);
            string text = log.ToString();
            Assert.Contains("samples/s", text, StringComparison.Ordinal);
            Assert.Contains("CPU", text, StringComparison.Ordinal);
            Assert.Contains("contact_sheet.png", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(new[] { "--seed", "1", "--out", "x" }, "--count")]
    [InlineData(new[] { "--count", "1", "--out", "x" }, "--seed")]
    [InlineData(new[] { "--count", "1", "--seed", "1" }, "--out")]
    [InlineData(new[] { "--count", "1", "--seed", "1", "--out", "x", "--size", "8" }, "--size 8")]
    [InlineData(new[] { "--count", "1", "--seed", "1", "--out", "x", "--frobnicate" }, "unknown option")]
    [InlineData(new[] { "--count", "1", "--seed", "1", "--out", "x", "--backgrounds", "/no/such/folder" }, "does not exist")]
    public void Bad_arguments_are_usage_errors(string[] args, string problem)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SynthVerb.Parse(args));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, SynthVerb.Run(args));
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains("usage: hamr synth", error.ToString(), StringComparison.Ordinal);
    }
}
