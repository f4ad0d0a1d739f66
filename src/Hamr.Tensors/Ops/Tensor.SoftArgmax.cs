namespace Hamr.Tensors;

// Spatial soft-argmax (integral regression): heatmaps [..., H, W] become expected pixel coordinates [..., 2] = (x, y)
// with x the column and y the row, pixel centres at integer coordinates 0..W-1 and 0..H-1. The weights are either
// softmax(beta · heatmap) over the H·W pixels, or the heatmap divided by its sum (already non-negative maps).
public sealed partial class Tensor
{
    /// <summary>
    /// Expected (x, y) under softmax(<paramref name="beta"/> · heatmap) over each map's H·W pixels: [..., H, W] → [..., 2].
    /// </summary>
    public Tensor SoftArgmax2d(float beta = 1f)
    {
        int h = CheckHeatmaps("SoftArgmax2d"), w = Dims[^1];
        var x = Contiguous();
        int maps = Count / Math.Max(h * w, 1);
        int[] outDims = [.. Dims.AsSpan(0, Rank - 2), 2];
        var r = Uninitialized(outDims);
        var prob = Uninitialized(Dims);
        var src = x.Span;
        var p = prob.Span;
        var o = r.Span;
        int hw = h * w;
        for (int m = 0; m < maps; m++)
        {
            var s = src.Slice(m * hw, hw);
            var pm = p.Slice(m * hw, hw);
            float max = float.NegativeInfinity;
            for (int i = 0; i < hw; i++)
            {
                max = Math.Max(max, beta * s[i]);
            }
            double z = 0;
            for (int i = 0; i < hw; i++)
            {
                float e = MathF.Exp(beta * s[i] - max);
                pm[i] = e;
                z += e;
            }
            float inv = (float)(1.0 / z);
            for (int i = 0; i < hw; i++)
            {
                pm[i] *= inv;
            }
            (o[2 * m], o[2 * m + 1]) = ExpectedCoordinates(pm, h, w);
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "SoftArgmax2d", [this], g =>
        {
            // d(x, y)/d heatmap_i = beta · p_i · ((col_i - x), (row_i - y)).
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(inputShape);
            var gs = gx.Span;
            var ps = prob.Span;
            var os = r.Span;
            for (int m = 0; m < maps; m++)
            {
                float gxm = beta * gc[2 * m], gym = beta * gc[2 * m + 1];
                float ex = os[2 * m], ey = os[2 * m + 1];
                int b = m * hw;
                for (int row = 0; row < h; row++)
                {
                    float dy = gym * (row - ey);
                    for (int col = 0; col < w; col++)
                    {
                        int i = b + row * w + col;
                        gs[i] = ps[i] * (gxm * (col - ex) + dy);
                    }
                }
            }
            return [gx];
        });
    }

    /// <summary>
    /// Expected (x, y) with each map's weights = heatmap / sum(heatmap) (integral regression without softmax; the maps
    /// should be non-negative with a positive sum): [..., H, W] → [..., 2].
    /// </summary>
    public Tensor IntegralArgmax2d()
    {
        int h = CheckHeatmaps("IntegralArgmax2d"), w = Dims[^1];
        var x = Contiguous();
        int hw = h * w;
        int maps = Count / Math.Max(hw, 1);
        var r = Uninitialized([.. Dims.AsSpan(0, Rank - 2), 2]);
        var sums = Uninitialized([maps]);
        var sumSpan = sums.Span;
        var src = x.Span;
        var o = r.Span;
        for (int m = 0; m < maps; m++)
        {
            var s = src.Slice(m * hw, hw);
            double total = 0, sx = 0, sy = 0;
            for (int row = 0; row < h; row++)
            {
                for (int col = 0; col < w; col++)
                {
                    double v = s[row * w + col];
                    total += v;
                    sx += v * col;
                    sy += v * row;
                }
            }
            sumSpan[m] = (float)total;
            o[2 * m] = (float)(sx / total);
            o[2 * m + 1] = (float)(sy / total);
        }
        if (!AnyRequiresGrad(this))
        {
            return r;
        }
        var inputShape = Dims;
        return Record(r, "IntegralArgmax2d", [this], g =>
        {
            // d(x, y)/d heatmap_i = ((col_i - x), (row_i - y)) / sum.
            var gc = g.Contiguous().Span;
            var gx = Uninitialized(inputShape);
            var gs = gx.Span;
            var os = r.Span;
            var ss = sums.Span;
            for (int m = 0; m < maps; m++)
            {
                float inv = 1f / ss[m];
                float gxm = inv * gc[2 * m], gym = inv * gc[2 * m + 1];
                float ex = os[2 * m], ey = os[2 * m + 1];
                int b = m * hw;
                for (int row = 0; row < h; row++)
                {
                    float dy = gym * (row - ey);
                    for (int col = 0; col < w; col++)
                    {
                        gs[b + row * w + col] = gxm * (col - ex) + dy;
                    }
                }
            }
            return [gx];
        });
    }

    private int CheckHeatmaps(string op)
    {
        if (Rank < 2 || Dims[^1] == 0 || Dims[^2] == 0)
        {
            throw new ArgumentException($"{op} needs heatmaps [..., H, W] with H, W > 0, got {ShapeUtil.Format(Dims)}");
        }
        return Dims[^2];
    }

    /// <summary>Σ p·col and Σ p·row over one normalised map (accumulated in double).</summary>
    private static (float X, float Y) ExpectedCoordinates(ReadOnlySpan<float> p, int h, int w)
    {
        double sx = 0, sy = 0;
        for (int row = 0; row < h; row++)
        {
            double rowSum = 0, colSum = 0;
            var line = p.Slice(row * w, w);
            for (int col = 0; col < w; col++)
            {
                rowSum += line[col];
                colSum += line[col] * (double)col;
            }
            sx += colSum;
            sy += rowSum * row;
        }
        return ((float)sx, (float)sy);
    }
}
