namespace Hamr.Model.Evaluation;

/// <summary>
/// Collects errors sample by sample and turns them into an <see cref="EvalReport"/>. Hidden keypoints (the sample's
/// visibility mask) are left out of every 2D and 3D error; samples without 3D ground truth count only in 2D.
/// </summary>
public sealed class EvalAccumulator
{
    private const int K = HandMetrics.KeypointCount;
    private readonly List<double>[] _errorsMm;
    private readonly List<double> _errorsPx = [];
    private readonly List<MeshErrors> _mesh = [];
    private readonly List<SampleResult> _samples = [];
    private readonly int[] _samples3D;
    private int _samples2D;

    /// <summary>Starts empty.</summary>
    public EvalAccumulator()
    {
        _errorsMm = EvalProtocols.All.Select(_ => new List<double>()).ToArray();
        _samples3D = new int[EvalProtocols.All.Count];
    }

    /// <summary>Samples added so far.</summary>
    public int Count => _samples.Count;

    /// <summary>Scores <paramref name="prediction"/> against <paramref name="sample"/> and keeps its errors.</summary>
    public SampleResult Add(EvalSample sample, HandPrediction prediction)
    {
        // 1. 2D end-point errors of the visible keypoints.
        Span<double> errors = stackalloc double[K];
        HandMetrics.KeypointErrorsPx(prediction.Keypoints2DPx, sample.Keypoints2DPx, errors);
        double epe = Collect(sample, errors, _errorsPx);
        if (!double.IsNaN(epe))
        {
            _samples2D++;
        }

        // 2. 3D per-joint errors under each protocol, when the sample has 3D ground truth.
        var mpjpe = new double[EvalProtocols.All.Count];
        for (int p = 0; p < mpjpe.Length; p++)
        {
            mpjpe[p] = double.NaN;
            if (sample.Joints3DMeters is { } truth)
            {
                HandMetrics.JointErrorsMm(prediction.Joints3DMeters, truth, EvalProtocols.All[p], errors);
                mpjpe[p] = Collect(sample, errors, _errorsMm[p]);
                if (!double.IsNaN(mpjpe[p]))
                {
                    _samples3D[p]++;
                }
            }
        }

        // 3. Mesh errors, when both meshes are there.
        MeshErrors? mesh = null;
        if (sample.VerticesMeters is { } truthVertices && prediction.VerticesMeters is { } predictedVertices && sample.Joints3DMeters is { } joints)
        {
            if (truthVertices.Length != predictedVertices.Length)
            {
                throw new ArgumentException($"sample {sample.Index} ({sample.Name}): the predicted mesh has {predictedVertices.Length / 3} vertices, the ground truth {truthVertices.Length / 3}; mesh metrics need the same topology");
            }

            mesh = MeshMetrics.Evaluate(predictedVertices, truthVertices, prediction.Joints3DMeters.AsSpan(0, 3), joints.AsSpan(0, 3));
            _mesh.Add(mesh.Value);
        }

        var result = new SampleResult(sample.Index, sample.Name, epe, mpjpe, mesh);
        _samples.Add(result);
        return result;
    }

    /// <summary>The report over every sample added, under the method name and source given.</summary>
    public EvalReport ToReport(string method, string? source)
    {
        var thresholdsMm = HandMetrics.DefaultThresholdsMm();
        var protocols = new List<ProtocolResult>();
        for (int p = 0; p < EvalProtocols.All.Count; p++)
        {
            var errors = _errorsMm[p].ToArray();
            var curve = new PckCurve(thresholdsMm, HandMetrics.Pck(errors, thresholdsMm));
            protocols.Add(new ProtocolResult(
                EvalProtocols.All[p], _samples3D[p], errors.Length, HandMetrics.Mean(errors), HandMetrics.Median(errors),
                curve.Auc(20, 50), curve.Auc(0, 50), curve));
        }

        var px = _errorsPx.ToArray();
        var thresholdsPx = HandMetrics.DefaultThresholdsPx();
        var keypoints = new Keypoint2DResult(
            _samples2D, px.Length, HandMetrics.Mean(px), HandMetrics.Median(px), HandMetrics.PckAt(px, 10),
            new PckCurve(thresholdsPx, HandMetrics.Pck(px, thresholdsPx)));

        MeshResult? mesh = _mesh.Count == 0 ? null : new MeshResult(
            _mesh.Count,
            _mesh.Average(m => m.MpvpeMm),
            _mesh.Average(m => m.PaMpvpeMm),
            _mesh.Average(m => m.FScore5Mm),
            _mesh.Average(m => m.FScore15Mm));
        return new EvalReport(method, source, _samples.Count, protocols, keypoints, mesh, _samples.ToArray());
    }

    /// <summary>Adds the visible errors to <paramref name="pool"/> and returns their mean (NaN when none is visible).</summary>
    private static double Collect(EvalSample sample, ReadOnlySpan<double> errors, List<double> pool)
    {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < K; k++)
        {
            if (sample.IsVisible(k))
            {
                pool.Add(errors[k]);
                sum += errors[k];
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
