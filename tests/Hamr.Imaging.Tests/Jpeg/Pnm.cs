using System.Text;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>Reads binary PPM (P6) and PGM (P5) files with maxval 255, as djpeg writes them.</summary>
internal static class Pnm
{
    public static Image Read(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        int position = 0;
        string magic = Token(data, ref position);
        int width = int.Parse(Token(data, ref position));
        int height = int.Parse(Token(data, ref position));
        int maxValue = int.Parse(Token(data, ref position));
        position++; // the single whitespace byte after maxval
        int channels = magic switch
        {
            "P6" => 3,
            "P5" => 1,
            _ => throw new InvalidDataException($"{path}: not a binary PPM/PGM ({magic})"),
        };
        if (maxValue != 255)
        {
            throw new InvalidDataException($"{path}: maxval {maxValue}, expected 255");
        }

        return new Image(width, height, channels, data.AsSpan(position, width * height * channels).ToArray());
    }

    private static string Token(byte[] data, ref int position)
    {
        while (char.IsWhiteSpace((char)data[position]) || data[position] == '#')
        {
            if (data[position] == '#')
            {
                while (data[position] != '\n')
                {
                    position++;
                }
            }

            position++;
        }

        var token = new StringBuilder();
        while (!char.IsWhiteSpace((char)data[position]))
        {
            token.Append((char)data[position++]);
        }

        return token.ToString();
    }
}
