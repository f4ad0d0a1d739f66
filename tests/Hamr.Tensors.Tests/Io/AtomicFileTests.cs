using Hamr.Tensors.Io;

namespace Hamr.Tensors.Tests.Io;

public sealed class AtomicFileTests
{
    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary_behind()
    {
        var dir = Directory.CreateTempSubdirectory("hamr-atomic-");
        try
        {
            var path = Path.Combine(dir.FullName, "result.bin");
            AtomicFile.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
            {
                stream.Write([9, 9]);
                throw new InvalidOperationException("disk full (simulated)");
            }));
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
            Assert.Equal(["result.bin"], dir.GetFiles().Select(f => f.Name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_successful_write_replaces_the_file_whole()
    {
        var dir = Directory.CreateTempSubdirectory("hamr-atomic-");
        try
        {
            var path = Path.Combine(dir.FullName, "result.bin");
            AtomicFile.WriteAllBytes(path, new byte[100]);
            AtomicFile.Write(path, stream => stream.Write([4, 5]));
            Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
            Assert.Single(dir.GetFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
