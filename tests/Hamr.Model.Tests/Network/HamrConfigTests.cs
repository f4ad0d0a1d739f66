using Hamr.Model.Network;
using Hamr.Model.Tests.Support;

namespace Hamr.Model.Tests.Network;

public sealed class HamrConfigTests
{
    [Fact]
    public void Named_configs_are_in_one_table_and_paper_matches_the_original()
    {
        Assert.Same(HamrConfigs.Small, HamrConfigs.Get("hamr-s"));
        Assert.Same(HamrConfigs.Paper, HamrConfigs.ByName["HAMR-PAPER"]);
        var paper = HamrConfigs.Paper;
        Assert.Equal((256, 64, 2, 256, 2048), (paper.InputSize, paper.HeatmapSize, paper.Stacks, paper.Channels, paper.FeatureSize));
        var small = HamrConfigs.Small;
        Assert.Equal((128, 32, 3), (small.InputSize, small.HeatmapSize, small.Iterations));
        var e = Assert.Throws<ArgumentException>(() => HamrConfigs.Get("hamr-xl"));
        Assert.Contains("hamr-s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_round_trip_keeps_every_field()
    {
        foreach (var config in HamrConfigs.ByName.Values.Append(Tiny.Config(2, PoseRepresentation.AxisAngle, 42)))
        {
            string json = config.ToJson();
            Assert.Contains("\"AxisAngle\"", Tiny.Config(pose: PoseRepresentation.AxisAngle).ToJson(), StringComparison.Ordinal);
            Assert.Equal(config, HamrConfig.FromJson(json));
        }
    }

    [Fact]
    public void Inconsistent_configs_are_refused_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny.Config() with { InputSize = 36 }).Validate());
        Assert.Contains("heatmap side 9", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => (Tiny.Config() with { Channels = 7 }).Validate());
        Assert.Throws<ArgumentException>(() => (Tiny.Config() with { EncoderChannels = [] }).Validate());
        Assert.Throws<ArgumentException>(() => HamrConfig.FromJson("{\"InputSize\": 30}", "bad.json"));
        var parse = Assert.Throws<ArgumentException>(() => HamrConfig.FromJson("{ not json", "bad.json"));
        Assert.Contains("bad.json", parse.Message, StringComparison.Ordinal);
    }
}
