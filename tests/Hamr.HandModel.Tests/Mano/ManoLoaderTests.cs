using Hamr.HandModel.Loaders.Mano;
using Hamr.Tensors.Io;
using static Hamr.HandModel.Tests.Support.ManoFixtures;

namespace Hamr.HandModel.Tests.Mano;

/// <summary>
/// MANO-shaped fixtures (tools/mano/make_fixtures.py: the v1.2 key set and structure, random arrays, V = 16) load
/// into HandModel with every array equal to the reference the script computed with numpy/scipy/chumpy semantics.
/// </summary>
public sealed class ManoLoaderTests
{
    private static readonly ManoLoadOptions s_smallTips = new() { TipVertices = SmallTips };

    [Theory]
    [InlineData("mano_right_py2.pkl", "mano_right.expected.safetensors", Handedness.Right)]
    [InlineData("mano_right_py3.pkl", "mano_right.expected.safetensors", Handedness.Right)]
    [InlineData("mano_left_py2.pkl", "mano_left.expected.safetensors", Handedness.Left)]
    public void Every_array_equals_the_reference(string file, string reference, Handedness side)
    {
        var model = ManoLoader.Load(Path(file), side, s_smallTips);
        var expected = SafetensorsFile.Read(Path(reference)).Tensors;
        float[] Ref(string name) => expected[name].ToArray();

        Assert.Equal(side, model.Side);
        Assert.Equal(16, model.VertexCount);
        Assert.Equal(10, model.ShapeCount);
        Assert.Equal(System.IO.Path.GetFileNameWithoutExtension(file), model.Name);
        Assert.Equal(Ref("template"), model.TemplateVertices);
        Assert.Equal(Ref("faces"), model.Faces.Select(f => (float)f));
        Assert.Equal(Ref("shapedirs"), model.ShapeDirs);
        Assert.Equal(Ref("posedirs"), model.PoseDirs);
        Assert.Equal(Ref("j_regressor"), model.JointRegressor);
        Assert.Equal(Ref("tip_regressor"), model.TipRegressor);
        Assert.Equal(Ref("weights"), model.SkinWeights);
        Assert.Equal(Ref("parents"), model.Parents.Select(p => (float)p));
        Assert.NotNull(model.PosePca);
        Assert.Equal(Ref("hands_components"), model.PosePca.Components);
        Assert.Equal(Ref("hands_mean"), model.PosePca.Mean);
    }

    [Fact]
    public void Kintree_table_gives_manos_parents_with_the_root_entry_ignored()
    {
        // The fixture stores MANO's 2^32 − 1 in the root column, as the real files do.
        var model = ManoLoader.Load(Path("mano_right_py2.pkl"), options: s_smallTips);
        Assert.Equal(HandJoints.Parents, model.Parents);
    }

