using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Core;

public sealed class ViewTests
{
    [Fact]
    public void Reshape_keeps_row_major_order_and_infers_minus_one()
    {
        var t = Tensor.Arange(12).Reshape(3, -1);
        Assert.Equal([3, 4], t.GetShape());
        Assert.Equal(6f, t[1, 2]);
    }

    [Fact]
    public void Reshape_with_wrong_count_names_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(12).Reshape(5, 3));
        Assert.Contains("[12]", ex.Message);
        Assert.Contains("[5, 3]", ex.Message);
    }

    [Fact]
    public void Permute_is_a_view_and_contiguous_copies_in_new_order()
    {
        var t = Tensor.Arange(24).Reshape(2, 3, 4);
        var p = t.Permute(2, 0, 1);
        Assert.False(p.IsContiguous);
        Assert.Equal([4, 2, 3], p.GetShape());
        Assert.Equal(t[1, 2, 3], p[3, 1, 2]);
        var c = p.Contiguous().ToArray();
        Assert.Equal(0f, c[0]);
        Assert.Equal(4f, c[1]);
        Assert.Equal(1f, c[6]);
    }

    [Fact]
    public void Slice_with_step_reads_every_other_element()
    {
        var t = Tensor.Arange(10).Slice(0, 1, 4, step: 2);
        Assert.Equal([1f, 3f, 5f, 7f], t.ToArray());
    }

    [Fact]
    public void Slice_out_of_range_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Arange(10).Slice(0, 8, 3));
    }

    [Fact]
    public void Expand_repeats_with_stride_zero()
    {
        var t = Tensor.FromArray([1f, 2f, 3f], 3, 1).Expand(3, 2);
        Assert.Equal([1f, 1f, 2f, 2f, 3f, 3f], t.ToArray());
    }

    [Fact]
    public void Views_propagate_gradients_through_reshape_permute_slice_expand()
    {
        var x = TestData.Param(1, 2, 3, 4);
        GradCheck.Check(i => i[0].Permute(1, 2, 0).Slice(1, 1, 2).Reshape(3, 4).Expand(2, 3, 4) * 1.5f, [x]);
    }

    [Fact]
    public void Select_and_squeeze_remove_axes()
    {
        var t = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal([2, 4], t.Select(1, 2).GetShape());
        Assert.Equal(t[1, 2, 3], t.Select(1, 2)[1, 3]);
        Assert.Equal([3, 4], t.Select(0, 0).Unsqueeze(0).Squeeze().GetShape());
    }
}
