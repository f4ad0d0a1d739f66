namespace Hamr.Data.Synthetic;

/// <summary>
/// Per-sample random streams: sample i of seed s draws from a generator seeded by a hash of (s, i), so any sample can
/// be made alone, in any order and on any thread, and comes out the same.
/// </summary>
internal static class SampleSeed
{
    /// <summary>A 64-bit seed for sample <paramref name="index"/> of <paramref name="seed"/> (SplitMix64 finaliser twice).</summary>
    public static ulong For(ulong seed, long index) => Mix(Mix(seed ^ 0x5DEECE66D2B79F5UL) + (ulong)index * 0x9E3779B97F4A7C15UL);

    /// <summary>A seed for a named sub-stream of one generator (textures, background banks): stable across versions.</summary>
    public static ulong ForStream(ulong seed, ulong stream) => Mix(seed ^ Mix(stream + 0xA0761D6478BD642FUL));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
