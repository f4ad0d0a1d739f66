using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Model.Evaluation;

namespace Hamr.Model.Inference;

/// <summary>
/// The HAMR network as an evaluation method: each sample's image is the hand crop (the whole image is the box) and
/// every hand in the set is of one side. Returns the keypoints in the image's pixels, the root-relative 3D keypoints
/// and the mesh. Uses the image only (no ground truth, no intrinsics).
/// </summary>
public sealed class HamrHandPredictor : IHandPredictor
{
    /// <summary>The prefix of this predictor's specification string: "hamr" (embedded weights) or "hamr:WEIGHTS".</summary>
    public const string Prefix = "hamr";

    /// <param name="predictor">The network's predictor.</param>
    /// <param name="side">The side of every hand in the set.</param>
    /// <param name="name">The method's name in reports; default "hamr:CONFIG".</param>
    public HamrHandPredictor(HamrPredictor predictor, Handedness side = Handedness.Right, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        Predictor = predictor;
        Side = side;
        Name = name ?? $"{Prefix}:{predictor.Network.Config.Name}";
    }

    public HamrPredictor Predictor { get; }

    /// <summary>The side of every hand in the set.</summary>
    public Handedness Side { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// The predictor of a specification: "hamr" loads the weights embedded in this build, "hamr:PATH" a weights file.
    /// Throws <see cref="FormatException"/> for another prefix; loading errors (missing or bad file, no embedded
    /// weights) pass through, naming the file.
    /// </summary>
    public static HamrHandPredictor Parse(string specification, Handedness side = Handedness.Right)
    {
        ArgumentNullException.ThrowIfNull(specification);
        if (specification == Prefix)
        {
            return new HamrHandPredictor(HamrPredictor.LoadDefault(), side, Prefix);
        }

        if (!specification.StartsWith(Prefix + ":", StringComparison.Ordinal) || specification.Length == Prefix.Length + 1)
        {
            throw new FormatException($"'{specification}': expected hamr (the embedded weights) or hamr:WEIGHTS.safetensors");
        }

        string path = specification[(Prefix.Length + 1)..];
        return new HamrHandPredictor(HamrPredictor.Load(path), side, $"{Prefix}:{Path.GetFileNameWithoutExtension(path)}");
    }

    /// <inheritdoc/>
    public HandPrediction Predict(Image image, EvalSample sample)
    {
        var result = Predictor.Predict(image, box: null, left: Side == Handedness.Left);
        return new HandPrediction(result.Keypoints2DPx, result.Keypoints3D, result.Vertices);
    }
}
