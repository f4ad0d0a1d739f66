namespace Hamr.HandModel.Loaders.Mano;

/// <summary>
/// Which published choice of MANO fingertip vertices makes the 5 tips (MANO's mesh has no tip joints; every
/// codebase picks one vertex per finger). The two in use differ by a few vertices (a millimetre or two).
/// </summary>
public enum ManoFingertips
{
    /// <summary>
    /// smplx / HaMeR / MANO's own PyTorch port: thumb 744, index 320, middle 443, ring 554, pinky 671, both hands.
    /// The default: it is the convention of smplx and of HaMeR (whose FreiHAND results DESIGN.md quotes), and it uses
    /// the same vertices for both hands.
    /// </summary>
    Smplx,

    /// <summary>manopth (Hasson et al., ObMan): thumb 745, index 317, middle 444 (445 on the left), ring 556, pinky 673.</summary>
    Manopth,
}

/// <summary>
/// The fingertip vertex table, in the order of <see cref="HandModel.TipRegressor"/> (thumb, index, middle, ring,
/// pinky), for MANO's 778-vertex mesh. Sources:
/// <list type="bullet">
/// <item><see cref="ManoFingertips.Smplx"/>: <c>vertex_ids['mano']</c> in vchoutas/smplx (used by HaMeR's
/// <c>hamer/models/mano_wrapper.py</c> as its extra joints) and <c>TIP_IDS['mano']</c> in otaheri/MANO
/// <c>joints_info.py</c>: {thumb 744, index 320, middle 443, ring 554, pinky 671}.</item>
/// <item><see cref="ManoFingertips.Manopth"/>: hassony2/manopth <c>manopth/manolayer.py</c>,
/// <c>ManoLayer.forward</c>: <c>tips = th_verts[:, [745, 317, 444, 556, 673]]</c> for the right hand and
/// <c>[745, 317, 445, 556, 673]</c> for the left.</item>
/// </list>
/// </summary>
public static class ManoFingertipTable
{
    /// <summary>Vertices in MANO's mesh (v_template rows); the table's indices are only valid for it.</summary>
    public const int ManoVertexCount = 778;

    private static readonly int[] s_smplx = [744, 320, 443, 554, 671];
    private static readonly int[] s_manopthRight = [745, 317, 444, 556, 673];
    private static readonly int[] s_manopthLeft = [745, 317, 445, 556, 673];

    /// <summary>The 5 tip vertices (thumb, index, middle, ring, pinky) of <paramref name="convention"/> for <paramref name="side"/>.</summary>
    public static int[] Vertices(ManoFingertips convention, Handedness side) => convention switch
    {
        ManoFingertips.Smplx => [.. s_smplx],
        ManoFingertips.Manopth => side == Handedness.Left ? [.. s_manopthLeft] : [.. s_manopthRight],
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "unknown fingertip convention"),
    };
}
