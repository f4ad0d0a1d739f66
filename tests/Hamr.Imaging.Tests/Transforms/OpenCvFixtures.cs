using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hamr.Imaging.Tests.Transforms;

/// <summary>Reads the OpenCV goldens made by tools/imaging/make_transform_goldens.py (uint8 H×W×C .npy files and a manifest).</summary>
internal static partial class OpenCvFixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "imaging", "transforms");

    public static JsonElement Manifest(string section)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return doc.RootElement.GetProperty(section).Clone();
    }

    /// <summary>Loads name.npy (NumPy format 1.0/2.0, dtype |u1, C order, shape (H, W, C)) as an image.</summary>
    public static Image Load(string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".npy"));
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{name}.npy: not a NumPy file");
        }
        int headerLength = bytes[6] == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int dataStart = (bytes[6] == 1 ? 10 : 12) + headerLength;
        string header = Encoding.ASCII.GetString(bytes, dataStart - headerLength, headerLength);
        if (!header.Contains("'|u1'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}.npy: expected C-order uint8, header {header}");
        }
        var shape = ShapePattern().Match(header);
        if (!shape.Success)
        {
            throw new InvalidDataException($"{name}.npy: expected a (H, W, C) shape, header {header}");
        }
        int h = int.Parse(shape.Groups[1].Value), w = int.Parse(shape.Groups[2].Value), c = int.Parse(shape.Groups[3].Value);
        return new Image(w, h, c, bytes[dataStart..]);
    }

    /// <summary>Largest absolute difference between two images of one shape.</summary>
    public static int MaxDifference(Image a, Image b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels), (b.Width, b.Height, b.Channels));
        int max = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a.Pixels[i] - b.Pixels[i]));
        }
        return max;
    }

    [GeneratedRegex(@"'shape': \((\d+), (\d+), (\d+)\)")]
    private static partial Regex ShapePattern();
}
