using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Conv;

[Trait("Category", "Kernels")]
public sealed class ConvRowCopyTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int stride in new[] { 1, 2, 3 })
        {
            for (int count = 0; count <= 70; count++)
            {
                data.Add(count, stride);
            }
            data.Add(1000, stride);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gather_takes_every_stride_th_element_without_reading_past_the_row(int count, int stride)
    {
        // The source span is exactly as long as the gather needs (the span wrapper bounds the vector reads by it).
        int available = count == 0 ? 0 : (count - 1) * stride + 1;
        var src = Enumerable.Range(0, available + 3).Select(i => i < available ? i * 0.5f : float.NaN).ToArray();
        var dst = Enumerable.Repeat(-7f, count + 2).ToArray();
        ConvRowCopy.Gather(src.AsSpan(0, available), stride, dst.AsSpan(0, count));
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i * stride * 0.5f, dst[i]);
        }
        Assert.Equal(-7f, dst[count]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScatterAdd_adds_into_every_stride_th_element_and_leaves_the_rest(int count, int stride)
    {
        int available = count == 0 ? 0 : (count - 1) * stride + 1;
        var src = Enumerable.Range(0, count).Select(i => 1f + i).ToArray();
        var dst = Enumerable.Range(0, available + 3).Select(i => 0.25f * i).ToArray();
        ConvRowCopy.ScatterAdd(src, dst.AsSpan(0, available), stride);
        for (int j = 0; j < dst.Length; j++)
        {
            bool hit = j < available && j % stride == 0;
            Assert.Equal(0.25f * j + (hit ? 1f + j / stride : 0f), dst[j]);
        }
    }
}
