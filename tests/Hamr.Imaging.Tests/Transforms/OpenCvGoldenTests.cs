using System.Numerics;
using System.Text.Json;
using Hamr.Imaging.Transforms;

namespace Hamr.Imaging.Tests.Transforms;

/// <summary>
/// Warp, resize and blur against OpenCV 4.6 (tools/imaging/make_transform_goldens.py). Tolerance ±1 level:
/// OpenCV computes in fixed point (warp: sample grid of 1/32 pixel and 15-bit weights; resize INTER_LINEAR:
/// 11-bit weights; 8-bit Gaussian: 8-bit kernel taps), Hamr in 1/256-pixel positions or float; the warp inputs are
/// smooth (≤ 25 levels per pixel) so OpenCV's coarser sample grid moves a value by less than half a level.
/// The exception is the one-pixel band where a warp's sample straddles the source edge and blends in a constant
/// border colour: there the image jumps by up to 255 levels per pixel, and OpenCV's 1/64-pixel rounding of the
/// sample position alone moves the result by up to 255/64 ≈ 4 levels per axis, so that band gets ±6.
/// </summary>
// Vector paths (warp pixels, blur rows): rerun by test.sh with hardware intrinsics off.
[Trait("Category", "Kernels")]
public sealed class OpenCvGoldenTests
{
    private const int Tolerance = 1;
    private const int BorderBandTolerance = 6;

    public static TheoryData<string> Cases(string section)
    {
        var data = new TheoryData<string>();
        foreach (var c in OpenCvFixtures.Manifest(section).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }

    private static JsonElement Case(string section, string name) =>
        OpenCvFixtures.Manifest(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(Cases), "warp")]
    public void WarpAffine_matches_OpenCV_warpAffine_within_one_level(string name)
    {
        var c = Case("warp", name);
        var source = OpenCvFixtures.Load(c.GetProperty("input").GetString()!);
        var expected = OpenCvFixtures.Load(c.GetProperty("output").GetString()!);
        double[] m = c.GetProperty("matrix").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var affine = new Affine2(m[0], m[1], m[2], m[3], m[4], m[5]);
        Border border = c.GetProperty("border").GetString() == "replicate"
            ? Border.Replicate
            : Border.Constant(Colour(c.GetProperty("colour")));

        var actual = ImageTransforms.WarpAffine(source, affine, expected.Width, expected.Height, border);

        var inverse = affine.Inverse;
        int interiorMax = 0, bandMax = 0, bandPixels = 0;
        for (int y = 0; y < actual.Height; y++)
        {
            for (int x = 0; x < actual.Width; x++)
            {
                // Sample position in source index space (pixel centres at integers), as the warp computes it.
                var (u, v) = inverse.Apply(x + 0.5, y + 0.5);
                u -= 0.5;
                v -= 0.5;
                bool band = border.Mode == BorderMode.Constant
                    && ((u > -1 && u < 0) || (u > source.Width - 1 && u < source.Width) || (v > -1 && v < 0) || (v > source.Height - 1 && v < source.Height));
                bandPixels += band ? 1 : 0;
                for (int ch = 0; ch < actual.Channels; ch++)
                {
                    int d = Math.Abs(actual[x, y, ch] - expected[x, y, ch]);
                    interiorMax = band ? interiorMax : Math.Max(interiorMax, d);
                    bandMax = band ? Math.Max(bandMax, d) : bandMax;
                }
            }
        }
        Assert.InRange(interiorMax, 0, Tolerance);
        Assert.InRange(bandMax, 0, BorderBandTolerance);
        Assert.InRange(bandPixels, 0, actual.Width * actual.Height / 4);
    }

    [Theory]
    [MemberData(nameof(Cases), "warp")]
    public void CropBox_builds_the_same_matrix_as_the_reference_script(string name)
    {
        var c = Case("warp", name);
        if (c.GetProperty("crop").ValueKind == JsonValueKind.Null)
        {
            return;
        }
        double[] p = c.GetProperty("crop").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        double[] m = c.GetProperty("matrix").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var box = new CropBox(new Vector2((float)p[0], (float)p[1]), (float)p[2], (float)p[3]);

        var actual = box.SourceToCrop((int)p[4]);

        double[] got = [actual.M00, actual.M01, actual.M02, actual.M10, actual.M11, actual.M12];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(m[i], got[i], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases), "resize")]
    public void Resize_matches_OpenCV_area_down_and_linear_up_within_one_level(string name)
    {
        var c = Case("resize", name);
        var source = OpenCvFixtures.Load(c.GetProperty("input").GetString()!);
        var expected = OpenCvFixtures.Load(c.GetProperty("output").GetString()!);

        var actual = ImageTransforms.Resize(source, expected.Width, expected.Height);

        Assert.InRange(OpenCvFixtures.MaxDifference(actual, expected), 0, Tolerance);
    }

    [Fact]
    public void Area_shrink_by_two_matches_OpenCV_exactly()
    {
        var c = Case("resize", "area_exact2");
        var source = OpenCvFixtures.Load(c.GetProperty("input").GetString()!);
        var expected = OpenCvFixtures.Load(c.GetProperty("output").GetString()!);

        Assert.Equal(expected.Pixels, ImageTransforms.Resize(source, expected.Width, expected.Height).Pixels);
    }

    [Theory]
    [MemberData(nameof(Cases), "blur")]
    public void GaussianBlur_matches_OpenCV_reflect101_within_one_level(string name)
    {
        var c = Case("blur", name);
        var source = OpenCvFixtures.Load(c.GetProperty("input").GetString()!);
        var expected = OpenCvFixtures.Load(c.GetProperty("output").GetString()!);

        var actual = ImageTransforms.GaussianBlur(source, c.GetProperty("sigma").GetDouble());

        Assert.InRange(OpenCvFixtures.MaxDifference(actual, expected), 0, Tolerance);
    }

    private static Rgba Colour(JsonElement rgba)
    {
        byte[] v = rgba.EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
        return new Rgba(v[0], v[1], v[2], v[3]);
    }
}
