using System.Globalization;
using System.Numerics;
using System.Text;

namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>
/// The text forms of protocol 0: Python 2 <c>repr</c> of a byte string (STRING), raw-unicode-escape (UNICODE),
/// decimal ints (INT, LONG) and float reprs (FLOAT). Each returns null when the text is malformed; the caller
/// makes the typed error.
/// </summary>
internal static class PickleText
{
    /// <summary>Python caps int ↔ decimal string conversion at 4300 digits (sys.int_info.default_max_str_digits).</summary>
    public const int MaxIntDigits = 4300;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 to text, or null when the bytes are not valid UTF-8.</summary>
    public static string? Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Text to Latin-1 bytes, or null when a character is above U+00FF.</summary>
    public static byte[]? Latin1Bytes(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
            {
                return null;
            }

            bytes[i] = (byte)text[i];
        }

        return bytes;
    }

    /// <summary>Decodes a quoted Python 2 string literal ('...' or "...") with its backslash escapes.</summary>
    public static byte[]? PythonStringLiteral(ReadOnlySpan<byte> line)
    {
        if (line.Length < 2 || (line[0] != '\'' && line[0] != '"') || line[^1] != line[0])
        {
            return null;
        }

        var body = line[1..^1];
        var result = new List<byte>(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            byte c = body[i];
            if (c != '\\')
            {
                result.Add(c);
                continue;
            }

            if (++i >= body.Length)
            {
                return null;
            }

            c = body[i];
            switch (c)
            {
                case (byte)'\n': break; // line continuation
                case (byte)'\\': result.Add((byte)'\\'); break;
                case (byte)'\'': result.Add((byte)'\''); break;
                case (byte)'"': result.Add((byte)'"'); break;
                case (byte)'a': result.Add(7); break;
                case (byte)'b': result.Add(8); break;
                case (byte)'f': result.Add(12); break;
                case (byte)'n': result.Add(10); break;
                case (byte)'r': result.Add(13); break;
                case (byte)'t': result.Add(9); break;
                case (byte)'v': result.Add(11); break;
                case (byte)'x':
                    int hi = i + 2 < body.Length ? HexValue(body[i + 1]) : -1;
                    int lo = i + 2 < body.Length ? HexValue(body[i + 2]) : -1;
                    if (hi < 0 || lo < 0)
                    {
                        return null;
                    }

                    result.Add((byte)((hi << 4) | lo));
                    i += 2;
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    int value = c - '0';
                    for (int k = 0; k < 2 && i + 1 < body.Length && body[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        value = (value << 3) | (body[++i] - '0');
                    }

                    result.Add((byte)value);
                    break;
                default:
                    // Python keeps an unknown escape as the backslash and the character.
                    result.Add((byte)'\\');
                    result.Add(c);
                    break;
            }
        }

        return [.. result];
    }

    /// <summary>Decodes raw-unicode-escape: \uXXXX and \UXXXXXXXX escapes, every other byte a Latin-1 character.</summary>
    public static string? RawUnicodeEscape(ReadOnlySpan<byte> line)
    {
        var sb = new StringBuilder(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            byte c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] is (byte)'u' or (byte)'U')
            {
                // An odd run of backslashes escapes; Python's codec only treats \u after an unescaped backslash,
                // and protocol 0 writes a literal backslash as \u005c, so a plain '\\' never precedes 'u' here.
                int digits = line[i + 1] == 'u' ? 4 : 8;
                if (i + 2 + digits > line.Length)
                {
                    return null;
                }

                int code = 0;
                for (int k = 0; k < digits; k++)
                {
                    int h = HexValue(line[i + 2 + k]);
                    if (h < 0)
                    {
                        return null;
                    }

                    code = (code << 4) | h;
                    if (code > 0x10FFFF)
                    {
                        return null;
                    }
                }

                if (code is >= 0xD800 and <= 0xDFFF)
                {
                    sb.Append((char)code); // lone surrogates survive as in Python's 'surrogatepass'
                }
                else
                {
                    sb.Append(char.ConvertFromUtf32(code));
                }

                i += 1 + digits;
            }
            else
            {
                sb.Append((char)c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Parses a decimal integer (optional sign, optional trailing 'L' of Python 2 longs); long when it fits.</summary>
    public static object? Integer(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == 'L')
        {
            line = line[..^1];
        }

        if (line.Length == 0 || line.Length > MaxIntDigits + 1)
        {
            return null;
        }

        int start = line[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (start == line.Length)
        {
            return null;
        }

        for (int i = start; i < line.Length; i++)
        {
            if (line[i] is < (byte)'0' or > (byte)'9')
            {
                return null;
            }
        }

        string text = Encoding.ASCII.GetString(line);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long small))
        {
            return small;
        }

        return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses Python's float repr ("1.5", "-2.25e-10", "inf", "nan").</summary>
    public static double? Float(ReadOnlySpan<byte> line)
    {
        if (line.Length == 0 || line.Length > 64)
        {
            return null;
        }

        string text = Encoding.ASCII.GetString(line).ToLowerInvariant();
        switch (text)
        {
            case "inf" or "+inf": return double.PositiveInfinity;
            case "-inf": return double.NegativeInfinity;
            case "nan" or "+nan" or "-nan": return double.NaN;
        }

        foreach (char ch in text)
        {
            if (!(char.IsAsciiDigit(ch) || ch is '+' or '-' or '.' or 'e'))
            {
                return null;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
