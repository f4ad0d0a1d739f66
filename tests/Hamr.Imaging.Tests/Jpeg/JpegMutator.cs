using System.Globalization;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Deterministic corruption of JPEG files for fuzzing: bit flips, byte replacements (marker bytes favoured),
/// truncation, marker-segment length corruption, inserted bytes and markers, and header-field scribbles. The same
/// seed gives the same sequence of cases. Shared by the fuzz test and the `fuzz-jpeg` benchmark verb.
/// </summary>
public sealed class JpegMutator(int seed)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 0xC0, 0xC2, 0xC4, 0xD0, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDD, 0xE1];

    private readonly Random _random = new(seed);

    /// <summary>One mutated copy of <paramref name="original"/> and a short description of what was done.</summary>
    public (byte[] Data, string Description) Mutate(byte[] original)
    {
        var data = new List<byte>(original);
        var what = new List<string>();
        int rounds = 1 + (_random.Next(4) == 0 ? _random.Next(4) : 0);
        for (int r = 0; r < rounds && data.Count > 0; r++)
        {
            what.Add(_random.Next(7) switch
            {
                0 => FlipBits(data),
                1 => ReplaceBytes(data),
                2 => Truncate(data),
                3 => CorruptSegmentLength(data),
                4 => Insert(data),
                5 => ScribbleHeader(data),
                _ => ReplaceBytes(data),
            });
        }

        return ([.. data], string.Join("; ", what));
    }

    private string FlipBits(List<byte> data)
    {
        int n = 1 + _random.Next(8);
        for (int i = 0; i < n; i++)
        {
            int at = _random.Next(data.Count);
            data[at] ^= (byte)(1 << _random.Next(8));
        }

        return $"flip {n} bits";
    }

    private string ReplaceBytes(List<byte> data)
    {
        int n = 1 + _random.Next(4);
        for (int i = 0; i < n; i++)
        {
            int at = _random.Next(data.Count);
            data[at] = _random.Next(2) == 0 ? Interesting[_random.Next(Interesting.Length)] : (byte)_random.Next(256);
        }

        return $"replace {n} bytes";
    }

    private string Truncate(List<byte> data)
    {
        int length = _random.Next(data.Count);
        data.RemoveRange(length, data.Count - length);
        return $"truncate to {length}";
    }

    /// <summary>Sets the length field of a random marker segment to a nearby or extreme value.</summary>
    private string CorruptSegmentLength(List<byte> data)
    {
        var segments = Segments(data);
        if (segments.Count == 0)
        {
            return ReplaceBytes(data);
        }

        int at = segments[_random.Next(segments.Count)];
        int old = (data[at + 2] << 8) | data[at + 3];
        int length = _random.Next(5) switch
        {
            0 => 0,
            1 => 1,
            2 => 0xFFFF,
            3 => old + _random.Next(-4, 5),
            _ => _random.Next(0x10000),
        } & 0xFFFF;
        data[at + 2] = (byte)(length >> 8);
        data[at + 3] = (byte)length;
        return string.Create(CultureInfo.InvariantCulture, $"length of FF{data[at + 1]:X2} at {at}: {old} -> {length}");
    }

    private string Insert(List<byte> data)
    {
        int at = _random.Next(data.Count + 1);
        byte[] bytes = _random.Next(3) switch
        {
            0 => [0xFF, Interesting[_random.Next(Interesting.Length)]],
            1 => [(byte)_random.Next(256)],
            _ => Enumerable.Range(0, 1 + _random.Next(16)).Select(_ => (byte)_random.Next(256)).ToArray(),
        };
        data.InsertRange(at, bytes);
        return $"insert {bytes.Length} bytes at {at}";
    }

    /// <summary>Overwrites a byte inside a header segment (tables, frame, scan header), where structure lives.</summary>
    private string ScribbleHeader(List<byte> data)
    {
        var segments = Segments(data);
        if (segments.Count == 0)
        {
            return FlipBits(data);
        }

        int at = segments[_random.Next(segments.Count)];
        int length = (data[at + 2] << 8) | data[at + 3];
        int offset = at + 4 + _random.Next(Math.Max(1, length - 2));
        if (offset >= data.Count)
        {
            return FlipBits(data);
        }

        data[offset] = _random.Next(2) == 0 ? Interesting[_random.Next(Interesting.Length)] : (byte)_random.Next(256);
        return string.Create(CultureInfo.InvariantCulture, $"scribble FF{data[at + 1]:X2} segment byte {offset}");
    }

    /// <summary>Offsets of the marker segments up to and including the first SOS.</summary>
    private static List<int> Segments(List<byte> data)
    {
        var found = new List<int>();
        int position = 2;
        while (position + 4 <= data.Count && data[position] == 0xFF)
        {
            found.Add(position);
            if (data[position + 1] == 0xDA)
            {
                break;
            }

            position += 2 + ((data[position + 2] << 8) | data[position + 3]);
        }

        return found;
    }
}
