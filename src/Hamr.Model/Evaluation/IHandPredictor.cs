using Hamr.Imaging;

namespace Hamr.Model.Evaluation;

/// <summary>
/// Anything the evaluator can score: given a hand crop, predict its hand. The sample is passed so that sanity
/// baselines (ground truth plus noise) can read the ground truth and a network can read the intrinsics; a real
/// predictor must use only the image and <see cref="EvalSample.IntrinsicsK"/>.
/// </summary>
public interface IHandPredictor
{
    /// <summary>The method's name, as reports and plot legends show it.</summary>
    string Name { get; }

    /// <summary>Predicts the hand in <paramref name="image"/> (the crop of <paramref name="sample"/>).</summary>
    HandPrediction Predict(Image image, EvalSample sample);
}

/// <summary>An <see cref="IHandPredictor"/> made from a delegate (tests, adapters around a network).</summary>
public sealed class DelegateHandPredictor(string name, Func<Image, EvalSample, HandPrediction> predict) : IHandPredictor
{
    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public HandPrediction Predict(Image image, EvalSample sample) => predict(image, sample);
}
