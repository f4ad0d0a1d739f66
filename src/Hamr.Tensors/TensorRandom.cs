using System.Numerics;

namespace Hamr.Tensors;

/// <summary>
/// The engine's deterministic random source (xoshiro128** seeded by SplitMix64): the same seed gives the same
/// numbers on every machine and .NET version, unlike System.Random.
/// </summary>
public sealed class TensorRandom
{
    private uint _s0, _s1, _s2, _s3;
    private float _spare;
    private bool _hasSpare;

    public TensorRandom(ulong seed)
    {
        ulong x = seed;
        ulong a = SplitMix(ref x), b = SplitMix(ref x);
        _s0 = (uint)a;
        _s1 = (uint)(a >> 32);
        _s2 = (uint)b;
        _s3 = (uint)(b >> 32);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public uint NextUInt()
    {
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 bits.</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1f / 16777216f);

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (((ulong)NextUInt() << 21) ^ NextUInt()) * (1.0 / (1UL << 53));

    public float Uniform(float low, float high) => low + (high - low) * NextFloat();

    /// <summary>Integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }
        return (int)(((ulong)NextUInt() * (ulong)n) >> 32);
    }

    /// <summary>Standard normal (Box–Muller, pairs cached).</summary>
    public float NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = (float)(r * Math.Sin(2 * Math.PI * u2));
        _hasSpare = true;
        return (float)(r * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>
    /// The generator's full state as text ("s0 s1 s2 s3 spare hasSpare", hexadecimal), so a checkpoint can store it and
    /// <see cref="RestoreState"/> continue the stream exactly.
    /// </summary>
    public string SaveState() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{_s0:x8} {_s1:x8} {_s2:x8} {_s3:x8} {BitConverter.SingleToUInt32Bits(_spare):x8} {(_hasSpare ? 1 : 0)}");

    /// <summary>Restores a state written by <see cref="SaveState"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public void RestoreState(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = state.Split(' ');
        var words = new uint[5];
        if (parts.Length != 6 || parts[5] is not ("0" or "1"))
        {
            throw new FormatException($"not a random generator state: '{state}'");
        }
        for (int i = 0; i < 5; i++)
        {
            if (parts[i].Length != 8 || !uint.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out words[i]))
            {
                throw new FormatException($"not a random generator state: '{state}'");
            }
        }
        if ((words[0] | words[1] | words[2] | words[3]) == 0)
        {
            throw new FormatException("a random generator state cannot be all zero");
        }
        (_s0, _s1, _s2, _s3) = (words[0], words[1], words[2], words[3]);
        _spare = BitConverter.UInt32BitsToSingle(words[4]);
        _hasSpare = parts[5] == "1";
    }

    /// <summary>An independent stream derived from this one (for per-worker or per-sample randomness).</summary>
    public TensorRandom Fork() => new(((ulong)NextUInt() << 32) | NextUInt());
}
