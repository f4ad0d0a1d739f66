using Hamr.Tensors;

namespace Hamr.HandModel.OpenHand;

/// <summary>
/// The spread of adult hand proportions that the open model's shape space is sampled from: each factor is
/// 1 + σ·z with z ~ N(0, 1) clipped to ±<see cref="Clip"/> (independent), applied to the template bone by bone
/// (<see cref="HandShapeFactors"/>). Sources and reasoning:
/// <list type="bullet">
/// <item>Hand length (wrist crease to middle fingertip), British adults 19–65 (Pheasant &amp; Haslegrave, "Bodyspace",
/// 3rd ed., 2006, dimension 28): men about 173/189/205 mm at the 5th/50th/95th percentile (SD ≈ 10 mm), women about
/// 159/174/189 mm (SD ≈ 9 mm): adults span about 16–21 cm and a mixed population has SD ≈ 12 mm ≈ 6.5 % of the mean.
/// <see cref="Size"/> (6 %) with the palm and finger length factors gives hand length SD ≈ 6.5 %.</item>
/// <item>Hand breadth at the metacarpals (same source, dimension 29): men 80/85/95 mm (SD 5), women 70/75/85 mm (SD 4):
/// mixed SD ≈ 8 % of the mean; <see cref="Size"/> plus an independent <see cref="PalmWidth"/> of 4.5 % gives ≈ 7.5 %.</item>
/// <item>Palm length vs finger length: factor analyses of hand dimensions find breadth, palm length and finger length
/// as separate factors (e.g. Jee &amp; Yun, Int. J. Ind. Ergonomics 53, 2016), hence independent 3 % factors for palm
/// length and for all fingers' length, plus 2 % per finger (digit-ratio spreads such as 2D:4D are ≈ 3 %).</item>
/// <item>Palm thickness, finger girth and thumb placement have no figure here: <see cref="PalmThickness"/> 6 %,
/// girth 5 % shared + 2 % per finger, thumb base ±2 mm along the palm and ±4° of radial abduction are our
/// assumptions, chosen so that ±2σ hands still look like hands.</item>
/// </list>
/// </summary>
public static class AnthropometricRanges
{
    /// <summary>Overall size about the wrist (relative SD).</summary>
    public const double Size = 0.060;

    /// <summary>Palm length along the wrist → middle-MCP axis (relative SD).</summary>
    public const double PalmLength = 0.030;

    /// <summary>Palm width across the knuckles (relative SD).</summary>
    public const double PalmWidth = 0.045;

    /// <summary>Palm thickness along the palm normal (relative SD).</summary>
    public const double PalmThickness = 0.060;

    /// <summary>All fingers' (and the thumb's) bone lengths together (relative SD).</summary>
    public const double FingerLengthShared = 0.030;

    /// <summary>Each finger's bone lengths on top of the shared factor (relative SD).</summary>
    public const double FingerLengthEach = 0.020;

    /// <summary>All fingers' girth together (relative SD).</summary>
    public const double GirthShared = 0.050;

    /// <summary>Each finger's girth on top of the shared factor (relative SD).</summary>
    public const double GirthEach = 0.020;

    /// <summary>Thumb base (CMC) moved along the palm's length axis (SD, metres at template size).</summary>
    public const double ThumbShiftMeters = 0.002;

    /// <summary>Thumb chain turned about the palm normal through the CMC (SD, degrees).</summary>
    public const double ThumbAbductionDegrees = 4.0;

    /// <summary>Each z is clipped to ±2.5 so no sample is a far outlier.</summary>
    public const double Clip = 2.5;

    /// <summary>Draws one hand's factors; the same generator state gives the same hand.</summary>
    public static HandShapeFactors Sample(TensorRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double Z() => Math.Clamp(random.NextGaussian(), -Clip, Clip);
        var f = new HandShapeFactors
        {
            Size = 1 + (Size * Z()),
            PalmLength = 1 + (PalmLength * Z()),
            PalmWidth = 1 + (PalmWidth * Z()),
            PalmThickness = 1 + (PalmThickness * Z()),
            ThumbShiftMeters = ThumbShiftMeters * Z(),
            ThumbAbductionRadians = ThumbAbductionDegrees * Math.PI / 180 * Z(),
        };
        double lengthShared = FingerLengthShared * Z(), girthShared = GirthShared * Z();
        for (int finger = 0; finger < 5; finger++)
        {
            f.FingerLength[finger] = 1 + lengthShared + (FingerLengthEach * Z());
            f.FingerGirth[finger] = 1 + girthShared + (GirthEach * Z());
        }

        return f;
    }
}

/// <summary>
/// One hand's proportions relative to the template (1 = unchanged): what <see cref="AnthropometricRanges.Sample"/>
/// draws and the shape deformation applies. Fingers are in tip order: thumb, index, middle, ring, pinky.
/// </summary>
public sealed class HandShapeFactors
{
    public double Size { get; set; } = 1;

    public double PalmLength { get; set; } = 1;

    public double PalmWidth { get; set; } = 1;

    public double PalmThickness { get; set; } = 1;

    /// <summary>Bone-length factor of each finger's three bones (thumb: CMC→MCP→IP→tip).</summary>
    public double[] FingerLength { get; } = [1, 1, 1, 1, 1];

    /// <summary>Girth factor (perpendicular to the bone) of each finger.</summary>
    public double[] FingerGirth { get; } = [1, 1, 1, 1, 1];

    public double ThumbShiftMeters { get; set; }

    public double ThumbAbductionRadians { get; set; }
}
