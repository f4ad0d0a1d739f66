namespace Hamr.HandModel.OpenHand;

/// <summary>
/// The project's open hand model (MIT), converted from the WebXR generic hand by <see cref="OpenHandConverter"/> and
/// shipped as an embedded resource (Assets/open-hand-right.safetensors, with LICENSE-webxr-generic-hand.md).
/// Conventions of the rest pose (θ = 0, β = 0), metres:
/// <list type="bullet">
/// <item>origin at the wrist joint; the GLB's axes are kept: the fingers point along −y, the palm faces −x (the back of
/// the hand +x), and the thumb lies on the −z side of the right hand (pinky +z). The hand is the GLB's bind pose: flat
/// with slightly bent, slightly spread fingers; middle-finger hand length (wrist joint to middle tip) ≈ 17.8 cm.</item>
/// <item>joint frames are world-aligned, as in MANO: θ_j rotates about the model's x, y, z axes at joint j's rest
/// position (the WebXR joint orientations are not used).</item>
/// <item>β ∈ R¹⁰ ~ N(0, I) spans the sampled adult proportions (<see cref="AnthropometricRanges"/>); β = 0 is the
/// template. No pose blend shapes.</item>
/// <item>The left hand is the mirror image (<see cref="HandModelMirror"/>: x → −x; a right-hand pose becomes a
/// left-hand pose by negating the y and z axis-angle components).</item>
/// </list>
/// </summary>
public static class OpenHandModel
{
    /// <summary>Manifest name of the embedded right-hand asset.</summary>
    public const string RightResource = "Hamr.HandModel.Assets.open-hand-right.safetensors";

    private static readonly Lazy<byte[]> s_rightBytes = new(ReadResource);

    /// <summary>A fresh copy of the right hand (arrays are the caller's to keep or change).</summary>
    public static HandModel LoadRight() => ReadRight().Model;

    /// <summary>A fresh copy of the left hand: the mirrored right hand.</summary>
    public static HandModel LoadLeft() => HandModelMirror.Mirror(LoadRight());

    public static HandModel Load(Handedness side) => side == Handedness.Right ? LoadRight() : LoadLeft();

    /// <summary>The right hand with the asset's metadata (source, licence, conventions, shape SDs).</summary>
    public static HandModelAssetContent ReadRight()
    {
        using var stream = new MemoryStream(s_rightBytes.Value, writable: false);
        return HandModelAsset.Read(stream, RightResource);
    }

    private static byte[] ReadResource()
    {
        using var stream = typeof(OpenHandModel).Assembly.GetManifestResourceStream(RightResource)
            ?? throw new InvalidOperationException($"embedded resource {RightResource} is missing from {typeof(OpenHandModel).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
