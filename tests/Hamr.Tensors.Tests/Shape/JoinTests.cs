using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Shape;

public sealed class JoinTests
{
    /// <summary>Naive concat of row-major [outer, n_i, inner] blocks along the middle axis.</summary>
    private static double[] ConcatReference(double[][] v, int outer, int[] sizes, int inner)
    {
        var result = new List<double>();
        for (int o = 0; o < outer; o++)
        {
            for (int t = 0; t < sizes.Length; t++)
            {
                for (int j = 0; j < sizes[t] * inner; j++)
                {
                    result.Add(v[t][o * sizes[t] * inner + j]);
                }
            }
        }
        return result.ToArray();
    }

    [Fact]
    public void Concat_along_middle_axis_matches_reference_and_routes_gradients()
    {
        GradCheck.AgainstReference(
            x => Tensor.Concat(x, 1),
            v => ConcatReference(v, 2, [3, 1, 2], 5),
            [TestData.Param(1, 2, 3, 5), TestData.Param(2, 2, 1, 5), TestData.Param(3, 2, 2, 5)]);
    }

    [Fact]
    public void Concat_along_last_axis_with_a_constant_input()
    {
        var constant = TestData.Random(5, 3, 2);
        GradCheck.AgainstReference(
            x => Tensor.Concat([x[0], constant, x[1]], -1),
            v => ConcatReference([v[0], constant.ToDouble(), v[1]], 3, [4, 2, 1], 1),
            [TestData.Param(4, 3, 4), TestData.Param(6, 3, 1)]);
    }

    [Fact]
    public void Concat_of_non_contiguous_views_copies_their_elements()
    {
        var a = Tensor.Arange(6).Reshape(2, 3).T; // [3, 2]: 0 3 / 1 4 / 2 5
        var r = Tensor.Concat([a, Tensor.Full(9f, 1, 2)], 0);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f, 9f, 9f], r.ToArray());
    }

    [Fact]
    public void Concat_with_mismatched_shapes_names_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3, 3]", ex.Message);
    }

    [Fact]
    public void Stack_inserts_a_new_axis_and_routes_gradients()
    {
        // Stack three [2, 3] along axis 1 → [2, 3(new), 3]: out[i, t, j] = x_t[i, j].
        GradCheck.AgainstReference(
            x => Tensor.Stack(x, 1),
            v =>
            {
                var r = new double[2 * 3 * 3];
                for (int i = 0; i < 2; i++)
                {
                    for (int t = 0; t < 3; t++)
                    {
                        for (int j = 0; j < 3; j++)
                        {
                            r[(i * 3 + t) * 3 + j] = v[t][i * 3 + j];
                        }
                    }
                }
                return r;
            },
            [TestData.Param(1, 2, 3), TestData.Param(2, 2, 3), TestData.Param(3, 2, 3)]);
    }

    [Fact]
    public void Stack_at_the_end_interleaves_elements()
    {
        var r = Tensor.Stack([Tensor.FromArray([1f, 2f]), Tensor.FromArray([3f, 4f])], -1);
        Assert.Equal([2, 2], r.GetShape());
        Assert.Equal([1f, 3f, 2f, 4f], r.ToArray());
    }

    [Fact]
    public void Stack_with_mismatched_shapes_names_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Stack([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)], 0));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void Split_pieces_used_separately_send_gradients_to_their_own_slices()
    {
        // Pieces of [5, 7] along axis 1 with sizes 2, 4, 1; the middle piece is unused (zero gradient there).
        GradCheck.AgainstReference(
            x =>
            {
                var p = x[0].Split([2, 4, 1], 1);
                return Tensor.Concat([p[2], p[0] * 3f], 1);
            },
            v =>
            {
                var r = new double[5 * 3];
                for (int i = 0; i < 5; i++)
                {
                    r[i * 3] = v[0][i * 7 + 6];
                    r[i * 3 + 1] = 3 * v[0][i * 7];
                    r[i * 3 + 2] = 3 * v[0][i * 7 + 1];
                }
                return r;
            },
            [TestData.Param(1, 5, 7)]);
    }

    [Fact]
    public void Split_then_concat_round_trips()
    {
        var x = TestData.Random(3, 3, 7, 2);
        var pieces = x.Split([1, 0, 6], 1);
        Assert.Equal([3, 0, 2], pieces[1].GetShape());
        Assert.Equal(x.ToArray(), Tensor.Concat(pieces, 1).ToArray());
    }

    [Fact]
    public void Split_sizes_that_do_not_add_up_name_the_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(4, 5).Split([2, 2], 1));
        Assert.Contains("[4, 5]", ex.Message);
    }

    [Theory]
    [InlineData(7, 3, new[] { 3, 3, 1 })]
    [InlineData(6, 4, new[] { 2, 2, 2 })]
    [InlineData(2, 5, new[] { 1, 1 })]
    [InlineData(9, 1, new[] { 9 })]
    public void Chunk_follows_pytorch_sizes(int length, int chunks, int[] expected)
    {
        var x = Tensor.Arange(length * 2).Reshape(2, length);
        var pieces = x.Chunk(chunks, -1);
        Assert.Equal(expected, pieces.Select(p => p.Dim(1)).ToArray());
        Assert.Equal(x.ToArray(), Tensor.Concat(pieces, 1).ToArray());
    }

    [Fact]
    public void Chunk_gradients_land_in_the_right_slices()
    {
        GradCheck.AgainstReference(
            x =>
            {
                var p = x[0].Chunk(2, 0); // [3, 2] and [2, 2]
                return p[1] * p[0].Slice(0, 1, 2);
            },
            v => [v[0][6] * v[0][2], v[0][7] * v[0][3], v[0][8] * v[0][4], v[0][9] * v[0][5]],
            [TestData.Param(2, 5, 2)]);
    }
}
