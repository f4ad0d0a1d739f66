using System.Text;
using Hamr.Tensors.Io;
using static Hamr.Tensors.Tests.Io.SafetensorsTestFiles;

namespace Hamr.Tensors.Tests.Io;

public sealed class SafetensorsTests : IDisposable
{
    private readonly SafetensorsTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["layer.weight"] = Tensor.RandN(new TensorRandom(1), 3, 5),
            ["scalar"] = Tensor.Scalar(-7.25f),
            ["empty"] = Tensor.Zeros(0, 4),
            ["bias"] = Tensor.FromArray([1f, float.NegativeInfinity, float.Epsilon, -0f], 4),
            ["view"] = Tensor.RandN(new TensorRandom(2), 4, 3).T, // non-contiguous: written in row-major order
        };
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"\n" };
        var path = _files.PathOf("model.safetensors");
        SafetensorsFile.Write(path, tensors, metadata);

        var read = SafetensorsFile.Read(path);
        Assert.Equal(tensors.Keys.Order(), read.Tensors.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.GetShape(), read.Tensors[name].GetShape());
            Assert.Equal(t.ToArray(), read.Tensors[name].ToArray());
        }
        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(read.Tensors["bias"].ToArray()[3]));
    }

    [Fact]
    public void Written_bytes_match_the_python_library_layout_exactly()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = Tensor.FromArray([1f, -2f], 2),
            ["a"] = Tensor.Scalar(0.5f),
        };
        byte[] expected =
        [
            0x90, 0, 0, 0, 0, 0, 0, 0, // header length 144: 138 bytes of JSON + 6 spaces
            .. Encoding.ASCII.GetBytes(
                "{\"__metadata__\":{\"format\":\"pt\"}," +
                "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}," +
                "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}      "),
            0x00, 0x00, 0x00, 0x3F, // 0.5
            0x00, 0x00, 0x80, 0x3F, // 1
            0x00, 0x00, 0x00, 0xC0, // -2
        ];
        var path = _files.PathOf("exact.safetensors");
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Equal(expected, SafetensorsFile.ToBytes(tensors, new Dictionary<string, string> { ["format"] = "pt" }));
    }

    [Fact]
    public void Without_metadata_the_header_has_no_metadata_entry_and_is_padded()
    {
        var bytes = SafetensorsFile.ToBytes(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(1) });
        const string json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Assert.Equal(54, json.Length); // padded with 2 spaces to 56
        Assert.Equal(Assemble(json, [0, 0, 0, 0]), bytes);
        Assert.Empty(SafetensorsFile.Read(bytes).Metadata);
    }

    [Fact]
    public void Reads_half_bfloat_double_and_integer_files_assembled_by_hand()
    {
        byte[] data =
        [
            0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x00, 0x7C, 0x00, 0xFC, 0xFF, 0x7B, 0x55, 0x35, // F16 [7]
            0x80, 0x3F, 0x40, 0xC0, 0x01, 0x00, 0x80, 0x7F, 0xC0, 0x7F,                         // BF16 [5]
            0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F,                                     // F64 [1] 0.1
            0xF9, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,                                     // I64 [] -7
        ];
        const string header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]}," +
            "\"bf\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[14,24]}," +
            "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}," +
            "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[32,40]}}";
        var read = SafetensorsFile.Read(Assemble(header, data)).Tensors;
        Assert.Equal([1f, -2f, MathF.Pow(2, -24), float.PositiveInfinity, float.NegativeInfinity, 65504f, 0.333251953125f], read["h"].ToArray());
        var bf = read["bf"].ToArray();
        Assert.Equal([1f, -3f, MathF.Pow(2, -133), float.PositiveInfinity], bf[..4]);
        Assert.True(float.IsNaN(bf[4]));
        Assert.Equal([0.1f], read["d"].ToArray());
        Assert.Equal(-7f, read["n"].Item());
        Assert.Empty(read["n"].GetShape());
    }

    [Fact]
    public void Unpadded_headers_and_stream_input_are_accepted()
    {
        var bytes = Assemble("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}  \n", [0, 0, 0x80, 0x3F], pad: false);
        using var stream = new MemoryStream(bytes);
        Assert.Equal(1f, SafetensorsFile.Read(stream).Tensors["x"].Item());
    }

    [Fact]
    public void A_file_with_only_null_metadata_reads_as_empty()
    {
        var read = SafetensorsFile.Read(Assemble("{\"__metadata__\":null}", []));
        Assert.Empty(read.Tensors);
        Assert.Empty(read.Metadata);
    }

    private const string OneF32 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "shorter than the length prefix", [1, 2, 3], "truncated" },
        { "header past the end", WithLength(1000, Encoding.ASCII.GetBytes(OneF32)), "runs past the end of the file" },
        { "absurd header length", WithLength(ulong.MaxValue, new byte[64]), "exceeds the limit" },
        { "header over the cap", WithLength(200_000_000, new byte[64]), "exceeds the limit" },
        { "invalid JSON", Assemble("{\"x\": {", new byte[8]), "not valid JSON" },
        { "invalid UTF-8", Assemble("{\"x\":1}", []).Select((b, i) => i == 10 ? (byte)0xFF : b).ToArray(), "not valid UTF-8" },
        { "not an object", Assemble("[1,2]", []), "not an object" },
        { "entry not an object", Assemble("{\"x\":5}", []), "entry is not an object" },
        { "unknown dtype", Assemble(OneF32.Replace("F32", "F8_E4M3"), new byte[8]), "unsupported dtype 'F8_E4M3'" },
        { "missing dtype", Assemble("{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "dtype" },
        { "offsets out of range", Assemble(OneF32.Replace("[2]", "[100]").Replace("[0,8]", "[0,400]"), new byte[8]), "runs past the end of the data section" },
        { "truncated data", Assemble(OneF32, new byte[5]), "runs past the end of the data section" },
        { "size mismatch", Assemble(OneF32.Replace("[2]", "[3]"), new byte[8]), "do not hold 3 F32 values" },
        { "end before begin", Assemble(OneF32.Replace("[0,8]", "[8,0]"), new byte[8]), "data_offsets [8, 0]" },
        { "three offsets", Assemble(OneF32.Replace("[0,8]", "[0,4,8]"), new byte[8]), "not a pair" },
        { "negative offset", Assemble(OneF32.Replace("[0,8]", "[-8,0]"), new byte[8]), "not a pair" },
        { "negative dimension", Assemble(OneF32.Replace("[2]", "[-2]"), new byte[8]), "shape entry -2" },
        { "fractional dimension", Assemble(OneF32.Replace("[2]", "[1.5]"), new byte[8]), "shape entry 1.5" },
        { "overflowing shape", Assemble(OneF32.Replace("[2]", "[2147483647,2147483647,4]"), new byte[8]), "too many elements" },
        { "overlap", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "overlaps" },
        { "hole", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]), "hole" },
        { "trailing bytes", Assemble(OneF32, new byte[12]), "data section has 12 bytes but the tensors cover 8" },
        { "duplicate name", Assemble("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "names 'x' twice" },
        { "metadata not an object", Assemble("{\"__metadata__\":[\"k\"]}", []), "__metadata__ is not an object" },
        { "non-string metadata", Assemble("{\"__metadata__\":{\"k\":1}}", []), "not a string" },
        { "deeply nested", Assemble("{\"__metadata__\":" + new string('[', 50) + new string(']', 50) + "}", []), "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_files_are_refused_with_a_message_naming_the_file(string problem, byte[] file, string expected)
    {
        var path = _files.PathOf("bad.safetensors");
        File.WriteAllBytes(path, file);
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(path));
        Assert.StartsWith(path + ": ", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(path, ex.SourceName);
        Assert.NotEmpty(problem);
    }
}
