namespace Hamr.Data.Tests.Synthetic;

public sealed class SteadyStateTests
{
    [Fact]
    public void Generating_reuses_its_buffers_after_warm_up()
    {
        var generator = Generators.Default;
        var sample = generator.CreateSample();
        // Warm-up: every skin tone's texture gets baked, the code compiled.
        for (int i = 0; i < 100; i++)
        {
            generator.Generate(i, sample);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            generator.Generate(1000 + i, sample);
        }
        long perSample = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        // A few small objects (random generator, material, lights) and no image-sized buffers (a 128-px RGB image is 48 KB).
        Assert.True(perSample < 2048, $"{perSample} bytes allocated per sample");
    }
}
