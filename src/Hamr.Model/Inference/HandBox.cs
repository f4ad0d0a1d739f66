using System.Globalization;
using System.Numerics;
using Hamr.Imaging.Transforms;

namespace Hamr.Model.Inference;

/// <summary>
/// An axis-aligned box around a hand in an image: top-left corner and size in continuous pixels (pixel (i, j) covers
/// [i, i + 1) × [j, j + 1)), as the user or a detector gives it. The network sees the square around its centre
/// (<see cref="ToSquare"/>).
/// </summary>
public readonly record struct HandBox(float X, float Y, float Width, float Height)
{
    /// <summary>The whole <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public static HandBox Whole(int width, int height) => new(0, 0, width, height);

    /// <summary>The box's centre.</summary>
    public Vector2 Centre => new(X + Width / 2, Y + Height / 2);

    /// <summary>The square crop the network sees: the same centre, side max(width, height), upright.</summary>
    public CropBox ToSquare() => new(Centre, MathF.Max(Width, Height), 0f);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when a value is not finite, the size is not positive, or the box does not
    /// overlap the <paramref name="imageWidth"/>×<paramref name="imageHeight"/> image. A box that reaches past the image
    /// edge is fine: the crop is padded.
    /// </summary>
    public void Validate(int imageWidth, int imageHeight)
    {
        if (!float.IsFinite(X) || !float.IsFinite(Y) || !float.IsFinite(Width) || !float.IsFinite(Height))
        {
            throw new ArgumentException($"box {this} holds a value that is not finite");
        }

        if (!(Width > 0 && Height > 0))
        {
            throw new ArgumentException($"box {this} must have a positive width and height");
        }

        if (X >= imageWidth || Y >= imageHeight || X + Width <= 0 || Y + Height <= 0)
        {
            throw new ArgumentException($"box {this} lies outside the {imageWidth}×{imageHeight} image");
        }
    }

    /// <summary>Parses "x,y,w,h" (invariant culture); throws <see cref="FormatException"/> naming the text.</summary>
    public static HandBox Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        var values = new float[4];
        if (parts.Length != 4)
        {
            throw new FormatException($"box '{text}': expected x,y,w,h (four numbers, pixels)");
        }

        for (int i = 0; i < 4; i++)
        {
            if (!float.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                throw new FormatException($"box '{text}': '{parts[i]}' is not a number (expected x,y,w,h in pixels)");
            }
        }

        if (!(values[2] > 0 && values[3] > 0))
        {
            throw new FormatException($"box '{text}': width and height must be positive");
        }

        return new HandBox(values[0], values[1], values[2], values[3]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({X}, {Y}, {Width}×{Height})");
}
