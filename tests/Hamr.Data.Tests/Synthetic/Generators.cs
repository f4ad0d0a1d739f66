using Hamr.Data.Synthetic;

namespace Hamr.Data.Tests.Synthetic;

/// <summary>Generators shared by the tests (loading the hand model and baking skin textures once per process).</summary>
internal static class Generators
{
    private static readonly Lazy<SyntheticHandGenerator> s_default = new(() => new SyntheticHandGenerator(new SyntheticOptions { Seed = 11 }));

    /// <summary>Seed 11, 128 px, the default recipe. Tests that use it from several threads must Fork it.</summary>
    public static SyntheticHandGenerator Default => s_default.Value.Fork();

    public static SyntheticSample Make(SyntheticHandGenerator generator, long index)
    {
        var sample = generator.CreateSample();
        generator.Generate(index, sample);
        return sample;
    }
}
