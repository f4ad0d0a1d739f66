using System.Text;

namespace Hamr.HandModel.Tests.Support;

/// <summary>Paths of the fixtures made by tools/mano/make_fixtures.py, and a builder for hand-written pickles.</summary>
internal static class ManoFixtures
{
    /// <summary>Fingertip vertices the small fixtures use (the script's TIPS).</summary>
    public static readonly int[] SmallTips = [1, 4, 7, 10, 13];

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "mano", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>Concatenates parts: an int is one byte, a string is its Latin-1 bytes, a byte[] is copied.</summary>
    public static byte[] P(params object[] parts)
    {
        var result = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case int b: result.Add(checked((byte)b)); break;
                case string s: result.AddRange(Encoding.Latin1.GetBytes(s)); break;
                case byte[] a: result.AddRange(a); break;
                default: throw new ArgumentException($"unsupported part {part}");
            }
        }

        return [.. result];
    }
}
