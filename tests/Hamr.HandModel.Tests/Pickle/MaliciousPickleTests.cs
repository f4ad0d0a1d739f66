using Hamr.HandModel.Loaders.Mano;
using Hamr.HandModel.Loaders.Pickle;
using Hamr.HandModel.Tests.Support;

namespace Hamr.HandModel.Tests.Pickle;

/// <summary>
/// The evil_*.pkl fixtures are live exploits: tools/mano/make_fixtures.py proves that CPython's unpickler runs each
/// one (it creates /tmp/hamr-pickle-marker-NAME). Here the reader and the MANO loader must refuse each with a
/// typed error naming the global and the file, and the marker must not appear.
/// </summary>
public sealed class MaliciousPickleTests
{
    public static TheoryData<string, string> Payloads => new()
    {
        { "os_system", "os.system" },
        { "posix_system", "posix.system" },
        { "builtins_eval", "builtins.eval" },
        { "inst", "os.system" },
        { "subprocess_popen", "subprocess.Popen" },
        { "nested_dict", "posix.system" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_reader_refuses_the_payload_and_nothing_runs(string name, string global)
    {
        string marker = $"/tmp/hamr-pickle-marker-{name}";
        DeleteIfPresent(marker);
        string path = ManoFixtures.Path($"evil_{name}.pkl");
        var ex = Assert.Throws<PickleSecurityException>(() => PickleReader.ReadFile(path));
        Assert.Equal(global, ex.GlobalName);
        Assert.Contains(path, ex.Message);
        Assert.Contains(global, ex.Message);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_mano_loader_refuses_the_payload(string name, string global)
    {
        string marker = $"/tmp/hamr-pickle-marker-{name}";
        DeleteIfPresent(marker);
        var ex = Assert.Throws<PickleSecurityException>(() => ManoLoader.Load(ManoFixtures.Path($"evil_{name}.pkl")));
        Assert.Equal(global, ex.GlobalName);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Reflection_through_getattr_is_refused()
    {
        var ex = Assert.Throws<PickleSecurityException>(() => PickleReader.ReadFile(ManoFixtures.Path("evil_getattr.pkl")));
        Assert.Equal("__builtin__.getattr", ex.GlobalName);
    }

    [Fact]
    public void The_hidden_payload_sits_after_valid_mano_arrays()
    {
        // The refusal is not an early accident: the same file's bytes before the payload hold MANO arrays the reader
        // decodes (the offset of the refused GLOBAL is deep inside the file).
        string path = ManoFixtures.Path("evil_nested_dict.pkl");
        var ex = Assert.Throws<PickleSecurityException>(() => PickleReader.ReadFile(path));
        Assert.True(ex.Offset > new FileInfo(path).Length / 2, $"refused at byte {ex.Offset}");
    }

    private static void DeleteIfPresent(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path); // a leftover from CPython proving the payload, not from us
        }
    }
}
