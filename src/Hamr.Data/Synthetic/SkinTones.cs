using System.Numerics;

namespace Hamr.Data.Synthetic;

/// <summary>
/// The range of skin colours the generator paints hands with: the ten swatches of the Monk Skin Tone scale (Google,
/// 2022, CC BY 4.0; sRGB), from the lightest to the darkest. Each swatch is a bucket with its own baked texture; a
/// sample varies the bucket's colour slightly by its material's base colour. Colours are treated as display values
/// (the renderer's output is written as it is, without a gamma curve).
/// </summary>
internal static class SkinTones
{
    private static readonly Vector3[] s_swatches =
    [
        Rgb(0xF6, 0xED, 0xE4), Rgb(0xF3, 0xE7, 0xDB), Rgb(0xF7, 0xEA, 0xD0), Rgb(0xEA, 0xDA, 0xBA), Rgb(0xD7, 0xBD, 0x96),
        Rgb(0xA0, 0x7E, 0x56), Rgb(0x82, 0x5C, 0x43), Rgb(0x60, 0x41, 0x34), Rgb(0x3A, 0x31, 0x2A), Rgb(0x29, 0x24, 0x20),
    ];

    public static int Count => s_swatches.Length;

    /// <summary>The dorsal (back of the hand) albedo of bucket <paramref name="bucket"/>.</summary>
    public static Vector3 Dorsal(int bucket)
    {
        // The swatches are near-white at the light end, lighter than lit skin looks in photographs: pull every
        // swatch a little toward a flesh hue, more for the pale ones, so hands do not look like plaster.
        var s = s_swatches[bucket];
        var flesh = new Vector3(0.86f, 0.62f, 0.50f) * (0.5f + 0.5f * Luma(s));
        return Vector3.Lerp(s, flesh, 0.35f * Luma(s));
    }

    /// <summary>
    /// The palm's albedo: lighter and pinker than the back of the hand, with a larger difference for darker skin
    /// (palmar skin has little melanin in every population).
    /// </summary>
    public static Vector3 Palm(int bucket)
    {
        var dorsal = Dorsal(bucket);
        float darkness = 1 - Luma(dorsal) / Luma(Dorsal(0));
        var palmTint = new Vector3(0.86f, 0.66f, 0.58f);
        return Vector3.Lerp(dorsal, palmTint, 0.12f + 0.5f * darkness);
    }

    /// <summary>Fingernail albedo: a pale pink over the skin tone.</summary>
    public static Vector3 Nail(int bucket) => Vector3.Lerp(Dorsal(bucket), new Vector3(0.92f, 0.76f, 0.72f), 0.6f);

    public static float Luma(Vector3 c) => 0.299f * c.X + 0.587f * c.Y + 0.114f * c.Z;

    private static Vector3 Rgb(int r, int g, int b) => new Vector3(r, g, b) / 255f;
}
