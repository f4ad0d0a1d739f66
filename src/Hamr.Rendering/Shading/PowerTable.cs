using System.Runtime.CompilerServices;

namespace Hamr.Rendering.Shading;

/// <summary>
/// x^n on [0, 1] by linear interpolation in a 1024-interval table, for the Blinn-Phong highlight: MathF.Pow per sample
/// and light was a fifth of the shading time. The error is at most n²/(8·1024²) (2e-3 at n = 128, well under one
/// 8-bit level); larger exponents fall back to MathF.Pow.
/// </summary>
internal sealed class PowerTable
{
    private const int Intervals = 1024;
    private const float MaxTabulated = 128;
    private readonly float[] _values = new float[Intervals + 2];
    private bool _tabulated;

    public float Exponent { get; private set; } = float.NaN;

    /// <summary>Rebuilds the table when the exponent changes (nothing allocated).</summary>
    public void Set(float exponent)
    {
        if (exponent == Exponent)
        {
            return;
        }
        Exponent = exponent;
        _tabulated = exponent is >= 0 and <= MaxTabulated;
        if (_tabulated)
        {
            for (int i = 0; i <= Intervals; i++)
            {
                _values[i] = MathF.Pow(i / (float)Intervals, exponent);
            }
            _values[Intervals + 1] = _values[Intervals]; // x = 1 reads one past the last interval
        }
    }

    /// <summary>x^Exponent for x in [0, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Power(float x)
    {
        if (!_tabulated)
        {
            return MathF.Pow(x, Exponent);
        }
        float t = Math.Clamp(x, 0f, 1f) * Intervals;
        int i = (int)t;
        var values = _values;
        float a = values[i];
        return a + (t - i) * (values[i + 1] - a);
    }
}
