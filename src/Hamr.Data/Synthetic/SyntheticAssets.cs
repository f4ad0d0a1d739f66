using System.Numerics;
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
        Forearm = new Forearm(Rest);
        LeftForearmFaces = (int[])Forearm.Faces.Clone();
        for (int f = 0; f < LeftForearmFaces.Length; f += 3)
        {
            (LeftForearmFaces[f + 1], LeftForearmFaces[f + 2]) = (LeftForearmFaces[f + 2], LeftForearmFaces[f + 1]);
        }
        var white = SkinTextureBaker.FreeTexel(right.Uv, SkinTextureSize);
        WhiteUv = new Vector2((white.X + 0.5f) / SkinTextureSize, (white.Y + 0.5f) / SkinTextureSize);
        ForearmSkinUvs = [.. Enumerable.Range(0, Forearm.Segments).Select(k => NearestUv(right.Uv, Rest, Forearm.SurfacePoint(k, 0.012f)))];
        // The texture depends only on the bucket (not on the seed): datasets of different seeds share skin patterns,
        // and the pattern is the same whichever worker bakes it first.
        _skins = [.. Enumerable.Range(0, SkinTones.Count).Select(b => new Lazy<Image>(
            () => SkinTextureBaker.Bake(right.Uv, Rest, b, SkinTextureSize, 0x51A7u + (uint)b * 7919u, white), LazyThreadSafetyMode.ExecutionAndPublication))];
        Photos = options.BackgroundFolder is { } folder ? BackgroundLibrary.Load(folder, Math.Max(256, 2 * options.Size)) : null;
    }

    public SyntheticOptions Options { get; }

    public HandLayer Right { get; }

    public HandLayer Left { get; }

    public HandRestGeometry Rest { get; }

    public JointLimits Limits { get; }

    public ViewDraw View { get; }

    public BackgroundLibrary? Photos { get; }

    public Forearm Forearm { get; }

    /// <summary>The forearm's faces for the left (mirrored) hand: the right's with the winding flipped.</summary>
    public int[] LeftForearmFaces { get; }

    /// <summary>Texture coordinates of the white texels (sleeves: colour from the vertex colours).</summary>
    public Vector2 WhiteUv { get; }

    /// <summary>Per forearm segment, texture coordinates of the hand's skin nearest to it around the wrist.</summary>
    public Vector2[] ForearmSkinUvs { get; }

    public HandLayer Layer(Handedness side) => side == Handedness.Right ? Right : Left;

    private static Vector2 NearestUv(UvLayout uv, HandRestGeometry rest, Vector3 target)
    {
        target += rest.Keypoint(0);
        int best = 0;
        float bestDistance = float.MaxValue;
        for (int i = 0; i < uv.UvVertexCount; i++)
        {
            int v = uv.UvToVertex[i];
            float d = Vector3.DistanceSquared(new Vector3(rest.Positions[3 * v], rest.Positions[3 * v + 1], rest.Positions[3 * v + 2]), target);
            if (d < bestDistance)
            {
                (best, bestDistance) = (i, d);
            }
        }
        return new Vector2(uv.Uvs[2 * best], uv.Uvs[2 * best + 1]);
    }

    /// <summary>The baked albedo texture of skin tone bucket <paramref name="bucket"/>.</summary>
    public Image Skin(int bucket) => _skins[bucket].Value;
}
