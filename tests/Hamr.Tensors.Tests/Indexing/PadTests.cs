using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Indexing;

public sealed class PadTests
{
    /// <summary>Naive F.pad in double: for each output coordinate, the source coordinate per axis or the constant.</summary>
    private static double[] PadReference(double[] x, int[] shape, int[] pads, PadMode mode, double value)
    {
        int rank = shape.Length;
        var before = new int[rank];
        var outShape = (int[])shape.Clone();
        for (int p = 0; p < pads.Length / 2; p++)
        {
            int d = rank - 1 - p;
            before[d] = pads[2 * p];
            outShape[d] += pads[2 * p] + pads[2 * p + 1];
        }
        int count = outShape.Aggregate(1, (a, b) => a * b);
        var result = new double[count];
        var coord = new int[rank];
        for (int o = 0; o < count; o++)
        {
            int rem = o, src = 0, stride = 1;
            bool constant = false;
            for (int d = rank - 1; d >= 0; d--)
            {
                coord[d] = rem % outShape[d];
                rem /= outShape[d];
                int s = coord[d] - before[d], n = shape[d];
                if (s < 0 || s >= n)
                {
                    if (mode == PadMode.Constant)
                    {
                        constant = true;
                    }
                    else if (mode == PadMode.Replicate)
                    {
                        s = s < 0 ? 0 : n - 1;
                    }
                    else
                    {
                        s = s < 0 ? -s : 2 * (n - 1) - s;
                    }
                }
                src += s * stride;
                stride *= n;
            }
            result[o] = constant ? value : x[src];
        }
        return result;
    }

    [Theory]
    [InlineData(PadMode.Constant, new[] { 1, 2, 0, 3 })]
    [InlineData(PadMode.Constant, new[] { 2, 0, 1, 1, 1, 0 })]
    [InlineData(PadMode.Reflect, new[] { 2, 3, 1, 4 })]
    [InlineData(PadMode.Replicate, new[] { 3, 1, 2, 5 })]
    [InlineData(PadMode.Replicate, new[] { 0, 0, 1, 2 })]
    public void Pad_matches_reference_and_gradients(PadMode mode, int[] pads)
    {
        int[] shape = [2, 5, 6];
        GradCheck.AgainstReference(
            x => x[0].Pad(pads, mode, 0.75f),
            v => PadReference(v[0], shape, pads, mode, 0.75),
            [TestData.Param(1, shape)]);
    }

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    [InlineData(PadMode.Replicate)]
    public void Negative_pads_crop(PadMode mode)
    {
        int[] pads = [-1, 2, 1, -2];
        int[] shape = [5, 6];
        GradCheck.AgainstReference(
            x => x[0].Pad(pads, mode, -2f),
            v => PadReference(v[0], shape, pads, mode, -2),
            [TestData.Param(2, shape)]);
    }

    [Fact]
    public void Pad_values_follow_pytorch_on_a_row()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        Assert.Equal([3f, 2f, 1f, 2f, 3f, 2f, 1f], x.Pad([2, 2], PadMode.Reflect).ToArray());
        Assert.Equal([1f, 1f, 1f, 2f, 3f, 3f, 3f], x.Pad([2, 2], PadMode.Replicate).ToArray());
        Assert.Equal([7f, 1f, 2f, 3f, 7f, 7f], x.Pad([1, 2], PadMode.Constant, 7f).ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 1f, 2f, 3f, 0f], x.Pad([1, 1, 1, 0]).ToArray());
    }

    [Fact]
    public void Reflect_pad_as_large_as_the_axis_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Pad([3, 0], PadMode.Reflect));
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void Too_many_pads_throw()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).Pad([1, 1, 1, 1]));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).Pad([1]));
    }
}
