using Hamr.Tensors.NN;

namespace Hamr.Tensors.Tests.NN;

public sealed class ModuleTests
{
    private static Sequential Mlp(ulong seed) =>
        new(new Linear(4, 8, new TensorRandom(seed)), new Linear(8, 2, new TensorRandom(seed + 1)));

    [Fact]
    public void State_dict_names_are_dotted_in_registration_order()
    {
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], Mlp(1).StateDict().Keys);
        Assert.Equal(4 * 8 + 8 + 8 * 2 + 2, Mlp(1).ParameterCount());
    }

    [Fact]
    public void Load_state_dict_copies_values_into_existing_tensors()
    {
        var a = Mlp(1);
        var b = Mlp(2);
        var weight = b.StateDict()["0.weight"];
        b.LoadStateDict(a.StateDict());
        Assert.Same(weight, b.StateDict()["0.weight"]);
        Assert.Equal(a.StateDict()["0.weight"].ToArray(), weight.ToArray());
    }

    [Fact]
    public void Load_state_dict_reports_missing_unexpected_and_mismatched_names_together()
    {
        var state = new Dictionary<string, Tensor>(Mlp(1).StateDict());
        state.Remove("1.bias");
        state["extra"] = Tensor.Zeros(1);
        state["0.weight"] = Tensor.Zeros(3, 3);
        var ex = Assert.Throws<StateDictException>(() => Mlp(2).LoadStateDict(state));
        Assert.Equal(["1.bias"], ex.Missing);
        Assert.Equal(["extra"], ex.Unexpected);
        Assert.Single(ex.ShapeMismatches);
        Assert.Contains("0.weight: expected [8, 4], got [3, 3]", ex.Message);
    }

    [Fact]
    public void Default_init_bounds_follow_pytorch()
    {
        var layer = new Linear(100, 50, new TensorRandom(3));
        var w = layer.Weight.ToArray();
        Assert.True(w.All(v => Math.Abs(v) <= 0.1f));
        Assert.True(w.Max() > 0.09f && w.Min() < -0.09f);
    }

    [Fact]
    public void Train_and_eval_propagate_to_children()
    {
        var m = Mlp(1);
        m.Eval();
        Assert.False(m[1].IsTraining);
        m.Train();
        Assert.True(m[0].IsTraining);
    }
}
