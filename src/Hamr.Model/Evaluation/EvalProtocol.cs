namespace Hamr.Model.Evaluation;

/// <summary>How predicted 3D joints are aligned to the ground truth before errors are measured; every report names one.</summary>
public enum EvalProtocol
{
    /// <summary>Both skeletons translated so their roots (wrist) coincide.</summary>
    RootRelative,

    /// <summary>Root-relative, then the prediction scaled so the mean of its 20 bone lengths equals the ground truth's (Zimmermann &amp; Brox).</summary>
    RootRelativeScaled,

    /// <summary>Similarity (Procrustes) alignment: scale, rotation and translation fitted to the ground truth.</summary>
    Procrustes,
}
