using Hamr.Imaging.Codecs;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Our decoder against djpeg's output on the cjpeg fixtures (every sampling, progressive, restarts…).</summary>
public sealed class JpegGoldenTests
{
    public static TheoryData<string> Fixtures() => new(JpegFixtures.Names());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_matches_djpeg_within_one_level(string name)
    {
        var ours = Jpeg.Load(JpegFixtures.Jpeg(name), applyExifOrientation: false);
        var golden = Pnm.Read(JpegFixtures.Golden(name));
        Assert.Equal(0, ImageDiff.MaxAbs(ours, golden));
    }
}
