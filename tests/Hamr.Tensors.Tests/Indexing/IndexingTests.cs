using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Indexing;

public sealed class IndexingTests
{
    [Fact]
    public void IndexSelect_with_repeats_and_negative_indices_scatter_adds_gradients()
    {
        int[] indices = [4, 0, 4, -1, 2];
        int[] resolved = [4, 0, 4, 4, 2];
        GradCheck.AgainstReference(
            x => x[0].IndexSelect(1, indices),
            v =>
            {
                // [3, 5, 2] → [3, 5(picked), 2]
                var r = new double[3 * resolved.Length * 2];
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < resolved.Length; j++)
                    {
                        for (int k = 0; k < 2; k++)
                        {
                            r[(i * resolved.Length + j) * 2 + k] = v[0][(i * 5 + resolved[j]) * 2 + k];
                        }
                    }
                }
                return r;
            },
            [TestData.Param(1, 3, 5, 2)]);
    }

    [Fact]
    public void IndexSelect_on_first_axis_picks_rows()
    {
        var x = Tensor.Arange(12).Reshape(4, 3);
        Assert.Equal([9f, 10f, 11f, 0f, 1f, 2f], x.IndexSelect(0, [3, 0]).ToArray());
    }

    [Fact]
    public void IndexSelect_out_of_range_throws_naming_the_shape()
    {
        var ex = Assert.Throws<IndexOutOfRangeException>(() => Tensor.Zeros(2, 3).IndexSelect(1, [3]));
        Assert.Contains("[2, 3]", ex.Message);
    }

    /// <summary>Random whole-number indices in [0, n) as a float tensor.</summary>
    private static Tensor RandomIndex(ulong seed, int n, params int[] shape)
    {
        var rng = new TensorRandom(seed);
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextInt(n);
        }
        return Tensor.FromArray(values, shape);
    }

    [Fact]
    public void Gather_on_middle_axis_matches_torch_gather_and_scatter_adds_gradients()
    {
        // x [3, 5, 4], index [2, 6, 3] (smaller than x off the gather axis, longer on it, so indices repeat).
        var index = RandomIndex(11, 5, 2, 6, 3);
        var idx = index.ToDouble();
        GradCheck.AgainstReference(
            x => x[0].Gather(1, index),
            v =>
            {
                var r = new double[2 * 6 * 3];
                for (int i = 0; i < 2; i++)
                {
                    for (int j = 0; j < 6; j++)
                    {
                        for (int k = 0; k < 3; k++)
                        {
                            int p = (i * 6 + j) * 3 + k;
                            r[p] = v[0][(i * 5 + (int)idx[p]) * 4 + k];
                        }
                    }
                }
                return r;
            },
            [TestData.Param(1, 3, 5, 4)]);
    }

    [Fact]
    public void Gather_on_first_and_last_axes_matches_reference()
    {
        var index0 = RandomIndex(12, 3, 4, 2);
        var idx0 = index0.ToDouble();
        GradCheck.AgainstReference(
            x => x[0].Gather(0, index0),
            v => Enumerable.Range(0, 8).Select(p => v[0][(int)idx0[p] * 5 + p % 2]).ToArray(),
            [TestData.Param(2, 3, 5)]);
        var index1 = RandomIndex(13, 5, 3, 7);
        var idx1 = index1.ToDouble();
        GradCheck.AgainstReference(
            x => x[0].Gather(-1, index1),
            v => Enumerable.Range(0, 21).Select(p => v[0][p / 7 * 5 + (int)idx1[p]]).ToArray(),
            [TestData.Param(3, 3, 5)]);
    }

    [Fact]
    public void Gather_reads_a_transposed_view_in_logical_order()
    {
        // x [4, 3] viewed as xᵀ [3, 4]; out[i, j] = xᵀ[i, index[i, j]] = x[index[i, j], i].
        int[] index = [3, 0, 2, 2, 1, 0];
        GradCheck.AgainstReference(
            x => x[0].T.Gather(1, index, 3, 2),
            v => Enumerable.Range(0, 6).Select(p => v[0][index[p] * 3 + p / 2]).ToArray(),
            [TestData.Param(5, 4, 3)]);
    }

    [Fact]
    public void Gather_int_overload_equals_tensor_overload()
    {
        var x = TestData.Random(4, 3, 5);
        int[] index = [4, 0, 1, 1, 3, 2];
        var a = x.Gather(1, index, 3, 2).ToArray();
        var b = x.Gather(1, Tensor.FromArray(index.Select(i => (float)i).ToArray(), 3, 2)).ToArray();
        Assert.Equal(a, b);
        Assert.Equal(x[0, 4], a[0]);
        Assert.Equal(x[2, 2], a[5]);
    }

    [Fact]
    public void Gather_rejects_non_integral_index_values_and_oversized_index()
    {
        var x = Tensor.Zeros(3, 5);
        Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.FromArray([0.5f], 1, 1)));
        var ex = Assert.Throws<ArgumentException>(() => x.Gather(1, new int[8], 4, 2));
        Assert.Contains("[4, 2]", ex.Message);
        Assert.Contains("[3, 5]", ex.Message);
    }

    [Fact]
    public void ScatterAdd_accumulates_repeats_and_differentiates_both_inputs()
    {
        // self [4, 5], source [3, 6], index [3, 5] along axis 0: out[index[i, j], j] += source[i, j].
        var index = RandomIndex(21, 4, 3, 5);
        var idx = index.ToDouble();
        GradCheck.AgainstReference(
            x => x[0].ScatterAdd(0, index, x[1]),
            v =>
            {
                var r = (double[])v[0].Clone();
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 5; j++)
                    {
                        r[(int)idx[i * 5 + j] * 5 + j] += v[1][i * 6 + j];
                    }
                }
                return r;
            },
            [TestData.Param(1, 4, 5), TestData.Param(2, 3, 6)]);
    }

    [Fact]
    public void ScatterAdd_then_gather_sums_what_landed()
    {
        var r = Tensor.Zeros(3).ScatterAdd(0, [2, 2, 0], [3], Tensor.FromArray([1f, 2f, 4f]));
        Assert.Equal([4f, 0f, 3f], r.ToArray());
    }
}
