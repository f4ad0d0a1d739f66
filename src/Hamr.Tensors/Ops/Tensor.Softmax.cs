using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// Softmax and log-softmax along any axis: numerically stable forward (max subtracted) and fused backward from the
// saved output (softmax: y·(g − Σ g·y); log-softmax: g − softmax·Σ g).
public sealed partial class Tensor
{
    /// <summary>e^x / Σ e^x along <paramref name="axis"/> (negative counts from the end).</summary>
    public Tensor Softmax(int axis = -1) => SoftmaxCore(axis, log: false);

    /// <summary>x − log Σ e^x along <paramref name="axis"/>, computed without forming the softmax.</summary>
    public Tensor LogSoftmax(int axis = -1) => SoftmaxCore(axis, log: true);

    private Tensor SoftmaxCore(int axis, bool log)
    {
        int a = ShapeUtil.Axis(axis, Rank);
        int n = Dims[a];
        int inner = ShapeUtil.Count(Dims.AsSpan(a + 1));
        int outer = ShapeUtil.Count(Dims.AsSpan(0, a));
        var x = Contiguous();
        var r = Uninitialized(Dims);
        SoftmaxKernel.Forward(x.Span, r.Span, outer, n, inner, log);
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var y = r.Detach();
        return Record(r, log ? "LogSoftmax" : "Softmax", [this], g =>
        {
            var gc = g.Contiguous();
            var d = Uninitialized(y.Dims);
            SoftmaxKernel.Backward(y.Span, gc.Span, d.Span, outer, n, inner, log);
            return [d];
        });
    }
}
