namespace Hamr.Imaging.Tests.Codecs;

/// <summary>The cjpeg/djpeg golden files made by tools/jpeg/make_fixtures.sh, copied next to the test assembly.</summary>
internal static class JpegFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "jpeg");

    /// <summary>Names (without extension) of the fixtures that have a plain djpeg golden beside them.</summary>
    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.jpg")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Where(n => File.Exists(Golden(n)))
            .Order(StringComparer.Ordinal);

    public static string Jpeg(string name) => Path.Combine(Directory, name + ".jpg");

    /// <summary>djpeg's output for the fixture (PPM for colour, PGM for gray), or a path that does not exist.</summary>
    public static string Golden(string name)
    {
        string ppm = Path.Combine(Directory, name + ".ppm");
        return File.Exists(ppm) ? ppm : Path.Combine(Directory, name + ".pgm");
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(Jpeg(name));
}
