using Hamr.Imaging.Codecs;
using Xunit.Abstractions;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Mutated fixtures (fixed seed, a few thousand cases) either decode or raise <see cref="ImageFormatException"/>;
/// any other exception fails with the case and mutation that caused it. A longer run: the benchmarks'
/// `fuzz-jpeg --cases N --seed S` verb.
/// </summary>
public sealed class JpegFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_files_decode_or_raise_image_format_exception()
    {
        var originals = JpegFixtures.Names().Concat(["exif6_420_48x40", "exif6_422_37x23", "exif3_444_48x40"])
            .Select(JpegFixtures.Bytes)
            .ToArray();
        var mutator = new JpegMutator(seed: 20260522);
        var failures = new List<string>();
        int decoded = 0, refused = 0;
        for (int i = 0; i < 3000; i++)
        {
            int source = i % originals.Length;
            var (data, description) = mutator.Mutate(originals[source]);
            try
            {
                var image = Jpeg.Decode(data, $"case {i}");
                Assert.True(image.Channels is 1 or 3);
                decoded++;
            }
            catch (ImageFormatException)
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"case {i} (fixture {source}, {description}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{decoded} decoded, {refused} refused, {failures.Count} other failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(decoded > 300 && refused > 300, $"{decoded} decoded, {refused} refused: the mutations should exercise both paths");
    }
}
