using System.Diagnostics;
using Tensor = Hamr.Tensors.Tensor;

namespace Hamr.Benchmarks;

/// <summary>Per-layer backward times, measured between identity probes the backward pass runs through.</summary>
internal sealed class BackwardProbes(int layers)
{
    private readonly double[] _ms = new double[layers];
    private long _last;

    /// <summary>Total backward ms accumulated for a layer.</summary>
    public double this[int layer] => _ms[layer];

    public void Start() => _last = Stopwatch.GetTimestamp();

    public void End() => Mark(0);

    /// <summary>Identity whose backward marks the end of the backward of everything after layer i.</summary>
    public Tensor Probe(Tensor x, int layer) =>
        Tensor.Record(new Tensor(x.Buffer, x.Offset, x.Dims, x.Strides), "Probe", [x], g =>
        {
            Mark(layer + 1);
            return [g];
        });

    private void Mark(int layer)
    {
        long now = Stopwatch.GetTimestamp();
        _ms[layer] += Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds;
        _last = now;
    }
}
