using Hamr.HandModel;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;
using Hamr.Imaging;

namespace Hamr.Data.Synthetic;

/// <summary>
/// What every worker of a generator shares, read-only: the open hand model for both sides with their layers, the
/// rest geometry, the priors, the skin textures (baked on first use per tone bucket, then reused) and the user's
/// background photos.
/// </summary>
internal sealed class SyntheticAssets
{
    /// <summary>Side of the baked skin textures, texels.</summary>
    public const int SkinTextureSize = 256;

    private readonly Lazy<Image>[] _skins;

    public SyntheticAssets(SyntheticOptions options)
    {
        options.Validate();
        Options = options;
        var right = OpenHandModel.LoadRight();
        var left = HandModelMirror.Mirror(right);
        Right = new HandLayer(right);
        Left = new HandLayer(left);
        if (right.Uv is null || left.Uv is null)
        {
            throw new InvalidOperationException($"hand model {right.Name} has no UV layout to texture");
        }
        Rest = new HandRestGeometry(Right);
        Limits = new JointLimits(right);
        View = new ViewDraw(Rest);
        // The texture depends only on the bucket (not on the seed): datasets of different seeds share skin patterns,
        // and the pattern is the same whichever worker bakes it first.
        _skins = [.. Enumerable.Range(0, SkinTones.Count).Select(b => new Lazy<Image>(
            () => SkinTextureBaker.Bake(right.Uv, Rest, b, SkinTextureSize, 0x51A7u + (uint)b * 7919u), LazyThreadSafetyMode.ExecutionAndPublication))];
        Photos = options.BackgroundFolder is { } folder ? BackgroundLibrary.Load(folder, Math.Max(256, 2 * options.Size)) : null;
    }

    public SyntheticOptions Options { get; }

    public HandLayer Right { get; }

    public HandLayer Left { get; }

    public HandRestGeometry Rest { get; }

    public JointLimits Limits { get; }

    public ViewDraw View { get; }

    public BackgroundLibrary? Photos { get; }

    public HandLayer Layer(Handedness side) => side == Handedness.Right ? Right : Left;

    /// <summary>The baked albedo texture of skin tone bucket <paramref name="bucket"/>.</summary>
    public Image Skin(int bucket) => _skins[bucket].Value;
}
