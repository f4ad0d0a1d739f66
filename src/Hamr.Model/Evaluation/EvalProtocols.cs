namespace Hamr.Model.Evaluation;

/// <summary>The three protocols in report order, with the key each has in report.json and the sentence that defines it.</summary>
public static class EvalProtocols
{
    /// <summary>Every protocol, in the order reports list them.</summary>
    public static IReadOnlyList<EvalProtocol> All { get; } = [EvalProtocol.RootRelative, EvalProtocol.RootRelativeScaled, EvalProtocol.Procrustes];

    /// <summary>The protocol's key in report.json: root_relative, root_relative_scaled, procrustes.</summary>
    public static string Key(this EvalProtocol protocol) => protocol switch
    {
        EvalProtocol.RootRelative => "root_relative",
        EvalProtocol.RootRelativeScaled => "root_relative_scaled",
        EvalProtocol.Procrustes => "procrustes",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>A short human name for tables and plot legends.</summary>
    public static string Title(this EvalProtocol protocol) => protocol switch
    {
        EvalProtocol.RootRelative => "root-relative",
        EvalProtocol.RootRelativeScaled => "root-relative, scaled",
        EvalProtocol.Procrustes => "Procrustes (PA)",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>The definition written into every report next to the protocol's numbers.</summary>
    public static string Description(this EvalProtocol protocol) => protocol switch
    {
        EvalProtocol.RootRelative =>
            "root-relative: prediction and ground truth each translated so that their wrist (keypoint 0) is at the origin; no scale, no rotation",
        EvalProtocol.RootRelativeScaled =>
            "root-relative, scale-normalised (Zimmermann & Brox): root-relative, then the prediction scaled about the wrist so that the mean of its 20 bone lengths equals the ground truth's",
        EvalProtocol.Procrustes =>
            "Procrustes (PA): the prediction aligned to the ground truth per sample by the least-squares similarity transform (scale, rotation, translation; Umeyama, no reflection)",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>The protocol whose key is <paramref name="key"/>, or null.</summary>
    public static EvalProtocol? FromKey(string key) => All.Cast<EvalProtocol?>().FirstOrDefault(p => p!.Value.Key() == key);
}
