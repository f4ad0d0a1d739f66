using Hamr.Imaging;

namespace Hamr.Model.Evaluation.Plots;

/// <summary>
/// A tiny 5×7 bitmap font for labels in PNG plots: digits, capital letters (lower case is drawn as capitals) and a
/// few signs; anything else draws as '?'. Glyphs are 7 rows of 5 cells ('#' on), top row first.
/// </summary>
internal static class BitmapFont
{
    /// <summary>Glyph width and height in font pixels.</summary>
    public const int GlyphWidth = 5, GlyphHeight = 7;

    /// <summary>Horizontal advance per character in font pixels (glyph plus one column of space).</summary>
    public const int Advance = GlyphWidth + 1;

    private static readonly Dictionary<char, string> s_glyphs = new()
    {
        ['0'] = ".###. #...# #..## #.#.# ##..# #...# .###.",
        ['1'] = "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
        ['2'] = ".###. #...# ....# ...#. ..#.. .#... #####",
        ['3'] = "##### ...#. ..#.. ...#. ....# #...# .###.",
        ['4'] = "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
        ['5'] = "##### #.... ####. ....# ....# #...# .###.",
        ['6'] = "..##. .#... #.... ####. #...# #...# .###.",
        ['7'] = "##### ....# ...#. ..#.. .#... .#... .#...",
        ['8'] = ".###. #...# #...# .###. #...# #...# .###.",
        ['9'] = ".###. #...# #...# .#### ....# ...#. .##..",
        ['A'] = ".###. #...# #...# ##### #...# #...# #...#",
        ['B'] = "####. #...# #...# ####. #...# #...# ####.",
        ['C'] = ".###. #...# #.... #.... #.... #...# .###.",
        ['D'] = "###.. #..#. #...# #...# #...# #..#. ###..",
        ['E'] = "##### #.... #.... ####. #.... #.... #####",
        ['F'] = "##### #.... #.... ####. #.... #.... #....",
        ['G'] = ".###. #...# #.... #.### #...# #...# .####",
        ['H'] = "#...# #...# #...# ##### #...# #...# #...#",
        ['I'] = ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
        ['J'] = "..### ...#. ...#. ...#. ...#. #..#. .##..",
        ['K'] = "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
        ['L'] = "#.... #.... #.... #.... #.... #.... #####",
        ['M'] = "#...# ##.## #.#.# #.#.# #...# #...# #...#",
        ['N'] = "#...# #...# ##..# #.#.# #..## #...# #...#",
        ['O'] = ".###. #...# #...# #...# #...# #...# .###.",
        ['P'] = "####. #...# #...# ####. #.... #.... #....",
        ['Q'] = ".###. #...# #...# #...# #.#.# #..#. .##.#",
        ['R'] = "####. #...# #...# ####. #.#.. #..#. #...#",
        ['S'] = ".#### #.... #.... .###. ....# ....# ####.",
        ['T'] = "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
        ['U'] = "#...# #...# #...# #...# #...# #...# .###.",
        ['V'] = "#...# #...# #...# .#.#. .#.#. ..#.. ..#..",
        ['W'] = "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
        ['X'] = "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
        ['Y'] = "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
        ['Z'] = "##### ....# ...#. ..#.. .#... #.... #####",
        [' '] = "..... ..... ..... ..... ..... ..... .....",
        ['.'] = "..... ..... ..... ..... ..... .##.. .##..",
        [','] = "..... ..... ..... ..... .##.. ..#.. .#...",
        ['-'] = "..... ..... ..... ##### ..... ..... .....",
        ['('] = "...#. ..#.. .#... .#... .#... ..#.. ...#.",
        [')'] = ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",
        [':'] = "..... .##.. .##.. ..... .##.. .##.. .....",
        ['/'] = "..... ....# ...#. ..#.. .#... #.... .....",
        ['%'] = "##... ##..# ...#. ..#.. .#... #..## ...##",
        ['='] = "..... ..... ##### ..... ##### ..... .....",
        ['+'] = "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
        ['_'] = "..... ..... ..... ..... ..... ..... #####",
        ['@'] = ".###. #...# ....# .##.# #.#.# #.#.# .###.",
        ['&'] = ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
        ['?'] = ".###. #...# ....# ...#. ..#.. ..... ..#..",
    };

    /// <summary>Width in image pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (no trailing space).</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>Whether <paramref name="c"/> has its own glyph (after mapping lower case and dashes).</summary>
    public static bool HasGlyph(char c) => s_glyphs.ContainsKey(Normalise(c));

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>), each font pixel a
    /// <paramref name="scale"/>×<paramref name="scale"/> block; <paramref name="vertical"/> turns it 90° anticlockwise
    /// (reading upwards from (x, y), which is then the bottom-left corner). Pixels outside the image are skipped.
    /// </summary>
    public static void Draw(Image image, string text, int x, int y, int scale, Rgba colour, bool vertical = false)
    {
        for (int i = 0; i < text.Length; i++)
        {
            string glyph = s_glyphs.TryGetValue(Normalise(text[i]), out var g) ? g : s_glyphs['?'];
            for (int row = 0; row < GlyphHeight; row++)
            {
                for (int col = 0; col < GlyphWidth; col++)
                {
                    if (glyph[row * (GlyphWidth + 1) + col] != '#')
                    {
                        continue;
                    }

                    int u = i * Advance + col; // along the text
                    int px = vertical ? x + row * scale : x + u * scale;
                    int py = vertical ? y - (u + 1) * scale : y + row * scale;
                    FillBlock(image, px, py, scale, colour);
                }
            }
        }
    }

    private static char Normalise(char c) => c switch
    {
        >= 'a' and <= 'z' => char.ToUpperInvariant(c),
        '–' or '—' or '−' => '-',
        _ => c,
    };

    private static void FillBlock(Image image, int x0, int y0, int size, Rgba colour)
    {
        for (int y = Math.Max(0, y0); y < Math.Min(image.Height, y0 + size); y++)
        {
            var row = image.Row(y);
            for (int x = Math.Max(0, x0); x < Math.Min(image.Width, x0 + size); x++)
            {
                for (int c = 0; c < image.Channels; c++)
                {
                    row[x * image.Channels + c] = colour.Channel(c, image.Channels);
                }
            }
        }
    }
}
