using System.Numerics.Tensors;
using Hamr.Tensors.Kernels;

namespace Hamr.Tensors;

// 2-D convolution (cross-correlation, PyTorch semantics) with stride, zero padding, dilation and groups.
// Forward and backward share two drivers, RunConv and RunConvBackward, which conv-transpose reuses with input
// and output swapped (it is the adjoint). GEMM path: per image and group, im2col into per-thread scratch + GEMM;
// pointwise 1×1 convs skip im2col; depthwise (one input channel per group) runs the direct kernels.
public sealed partial class Tensor
{
    /// <summary>
    /// Conv2d(input [N, C, H, W], weight [O, C/groups, kh, kw], bias [O]) → [N, O, Ho, Wo] with
    /// Ho = ⌊(H + 2·padH − dilationH·(kh − 1) − 1) / strideH⌋ + 1 (likewise Wo).
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int strideH = 1, int strideW = 1,
        int padH = 0, int padW = 0, int dilationH = 1, int dilationW = 1, int groups = 1)
    {
        var s = Conv2dShape("Conv2d", input, weight, bias, strideH, strideW, padH, padW, dilationH, dilationW, groups);
        var x = input.Contiguous();
        var wt = weight.Contiguous();
        var b = bias?.Contiguous();
        var y = Uninitialized([s.N, s.O, s.OutH, s.OutW]);
        RunConv(s, x, wt, b, y);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        if (!AnyRequiresGrad(inputs))
        {
            return y;
        }
        return Record(y, "Conv2d", inputs, g =>
        {
            var (gx, gw, gb) = RunConvBackward(s, x, wt, g.Contiguous(), input.RequiresGrad, weight.RequiresGrad,
                bias is { RequiresGrad: true });
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }

    /// <summary>Checks a conv2d call's operands and works out its shape.</summary>
    private static ConvShape Conv2dShape(string op, Tensor input, Tensor weight, Tensor? bias, int strideH, int strideW,
        int padH, int padW, int dilationH, int dilationW, int groups)
    {
        if (input.Rank != 4 || weight.Rank != 4)
        {
            throw new ArgumentException($"{op} needs input [N, C, H, W] and weight [O, C/groups, kh, kw], got {ShapeUtil.Format(input.Dims)} and {ShapeUtil.Format(weight.Dims)}");
        }
        int n = input.Dims[0], c = input.Dims[1], h = input.Dims[2], w = input.Dims[3], o = weight.Dims[0];
        CheckGroups(op, c, o, groups);
        if (weight.Dims[1] != c / groups)
        {
            throw new ArgumentException($"{op}: weight {ShapeUtil.Format(weight.Dims)} needs {c / groups} input channels per group for input {ShapeUtil.Format(input.Dims)} and groups {groups}");
        }
        CheckBias(op, bias, o);
        var window = new ConvWindow(weight.Dims[2], weight.Dims[3], strideH, strideW, padH, padW, dilationH, dilationW);
        int outH = window.OutH(h), outW = window.OutW(w);
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentException($"{op}: input {h}x{w} is smaller than the dilated kernel with padding");
        }
        return new ConvShape(n, c, h, w, o, groups, outH, outW, window);
    }

    private static void CheckGroups(string op, int c, int o, int groups)
    {
        if (groups < 1 || c % groups != 0 || o % groups != 0)
        {
            throw new ArgumentException($"{op}: groups {groups} must divide both channel counts {c} and {o}");
        }
    }

    private static void CheckBias(string op, Tensor? bias, int channels)
    {
        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != channels))
        {
            throw new ArgumentException($"{op}: bias {ShapeUtil.Format(bias.Dims)} should be [{channels}]");
        }
    }

    private static bool IsDepthwise(in ConvShape s) => s.Cg == 1;

    /// <summary>y = conv(x, w) + b for contiguous operands; y is overwritten.</summary>
    private static void RunConv(ConvShape s, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        if (IsDepthwise(s))
        {
            int planes = s.N * s.O;
            int chunks = ConvParallel.Chunks(planes, (long)s.OutPlane * s.Window.Taps);
            ConvParallel.For(chunks, i =>
            {
                var (start, end) = ConvParallel.Range(planes, chunks, i);
                ConvDepthwise.Forward(s, x.Span, w.Span, b is null ? default : b.Span, y.Span, start, end);
            });
            return;
        }
        if (ConvPointwise.Applies(s))
        {
            ConvPointwise.Forward(s, x, w, b, y);
            return;
        }
        if (ConvBatchedGemm.Applies(s))
        {
            RunBatchedConv(s, x, w, b, y);
            return;
        }
        int imgChunks = ConvParallel.Chunks(s.N, s.MacsPerImage);
        int colLength = s.IsPointwise ? 0 : s.PatchRows * s.OutPlane;
        var cols = ConvGemm.Workspace(imgChunks, colLength);
        ConvParallel.For(imgChunks, i =>
        {
            var (start, end) = ConvParallel.Range(s.N, imgChunks, i);
            ConvGemm.Forward(s, x.Span, w.Span, b is null ? default : b.Span, y.Span, cols[i].AsSpan(0, colLength), start, end);
        });
    }

    /// <summary>Gradients of conv(x, w) + b given gy (all contiguous); null where not wanted.</summary>
    /// <remarks><paramref name="x"/> is only read for the weight gradient and may be null without it.</remarks>
    private static (Tensor? Gx, Tensor? Gw, Tensor? Gb) RunConvBackward(ConvShape s, Tensor? x, Tensor w, Tensor gy,
        bool needX, bool needW, bool needB)
    {
        if (x is null && (needW || needB))
        {
            throw new ArgumentNullException(nameof(x), "the weight gradient needs the conv input");
        }
        var gx = needX ? Uninitialized([s.N, s.C, s.H, s.W]) : null;
        var gw = needW ? Uninitialized(w.Dims) : null;
        var gb = needB ? Uninitialized([s.O]) : null;
        if (IsDepthwise(s))
        {
            if (gx is not null)
            {
                int planes = s.N * s.C;
                int chunks = ConvParallel.Chunks(planes, (long)s.OutPlane * s.Window.Taps * (s.O / s.C));
                ConvParallel.For(chunks, i =>
                {
                    var (start, end) = ConvParallel.Range(planes, chunks, i);
                    ConvDepthwise.BackwardInput(s, w.Span, gy.Span, gx.Span, start, end);
                });
            }
            if (gw is not null || gb is not null)
            {
                // Weight rows are needed to hold the bias sums even when only the bias gradient is wanted.
                var gwAll = gw ?? Uninitialized(w.Dims);
                int chunks = ConvParallel.Chunks(s.O, (long)s.N * s.OutPlane * s.Window.Taps);
                ConvParallel.For(chunks, i =>
                {
                    var (start, end) = ConvParallel.Range(s.O, chunks, i);
                    ConvDepthwise.BackwardWeight(s, x!.Span, gy.Span, gwAll.Span, gb is null ? default : gb.Span, start, end);
                });
            }
            return (gx, gw, gb);
        }
        if (ConvPointwise.Applies(s))
        {
            ConvPointwise.Backward(s, x, w, gy, gx, gw, gb);
            return (gx, gw, gb);
        }
        if (ConvBatchedGemm.Applies(s))
        {
            RunBatchedConvBackward(s, x, w, gy, gx, gw, gb);
            return (gx, gw, gb);
        }
        int imgChunks = ConvParallel.Chunks(s.N, 2 * s.MacsPerImage);
        int wLen = s.O * s.PatchRows;
        var gwParts = needW ? (imgChunks == 1 ? gw! : Uninitialized([imgChunks, wLen])) : null;
        var gbParts = needB ? (imgChunks == 1 ? gb! : Uninitialized([imgChunks, s.O])) : null;
        int colLength = s.IsPointwise ? 0 : s.PatchRows * s.OutPlane;
        var cols = ConvGemm.Workspace(2 * imgChunks, colLength);
        ConvParallel.For(imgChunks, i =>
        {
            var (start, end) = ConvParallel.Range(s.N, imgChunks, i);
            ConvGemm.Backward(s, x is null ? default : x.Span, w.Span, gy.Span, gx is null ? default : gx.Span,
                gwParts is null ? default : gwParts.Span.Slice(i * wLen, wLen),
                gbParts is null ? default : gbParts.Span.Slice(i * s.O, s.O),
                needW ? cols[2 * i].AsSpan(0, colLength) : default,
                needX ? cols[2 * i + 1].AsSpan(0, colLength) : default, start, end);
        });
        if (imgChunks > 1)
        {
            SumChunks(gwParts, gw, imgChunks);
            SumChunks(gbParts, gb, imgChunks);
        }
        return (gx, gw, gb);
    }

    private static unsafe void RunBatchedConv(in ConvShape s, Tensor x, Tensor w, Tensor? b, Tensor y, bool relu = false)
    {
        var wb = b is null ? null : Uninitialized([s.O, s.PatchRows + 1]);
        fixed (float* px = x.Span, pw = w.Span, pb = b is null ? default : b.Span, py = y.Span,
            pwb = wb is null ? default : wb.Span)
        {
            ConvBatchedGemm.Forward(s, px, pw, pb, py, pwb, relu);
        }
    }

    /// <remarks><paramref name="reluOutput"/>: y of a fused Conv2dRelu (its gradient mask), else null.</remarks>
    private static unsafe void RunBatchedConvBackward(in ConvShape s, Tensor? x, Tensor w, Tensor gy, Tensor? gx,
        Tensor? gw, Tensor? gb, Tensor? reluOutput = null)
    {
        var partials = Uninitialized([ConvBatchedGemm.Groups(s), s.O * (s.PatchRows + 1)]);
        var packedW = gx is null ? null : Uninitialized([(int)ConvBatchedGemm.PackedWeightLength(s)]);
        fixed (float* px = x is null ? default : x.Span, pw = w.Span, pgy = gy.Span,
            pgx = gx is null ? default : gx.Span, pgw = gw is null ? default : gw.Span,
            pgb = gb is null ? default : gb.Span, ppart = partials.Span,
            ppw = packedW is null ? default : packedW.Span, pyr = reluOutput is null ? default : reluOutput.Span)
        {
            ConvBatchedGemm.Backward(s, px, pw, pgy, pyr, pgx, pgw, pgb, ppart, ppw);
        }
    }

    private static void SumChunks(Tensor? parts, Tensor? total, int chunks)
    {
        if (parts is null || total is null)
        {
            return;
        }
        int len = total.Count;
        var dst = total.Span;
        var src = parts.Span;
        src[..len].CopyTo(dst);
        for (int i = 1; i < chunks; i++)
        {
            TensorPrimitives.Add(dst, src.Slice(i * len, len), dst);
        }
    }
}
