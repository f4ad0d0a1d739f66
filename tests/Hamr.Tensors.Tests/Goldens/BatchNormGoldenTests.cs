namespace Hamr.Tensors.Tests.Goldens;

// BatchNorm (functional) against F.batch_norm for BatchNorm2d ([N, C, H, W]) and BatchNorm1d ([N, C]): training-mode
// output and gradients, the running statistics after two training steps (momentum 0.1, unbiased variance), and
// eval-mode output and gradients through the running statistics.
public sealed class BatchNormGoldenTests
{
    [Theory]
    [InlineData("bn2d")]
    [InlineData("bn1d")]
    public void Training_output_gradients_and_running_statistics_after_two_steps_match_torch(string name)
    {
        string key = $"batch_norm.{name}_train";
        var p = Golden.Params(key);
        float momentum = (float)p.Double("momentum", double.NaN), eps = (float)p.Double("eps", double.NaN);
        var runningMean = Golden.Get($"{key}.running_mean0");
        var runningVar = Golden.Get($"{key}.running_var0");
        Golden.CheckForwardAndGradients(key, ["x", "w", "b"],
            t => Tensor.BatchNorm(t["x"]!, runningMean, runningVar, t["w"], t["b"], training: true, momentum, eps));
        using (GradMode.NoGrad())
        {
            Tensor.BatchNorm(Golden.Get($"{key}.x2"), runningMean, runningVar, Golden.Get($"{key}.w"), Golden.Get($"{key}.b"),
                training: true, momentum, eps);
        }
        Golden.AssertClose($"{key}.running_mean2", Golden.Get($"{key}.running_mean2"), runningMean, Golden.Default);
        Golden.AssertClose($"{key}.running_var2", Golden.Get($"{key}.running_var2"), runningVar, Golden.Default);
    }

    [Theory]
    [InlineData("bn2d")]
    [InlineData("bn1d")]
    public void Eval_output_and_gradients_match_torch(string name)
    {
        string key = $"batch_norm.{name}_eval";
        var p = Golden.Params(key);
        float eps = (float)p.Double("eps", double.NaN);
        var runningMean = Golden.Get($"{key}.running_mean");
        var runningVar = Golden.Get($"{key}.running_var");
        Golden.CheckForwardAndGradients(key, ["x", "w", "b"],
            t => Tensor.BatchNorm(t["x"]!, runningMean, runningVar, t["w"], t["b"], training: false, eps: eps));
        Golden.AssertClose($"{key}.running_mean unchanged", Golden.Get($"{key}.running_mean"), runningMean, new Tolerance(0, 0));
        Golden.AssertClose($"{key}.running_var unchanged", Golden.Get($"{key}.running_var"), runningVar, new Tolerance(0, 0));
    }
}
