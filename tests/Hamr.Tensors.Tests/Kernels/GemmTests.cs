using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Kernels;

/// <summary>Gemm against a double-precision reference loop, on every kernel path this machine runs.</summary>
[Trait("Category", "Kernels")]
public sealed class GemmTests
{
    /// <summary>The default path plus every narrower one (Scalar always; Vector256 where accelerated).</summary>
    /// <remarks>Passed as int because <c>GemmPath</c> is internal and theory methods are public.</remarks>
    public static TheoryData<int> Paths()
    {
        var data = new TheoryData<int>();
        foreach (GemmPath p in Enum.GetValues<GemmPath>())
        {
            if (p <= GemmConfig.BestPath)
            {
                data.Add((int)p);
            }
        }
        return data;
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Sgemm_multiplies_a_2x2_pair()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = new float[4];
        Gemm.Sgemm(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Sweep_of_sizes_0_to_70_matches_reference_for_all_transposes(int pathId)
    {
        var path = (GemmPath)pathId;
        var rng = new Random(42);
        int[] sizes = [0, 1, 2, 3, 5, 7, 8, 9, 12, 13, 15, 16, 17, 24, 31, 32, 33, 47, 48, 63, 64, 65, 70];
        for (int trial = 0; trial < 160; trial++)
        {
            int m = sizes[rng.Next(sizes.Length)], n = sizes[rng.Next(sizes.Length)], k = sizes[rng.Next(sizes.Length)];
            bool transA = (trial & 1) != 0, transB = (trial & 2) != 0;
            float alpha = trial % 5 == 0 ? -0.75f : 1f;
            float beta = (trial / 4 % 3) switch { 0 => 0f, 1 => 1f, _ => 0.5f };
            Check(path, rng, transA, transB, m, n, k, alpha, beta, pad: trial % 3);
        }
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Every_edge_of_the_register_tile_matches_reference(int pathId)
    {
        var path = (GemmPath)pathId;
        // Every m, n in 1..34 hits each partial-tile width of the 4×4, 6×16, 8×32 and 12×32 tiles.
        var rng = new Random(7);
        for (int m = 1; m <= 34; m += 3)
        {
            for (int n = 1; n <= 34; n++)
            {
                Check(path, rng, (n & 1) != 0, (m & 2) != 0, m, n, 1 + (m + n) % 9, 1f, n % 3 == 0 ? 0.25f : 0f, pad: 1);
            }
        }
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Large_odd_sizes_match_reference_for_all_transposes(int pathId)
    {
        var path = (GemmPath)pathId;
        var rng = new Random(2024);
        Check(path, rng, false, false, 257, 131, 515, 1f, 0f, pad: 0);
        Check(path, rng, true, false, 131, 257, 515, 0.5f, 1f, pad: 3);
        Check(path, rng, false, true, 257, 131, 515, 1f, -1f, pad: 5);
        Check(path, rng, true, true, 70, 2100, 300, 2f, 0f, pad: 1); // n > Nc: several column blocks
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Narrow_B_with_large_A_split_by_rows_matches_reference(int pathId)
    {
        // Packed A over 1 MiB and at most 8 column panels: the parallel driver splits rows (uneven last block).
        var path = (GemmPath)pathId;
        var rng = new Random(2304);
        Check(path, rng, false, false, 203, 100, 1400, 1f, 0f, pad: 0);
        Check(path, rng, true, false, 203, 61, 1400, 0.5f, 1f, pad: 3);
        Check(path, rng, false, true, 150, 128, 2000, 1f, -1f, pad: 1);
        Check(path, rng, true, true, 129, 33, 2304, 2f, 0.5f, pad: 2);
        Check(path, rng, false, false, 64, 256, 9000, 1f, 0f, pad: 0); // packed B over 8 MiB: packed per task
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Conv_shaped_products_with_k_27_match_reference(int pathId)
    {
        var path = (GemmPath)pathId;
        var rng = new Random(27);
        Check(path, rng, false, false, 32, 1024, 27, 1f, 0f, pad: 0);
        Check(path, rng, false, false, 3, 300, 27, 1f, 1f, pad: 0);
        Check(path, rng, true, false, 32, 77, 27, 1f, 0f, pad: 2);
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Beta_zero_overwrites_NaN_filled_C_without_reading_it(int pathId)
    {
        var path = (GemmPath)pathId;
        var rng = new Random(3);
        foreach ((int m, int n, int k) in new[] { (5, 7, 3), (16, 64, 40), (33, 65, 300), (100, 100, 100) })
        {
            float[] a = Random(rng, m * k), b = Random(rng, k * n), c = new float[m * n];
            Array.Fill(c, float.NaN);
            Gemm.SgemmOn(path, false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            Assert.All(c, v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Alpha_zero_or_k_zero_only_scales_C_by_beta()
    {
        float[] a = [float.NaN, 1, 2, 3], b = [4, 5, 6, 7], c = [1, 2, 3, 4];
        Gemm.Sgemm(false, false, 2, 2, 2, 0f, a, 2, b, 2, 2f, c, 2);
        Assert.Equal([2f, 4f, 6f, 8f], c);
        c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 2);
        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Elements_outside_the_leading_dimension_window_are_untouched()
    {
        var rng = new Random(11);
        int m = 37, n = 45, k = 19, ldc = n + 6;
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c = new float[m * ldc];
        Array.Fill(c, -123f);
        Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
            {
                Assert.Equal(-123f, c[i * ldc + j]);
            }
        }
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Too_short_spans_and_bad_leading_dimensions_throw()
    {
        float[] x = new float[16];
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 4, 4, 1f, x, 4, x, 4, 0f, new float[15], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, 4, 4, 4, 1f, x, 3, x, 4, 0f, x, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, -1, 4, 4, 1f, x, 4, x, 4, 0f, x, 4));
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [InlineData(false, false, 7, 5, 27, 9)]
    [InlineData(true, true, 33, 40, 20, 3)]
    [InlineData(false, true, 130, 70, 90, 4)]
    public void Batched_matches_one_call_per_batch(bool transA, bool transB, int m, int n, int k, int batches)
    {
        var rng = new Random(m * n + k);
        int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3;
        int strideA = (transA ? k : m) * lda, strideB = 0, strideC = m * ldc; // B shared by every batch
        float[] a = Random(rng, strideA * batches), b = Random(rng, (transB ? n : k) * ldb);
        float[] c = Random(rng, strideC * batches), expected = (float[])c.Clone();
        for (int i = 0; i < batches; i++)
        {
            Gemm.Sgemm(transA, transB, m, n, k, 1.5f, a.AsSpan(i * strideA), lda, b, ldb, 0.5f,
                expected.AsSpan(i * strideC), ldc);
        }
        Gemm.SgemmBatched(transA, transB, m, n, k, 1.5f, a, lda, strideA, b, ldb, strideB, 0.5f, c, ldc, strideC, batches);
        Assert.Equal(expected, c);
    }

    [Theory]
    [Trait("Category", "Kernels")]
    [MemberData(nameof(Paths))]
    public void Deep_products_with_a_small_result_split_over_k_match_reference(int pathId)
    {
        // Small C, k deep enough for one slice per thread (and slices that end in a short block).
        var path = (GemmPath)pathId;
        var rng = new Random(11);
        int[][] shapes = [[256, 2304, 256], [37, 1500, 45], [8, 1031, 32], [100, 1300, 70]];
        for (int trial = 0; trial < 8; trial++)
        {
            int[] s = shapes[trial % shapes.Length];
            Check(path, rng, (trial & 1) != 0, (trial & 2) != 0, s[0], s[2], s[1], trial % 3 == 0 ? -0.5f : 1f,
                trial % 2 == 0 ? 0f : 0.5f, pad: trial % 3);
        }
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void Single_threaded_result_equals_multi_threaded_result()
    {
        var rng = new Random(5);
        int m = 300, n = 200, k = 600;
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c1 = new float[m * n], c2 = new float[m * n];
        int saved = ParallelFor.MaxDegree;
        try
        {
            ParallelFor.MaxDegree = 1;
            Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c1, n);
        }
        finally
        {
            ParallelFor.MaxDegree = saved;
        }
        Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c2, n);
        Assert.Equal(c1, c2); // every C element sums over k in the same order whatever the split
    }

    private static void Check(GemmPath path, Random rng, bool transA, bool transB, int m, int n, int k,
        float alpha, float beta, int pad)
    {
        int lda = Math.Max(1, (transA ? m : k) + pad), ldb = Math.Max(1, (transB ? k : n) + pad);
        int ldc = Math.Max(1, n + pad);
        float[] a = Random(rng, (transA ? k : m) * lda), b = Random(rng, (transB ? n : k) * ldb);
        float[] c = Random(rng, m * ldc), c0 = (float[])c.Clone();
        if (beta == 0)
        {
            Array.Fill(c, float.NaN);
        }
        Gemm.SgemmOn(path, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[p * lda + i] : a[i * lda + p];
                    double y = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                    magnitude += Math.Abs(x * y);
                }
                double expected = alpha * sum + (beta == 0 ? 0 : beta * c0[i * ldc + j]);
                double tolerance = 4e-7 * (Math.Sqrt(k) + 1) * (Math.Abs(alpha) * magnitude + Math.Abs(beta * c0[i * ldc + j])) + 1e-30;
                double actual = c[i * ldc + j];
                if (!(Math.Abs(actual - expected) <= tolerance))
                {
                    Assert.Fail($"{path} tA={transA} tB={transB} m={m} n={n} k={k} α={alpha} β={beta}: " +
                        $"C[{i},{j}] = {actual}, expected {expected} ± {tolerance}");
                }
            }
        }
    }

    private static float[] Random(Random rng, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        return x;
    }
}
