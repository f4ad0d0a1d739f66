using System.Diagnostics;
using Hamr.HandModel.Loaders.Mano;
using Hamr.HandModel.Tests.Support;
using Xunit.Abstractions;

namespace Hamr.HandModel.Tests.Mano;

/// <summary>
/// A model at MANO's real sizes (778 vertices, 1538 faces, shapedirs a Select of 10 of 20 directions), written in
/// memory by <see cref="Py2PickleWriter"/>: the default fingertip conventions apply as cited, and the load is timed.
/// </summary>
public sealed class ManoRealSizeTests(ITestOutputHelper output)
{
    private const int V = 778, F = 1538, SFull = 20, S = 10, J = 16;

    [Theory]
    [InlineData(Handedness.Right, ManoFingertips.Smplx, new[] { 744, 320, 443, 554, 671 })]
    [InlineData(Handedness.Left, ManoFingertips.Smplx, new[] { 744, 320, 443, 554, 671 })]
    [InlineData(Handedness.Right, ManoFingertips.Manopth, new[] { 745, 317, 444, 556, 673 })]
    [InlineData(Handedness.Left, ManoFingertips.Manopth, new[] { 745, 317, 445, 556, 673 })]
    public void Fingertip_conventions_pick_their_cited_vertices(Handedness side, ManoFingertips convention, int[] tips)
    {
        var model = ManoLoader.Load(Build(side, out _), "model.pkl", side, new() { Fingertips = convention });
        Assert.Equal(side, model.Side);
        for (int t = 0; t < 5; t++)
        {
            Assert.Equal(1f, model.TipRegressor[(t * V) + tips[t]]);
            Assert.Equal(1f, model.TipRegressor.AsSpan(t * V, V).ToArray().Sum());
        }
    }

    [Fact]
    public void A_real_size_model_loads_with_the_selected_shape_directions()
    {
        var data = Build(Handedness.Right, out var shapeFull);
        var stopwatch = Stopwatch.StartNew();
        var model = ManoLoader.Load(data, "MANO_RIGHT.pkl");
        stopwatch.Stop();
        output.WriteLine($"{data.Length} bytes loaded in {stopwatch.Elapsed.TotalMilliseconds:F1} ms (first call, JIT included)");
        stopwatch.Restart();
        const int Runs = 10;
        for (int i = 0; i < Runs; i++)
        {
            ManoLoader.Load(data, "MANO_RIGHT.pkl");
        }

        output.WriteLine($"then {stopwatch.Elapsed.TotalMilliseconds / Runs:F1} ms per load");

        Assert.Equal((V, F, S), (model.VertexCount, model.FaceCount, model.ShapeCount));
        Assert.Equal(HandJoints.Parents, model.Parents);
        // shapedirs = full[:, :, :10], as chumpy's Select computes it.
        for (int v = 0; v < V; v += 97)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int s = 0; s < S; s++)
                {
                    Assert.Equal((float)shapeFull[(((v * 3) + c) * SFull) + s], model.ShapeDirs[(((v * 3) + c) * S) + s]);
                }
            }
        }
    }

    /// <summary>
    /// A MANO-sized dict: template x increasing with the vertex index (mirrored for the left hand), wrist regressed
    /// from the last vertices and the finger joints from the first, so the side follows MANO's geometry.
    /// </summary>
    private static byte[] Build(Handedness side, out double[] shapeFull)
    {
        var random = new Random(5);
        double sign = side == Handedness.Right ? 1 : -1;
        var template = new double[V * 3];
        for (int v = 0; v < V; v++)
        {
            template[v * 3] = sign * ((0.1 * v / V) - 0.05);
            template[(v * 3) + 1] = random.NextDouble() * 0.02;
            template[(v * 3) + 2] = random.NextDouble() * 0.02;
        }

        var regressor = new double[J * V];
        for (int k = 0; k < 4; k++)
        {
            regressor[V - 1 - k] = 0.25;
        }

        for (int j = 1; j < J; j++)
        {
            regressor[(j * V) + (j * 10)] = 0.5;
            regressor[(j * V) + (j * 10) + 1] = 0.5;
        }

        var faces = new int[F * 3];
        for (int i = 0; i < faces.Length; i++)
        {
            faces[i] = random.Next(V);
        }

        var weights = new double[V * J];
        for (int v = 0; v < V; v++)
        {
            weights[(v * J) + (v % J)] = 1;
        }

        shapeFull = Noise(random, V * 3 * SFull, 0.01);
        long[] kintree = [uint.MaxValue, 0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 11, 0, 13, 14, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
        return new Py2PickleWriter()
            .Float64("hands_components", Noise(random, 45 * 45, 0.3), 45, 45)
            .UInt32("f", faces, F, 3)
            .Csc("J_regressor", regressor, J, V)
            .Int64("kintree_table", kintree, 2, J)
            .Float64("weights", weights, V, J)
            .Float64("posedirs", Noise(random, V * 3 * 135, 0.005), V, 3, 135)
            .Float64("hands_mean", Noise(random, 45, 0.2), 45)
            .Float64("v_template", template, V, 3)
            .ChumpySelectLastAxis("shapedirs", shapeFull, [V, 3, SFull], S)
            .ToBytes();
    }

    private static double[] Noise(Random random, int n, double sigma)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = sigma * (random.NextDouble() - 0.5);
        }

        return values;
    }
}
