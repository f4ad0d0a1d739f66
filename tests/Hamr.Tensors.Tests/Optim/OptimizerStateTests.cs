using Hamr.Tensors.Io;
using Hamr.Tensors.Optim;
using Hamr.Tensors.Tests.Support;
using static Hamr.Tensors.Tests.Optim.OptimReference;

namespace Hamr.Tensors.Tests.Optim;

public sealed class OptimizerStateTests
{
    private static readonly Func<Tensor[], Optimizer>[] s_factories =
    [
        ps => new Sgd(ps, 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01),
        ps => new Adam(ps, 0.01, weightDecay: 0.01, amsgrad: true),
        ps => new AdamW(ps, 0.01),
    ];

    public static TheoryData<int> Factories => new() { 0, 1, 2 };

    private static Tensor[] Params() => [TestData.Param(1, 4, 5), TestData.Param(2, 7), TestData.Param(3, 3)];

    /// <summary>Step t gives gradients to parameters 0 and 1 always and to parameter 2 only from step 3 on.</summary>
    private static void Steps(Optimizer opt, Tensor[] ps, int from, int to)
    {
        var schedule = new WarmupLr(new CosineLr(0.01, 20), 3, 0.2);
        for (int t = from; t < to; t++)
        {
            for (int k = 0; k < ps.Length; k++)
            {
                ps[k].Grad = k == 2 && t < 3 ? null : TestData.Random((ulong)(100 * t + k), ps[k].GetShape());
            }
            opt.Step(schedule);
        }
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void A_large_parameter_updated_in_runs_on_several_threads_equals_the_same_elements_updated_whole(int factory)
    {
        // 100,003 elements are over the parallel threshold; the same values as seven parameters of ~14,300 are under it.
        const int n = 100_003, pieces = 7;
        var large = TestData.Param(11, n);
        var small = Enumerable.Range(0, pieces).Select(k => Slice(large, n * k / pieces, n * (k + 1) / pieces)).ToArray();
        var largeOptimizer = s_factories[factory]([large]);
        var smallOptimizer = s_factories[factory](small);
        for (int t = 0; t < 4; t++)
        {
            var g = TestData.Random((ulong)(50 + t), n);
            large.Grad = g;
            for (int k = 0; k < pieces; k++)
            {
                small[k].Grad = Slice(g, n * k / pieces, n * (k + 1) / pieces);
            }
            largeOptimizer.Step();
            smallOptimizer.Step();
        }
        Assert.Equal(small.SelectMany(p => p.ToArray()).ToArray(), large.ToArray());
    }

    private static Tensor Slice(Tensor t, int start, int end) => Tensor.FromArray(t.ToArray().AsSpan(start, end - start).ToArray(), end - start);

    [Theory]
    [MemberData(nameof(Factories))]
    public void Resuming_from_a_state_dict_continues_the_trajectory_bitwise(int factory)
    {
        var straight = Params();
        var straightOpt = s_factories[factory](straight);
        Steps(straightOpt, straight, 0, 10);

        var first = Params();
        var firstOpt = s_factories[factory](first);
        Steps(firstOpt, first, 0, 2); // parameter 2 has no state yet at the checkpoint
        var saved = firstOpt.StateDict();

        var resumed = Params();
        for (int k = 0; k < resumed.Length; k++)
        {
            first[k].AsSpan().CopyTo(resumed[k].AsSpan());
        }
        var resumedOpt = s_factories[factory](resumed);
        resumedOpt.LoadStateDict(saved);
        Steps(firstOpt, first, 2, 10); // the snapshot must not change as the original keeps training
        Steps(resumedOpt, resumed, 2, 10);

        for (int k = 0; k < straight.Length; k++)
        {
            Assert.Equal(straight[k].ToArray(), resumed[k].ToArray());
            Assert.Equal(straight[k].ToArray(), first[k].ToArray());
        }
        var expectedState = straightOpt.StateDict();
        var actualState = resumedOpt.StateDict();
        Assert.Equal(expectedState.Keys.Order(), actualState.Keys.Order());
        foreach (var (key, value) in expectedState)
        {
            Assert.Equal(value.ToArray(), actualState[key].ToArray());
        }
    }

    [Fact]
    public void State_survives_a_safetensors_file_round_trip()
    {
        var ps = Params();
        var opt = new Adam(ps, amsgrad: true);
        Steps(opt, ps, 0, 5);
        var bytes = SafetensorsFile.ToBytes(opt.StateDict());
        var restored = new Adam(Params(), amsgrad: true);
        restored.LoadStateDict(SafetensorsFile.Read(bytes).Tensors);
        Assert.Equal(5, restored.StepCount);
        foreach (var (key, value) in opt.StateDict())
        {
            Assert.Equal(value.ToArray(), restored.StateDict()[key].ToArray());
            Assert.Equal(value.GetShape(), restored.StateDict()[key].GetShape());
        }
    }

    [Fact]
    public void State_dict_names_follow_pytorch_buffers()
    {
        var ps = Params();
        var opt = new Adam(ps, amsgrad: true);
        Steps(opt, ps, 0, 1);
        Assert.Equal(
            ["state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq", "state.0.step",
             "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq", "state.1.step", "step"],
            opt.StateDict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal([4, 5], opt.StateDict()["state.0.exp_avg"].GetShape());
    }

    [Fact]
    public void Mismatched_state_is_refused_with_every_problem_listed_and_nothing_changed()
    {
        var ps = Params();
        var plain = new Adam(ps);
        Steps(plain, ps, 0, 4);
        var state = new Dictionary<string, Tensor>(plain.StateDict())
        {
            ["state.1.exp_avg"] = Tensor.Zeros(3),
            ["state.9.step"] = Tensor.Scalar(1),
            ["bogus"] = Tensor.Scalar(1),
        };
        state.Remove("state.0.step");

        var target = new Adam(Params(), amsgrad: true);
        Steps(target, target.Parameters.ToArray(), 0, 1);
        var before = target.StateDict();
        var ex = Assert.Throws<OptimizerStateException>(() => target.LoadStateDict(state));
        Assert.Contains("missing 'state.0.step'", ex.Problems);
        Assert.Contains("missing 'state.0.max_exp_avg_sq'", ex.Problems);
        Assert.Contains("'state.1.exp_avg': expected [7], got [3]", ex.Problems);
        Assert.Contains("'state.9.step' refers to parameter 9, optimiser has 3", ex.Problems);
        Assert.Contains("unexpected 'bogus'", ex.Problems);
        Assert.Equal(1, target.StepCount);
        Assert.Equal(before["state.0.exp_avg"].ToArray(), target.StateDict()["state.0.exp_avg"].ToArray());
    }

    [Fact]
    public void Sgd_state_does_not_load_into_adam()
    {
        var ps = Params();
        var sgd = new Sgd(ps, 0.1, momentum: 0.9);
        Steps(sgd, ps, 0, 2);
        var ex = Assert.Throws<OptimizerStateException>(() => new Adam(Params()).LoadStateDict(sgd.StateDict()));
        Assert.Contains("unexpected 'state.0.momentum_buffer'", ex.Problems);
    }
}
