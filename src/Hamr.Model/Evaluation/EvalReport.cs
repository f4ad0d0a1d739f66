namespace Hamr.Model.Evaluation;

/// <summary>A PCK curve: thresholds (mm or px, ascending) and the fraction of errors ≤ each, in [0, 1].</summary>
public sealed record PckCurve(double[] Thresholds, double[] Values)
{
    /// <summary>Normalised area under the curve over [<paramref name="from"/>, <paramref name="to"/>] (<see cref="HandMetrics.Auc"/>).</summary>
    public double Auc(double from, double to) => HandMetrics.Auc(Thresholds, Values, from, to);
}

/// <summary>The 3D numbers under one protocol; NaN when no sample had 3D ground truth.</summary>
/// <param name="Protocol">How the prediction was aligned.</param>
/// <param name="SampleCount">Samples with 3D ground truth.</param>
/// <param name="JointCount">Joint errors counted (visible joints of those samples).</param>
/// <param name="MpjpeMm">Mean per-joint position error, mm.</param>
/// <param name="MedianMm">Median per-joint error, mm.</param>
/// <param name="Auc20To50">Normalised AUC of the PCK curve over 20–50 mm.</param>
/// <param name="Auc0To50">Normalised AUC over 0–50 mm.</param>
/// <param name="Curve">The PCK curve over 0–50 mm.</param>
public sealed record ProtocolResult(EvalProtocol Protocol, int SampleCount, int JointCount, double MpjpeMm, double MedianMm, double Auc20To50, double Auc0To50, PckCurve Curve);

/// <summary>The 2D keypoint numbers: end-point error in px (mean, median), PCK at 10 px and the 0–50 px curve.</summary>
public sealed record Keypoint2DResult(int SampleCount, int KeypointCount, double EpeMeanPx, double EpeMedianPx, double Pck10Px, PckCurve Curve);

/// <summary>The mesh numbers, means over samples with both meshes: MPVPE, PA-MPVPE (mm), F@5 mm and F@15 mm.</summary>
public sealed record MeshResult(int SampleCount, double MpvpeMm, double PaMpvpeMm, double FScore5Mm, double FScore15Mm);

/// <summary>One sample's summary: mean 2D error (px) and mean 3D error per protocol (mm, in <see cref="EvalProtocols.All"/> order; NaN without 3D).</summary>
public sealed record SampleResult(int Index, string Name, double Epe2DPx, double[] MpjpeMm, MeshErrors? Mesh);

/// <summary>Everything an evaluation measured: the method, the set, the count, each protocol's 3D numbers, 2D and mesh numbers.</summary>
/// <param name="Method">The predictor's name.</param>
/// <param name="Source">Where the samples came from (an annotation file), or null.</param>
/// <param name="Count">Samples evaluated.</param>
/// <param name="Protocols">One result per protocol, in <see cref="EvalProtocols.All"/> order.</param>
/// <param name="Keypoints2D">The 2D numbers.</param>
/// <param name="Mesh">The mesh numbers, or null when no sample had both a predicted and a ground-truth mesh.</param>
/// <param name="Samples">Per-sample summaries, in set order.</param>
public sealed record EvalReport(
    string Method,
    string? Source,
    int Count,
    IReadOnlyList<ProtocolResult> Protocols,
    Keypoint2DResult Keypoints2D,
    MeshResult? Mesh,
    IReadOnlyList<SampleResult> Samples)
{
    /// <summary>The result under <paramref name="protocol"/>.</summary>
    public ProtocolResult this[EvalProtocol protocol] => Protocols.First(p => p.Protocol == protocol);
}
