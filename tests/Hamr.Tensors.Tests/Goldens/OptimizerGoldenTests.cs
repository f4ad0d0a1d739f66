using Hamr.Tensors.Optim;

namespace Hamr.Tensors.Tests.Goldens;

// Sgd, Adam and AdamW against torch.optim over 5 steps, fed the same gradient sequence torch saw (stored per step),
// comparing the parameter after every step. Defaults not stored in a case are torch's.
public sealed class OptimizerGoldenTests
{
    [Theory]
    [InlineData("sgd_plain")]
    [InlineData("sgd_momentum_nesterov_wd")]
    [InlineData("sgd_momentum_dampening")]
    [InlineData("adam")]
    [InlineData("adam_wd")]
    [InlineData("adam_amsgrad_wd")]
    [InlineData("adamw")]
    [InlineData("adamw_amsgrad")]
    public void Parameters_after_each_step_match_torch(string name)
    {
        string key = $"optim.{name}";
        var p = Golden.Params(key);
        var param = Golden.Leaf($"{key}.p0");
        double lr = p.Double("lr", double.NaN);
        double beta1 = 0.9, beta2 = 0.999;
        if (p.TryGetProperty("betas", out var betas))
        {
            (beta1, beta2) = (betas[0].GetDouble(), betas[1].GetDouble());
        }
        Optimizer opt = p.GetProperty("kind").GetString() switch
        {
            "sgd" => new Sgd([param], lr, p.Double("momentum", 0), p.Double("dampening", 0), p.Double("weight_decay", 0),
                p.Bool("nesterov", false)),
            "adam" => new Adam([param], lr, beta1, beta2, p.Double("eps", 1e-8), p.Double("weight_decay", 0), p.Bool("amsgrad", false)),
            "adamw" => new AdamW([param], lr, beta1, beta2, p.Double("eps", 1e-8), p.Double("weight_decay", 1e-2), p.Bool("amsgrad", false)),
            var k => throw new InvalidDataException($"{key}: unknown optimiser {k}"),
        };
        var grads = Golden.Get($"{key}.grads");
        var expected = Golden.Get($"{key}.params");
        int steps = p.GetProperty("steps").GetInt32();
        Assert.Equal(steps, grads.Dim(0));
        for (int t = 0; t < steps; t++)
        {
            param.Grad = grads.Select(0, t).Contiguous();
            opt.Step();
            Golden.AssertClose($"{key} after step {t + 1}", expected.Select(0, t), param, Golden.Default);
        }
    }
}
