using Hamr.Imaging.Codecs;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Our decoder against djpeg's output on the cjpeg fixtures (every sampling, progressive, restarts…). In the Kernels
/// category so test.sh reruns it without SIMD: the scalar fallbacks must match djpeg exactly too.
/// </summary>
[Trait("Category", "Kernels")]
public sealed class JpegGoldenTests
{
    public static TheoryData<string> Fixtures() => new(JpegFixtures.Names());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_equals_djpeg(string name)
    {
        var ours = Jpeg.Load(JpegFixtures.Jpeg(name), applyExifOrientation: false);
        var golden = Pnm.Read(JpegFixtures.Golden(name));
        Assert.Equal(0, ImageDiff.MaxAbs(ours, golden));
    }
}
