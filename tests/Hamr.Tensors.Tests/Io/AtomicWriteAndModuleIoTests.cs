using Hamr.Tensors.Io;
using Hamr.Tensors.NN;
using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Io;

public sealed class AtomicWriteAndModuleIoTests : IDisposable
{
    private readonly SafetensorsTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static Sequential Mlp(ulong seed) =>
        new(new Linear(4, 8, new TensorRandom(seed)), new Linear(8, 2, new TensorRandom(seed + 1)));

    private static Dictionary<string, Tensor> Some() => new() { ["a"] = Tensor.Ones(3), ["b"] = Tensor.Zeros(2, 2) };

    [Fact]
    public void A_failure_midway_keeps_the_existing_file_and_leaves_no_temporary_file()
    {
        var path = _files.PathOf("keep.safetensors");
        SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["old"] = Tensor.Scalar(3f) });
        var original = File.ReadAllBytes(path);

        SafetensorsFile.t_afterTensorWritten = name => throw new IOException($"disk full after {name}");
        try
        {
            var ex = Assert.Throws<IOException>(() => SafetensorsFile.Write(path, Some()));
            Assert.Equal("disk full after a", ex.Message);
        }
        finally
        {
            SafetensorsFile.t_afterTensorWritten = null;
        }
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_files.Folder));
    }

    [Fact]
    public void An_invalid_tensor_name_is_refused_before_the_existing_file_is_touched()
    {
        var path = _files.PathOf("keep.safetensors");
        SafetensorsFile.Write(path, Some());
        var original = File.ReadAllBytes(path);
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones(1) }));
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, new Dictionary<string, Tensor> { [""] = Tensor.Ones(1) }));
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["bad\uD800"] = Tensor.Ones(1) }));
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_files.Folder));
    }

    [Fact]
    public void Writing_over_an_existing_file_replaces_it_and_leaves_no_temporary_file()
    {
        var path = _files.PathOf("model.safetensors");
        SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["old"] = Tensor.Scalar(3f) });
        SafetensorsFile.Write(path, Some());
        Assert.Equal(["a", "b"], SafetensorsFile.Read(path).Tensors.Keys.Order());
        Assert.Equal([path], Directory.GetFiles(_files.Folder));
    }

    [Fact]
    public void A_saved_module_loads_into_a_fresh_module_with_identical_outputs()
    {
        var source = Mlp(1);
        var path = _files.PathOf("mlp.safetensors");
        source.Save(path, new Dictionary<string, string> { ["epoch"] = "3" });

        var fresh = Mlp(7);
        var x = TestData.Random(9, 5, 4);
        Assert.NotEqual(source.Forward(x).ToArray(), fresh.Forward(x).ToArray());
        fresh.Load(path);
        Assert.Equal(source.Forward(x).ToArray(), fresh.Forward(x).ToArray());
        Assert.Equal("3", SafetensorsFile.Read(path).Metadata["epoch"]);
    }

    [Fact]
    public void Loading_a_file_that_does_not_fit_reports_the_state_dict_problems()
    {
        var path = _files.PathOf("small.safetensors");
        new Linear(4, 8, new TensorRandom(1)).Save(path);
        var ex = Assert.Throws<StateDictException>(() => Mlp(1).Load(path));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], ex.Missing);
        Assert.Equal(["bias", "weight"], ex.Unexpected.Order());

        var partial = _files.PathOf("partial.safetensors");
        SafetensorsFile.Write(partial, new Dictionary<string, Tensor> { ["0.bias"] = Tensor.Full(2f, 8) });
        var mlp = Mlp(1);
        mlp.Load(partial, strict: false);
        Assert.All(mlp.StateDict()["0.bias"].ToArray(), v => Assert.Equal(2f, v));
    }
}