    [Fact]
    public void A_kintree_other_than_manos_is_refused()
    {
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(Path("mano_bad_kintree.pkl"), options: new() { TipVertices = [0, 1, 2, 3, 4] }));
        Assert.Equal("kintree_table", ex.Key);
        Assert.Contains("13, 13]", ex.Message);
    }

    [Fact]
    public void Side_comes_from_the_geometry_when_the_name_says_nothing()
    {
        var right = ManoLoader.Load(Bytes("mano_right_py2.pkl"), "model.pkl", options: s_smallTips);
        var left = ManoLoader.Load(Bytes("mano_left_py2.pkl"), "model.pkl", options: s_smallTips);
        Assert.Equal(Handedness.Right, right.Side);
        Assert.Equal(Handedness.Left, left.Side);
    }

    [Fact]
    public void A_file_named_left_holding_a_right_hand_is_refused()
    {
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(Bytes("mano_right_py2.pkl"), "MANO_LEFT.pkl", options: s_smallTips));
        Assert.Contains("file name says Left but the model is a Right hand", ex.Message);
    }

    [Fact]
    public void The_wrong_expected_hand_is_refused()
    {
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(Path("mano_left_py2.pkl"), Handedness.Right, s_smallTips));
        Assert.Contains("expected a Right hand, the file holds a Left hand", ex.Message);
    }

    [Fact]
    public void Default_fingertips_outside_a_small_mesh_are_refused_naming_the_convention()
    {
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(Path("mano_right_py2.pkl")));
        Assert.Contains("fingertip vertex 744 of the Smplx fingertip convention is outside 0..15", ex.Message);
        ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(Path("mano_right_py2.pkl"), options: new() { Fingertips = ManoFingertips.Manopth }));
        Assert.Contains("fingertip vertex 745 of the Manopth", ex.Message);
    }

    [Fact]
    public void The_tip_regressor_picks_the_given_vertices()
    {
        var model = ManoLoader.Load(Path("mano_right_py2.pkl"), options: new() { TipVertices = [15, 0, 2, 2, 9] });
        int v = model.VertexCount;
        int[] tips = [15, 0, 2, 2, 9];
        for (int t = 0; t < 5; t++)
        {
            for (int k = 0; k < v; k++)
            {
                Assert.Equal(k == tips[t] ? 1f : 0f, model.TipRegressor[(t * v) + k]);
            }
        }
    }

    [Fact]
    public void Fingertip_table_holds_the_cited_vertices()
    {
        Assert.Equal([744, 320, 443, 554, 671], ManoFingertipTable.Vertices(ManoFingertips.Smplx, Handedness.Right));
        Assert.Equal([744, 320, 443, 554, 671], ManoFingertipTable.Vertices(ManoFingertips.Smplx, Handedness.Left));
        Assert.Equal([745, 317, 444, 556, 673], ManoFingertipTable.Vertices(ManoFingertips.Manopth, Handedness.Right));
        Assert.Equal([745, 317, 445, 556, 673], ManoFingertipTable.Vertices(ManoFingertips.Manopth, Handedness.Left));
        Assert.Equal(ManoFingertips.Smplx, new ManoLoadOptions().Fingertips);
    }

    [Theory]
    [InlineData("mano_bad_missing_posedirs.pkl", "posedirs", "missing")]
    [InlineData("mano_bad_weights_shape.pkl", "weights", "has shape [8, 15], expected [8, 16] (V = 8 from v_template)")]
    [InlineData("mano_bad_posedirs_vertices.pkl", "posedirs", "has shape [7, 3, 135], expected [8, 3, 135]")]
    [InlineData("mano_bad_select_shape.pkl", "shapedirs", "cannot take preferred_shape [8, 3, 11]")]
    public void A_bad_model_is_refused_naming_the_key_and_the_shapes(string file, string key, string expected)
    {
        string path = Path(file);
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(path, options: new() { TipVertices = [0, 1, 2, 3, 4] }));
        Assert.Equal(key, ex.Key);
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith(path, ex.Message);
    }

    [Fact]
    public void A_pickle_that_is_not_a_dict_is_refused()
    {
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(P(0x80, 2, "]q", 0, "."), "list.pkl"));
        Assert.Contains("not a dict of MANO arrays", ex.Message);
    }

    [Fact]
    public void A_non_finite_value_is_refused_naming_the_key()
    {
        // Overwrite the first float64 of v_template's data (a BINSTRING of 16 × 3 × 8 bytes after its key) with NaN.
        var data = Bytes("mano_right_py2.pkl");
        int key = data.AsSpan().IndexOf("v_template"u8);
        int blob = key + data.AsSpan(key).IndexOf(P("T", 128, 1, 0, 0));
        Assert.True(key > 0 && blob > key);
        BitConverter.GetBytes(double.NaN).CopyTo(data, blob + 5);
        var ex = Assert.Throws<ManoFormatException>(() => ManoLoader.Load(data, "nan.pkl", options: s_smallTips));
        Assert.Equal("v_template", ex.Key);
        Assert.Contains("element 0 is NaN, not a finite float32 value", ex.Message);
    }
}
