using Hamr.HandModel.Loaders.Mano;
using Hamr.HandModel.Loaders.Pickle;
using static Hamr.HandModel.Tests.Support.ManoFixtures;

namespace Hamr.HandModel.Tests.Mano;

/// <summary>Mutated and random input: the loader returns a model or throws its typed errors, nothing else.</summary>
public sealed class ManoFuzzTests
{
    private static readonly ManoLoadOptions s_smallTips = new() { TipVertices = SmallTips };

    [Fact]
    public void A_thousand_mutations_of_a_fixture_decode_or_fail_with_typed_errors()
    {
        var original = Bytes("mano_right_py2.pkl");
        var random = new Random(20240611);
        int loaded = 0, refused = 0;
        for (int round = 0; round < 1000; round++)
        {
            var data = Mutate(original, random);
            try
            {
                ManoLoader.Load(data, "fuzz.pkl", options: s_smallTips);
                loaded++;
            }
            catch (Exception ex) when (ex is PickleException or ManoFormatException)
            {
                Assert.StartsWith("fuzz.pkl", ex.Message);
                refused++;
            }
        }

        // Both outcomes occur: mutations inside array data still load, structural ones are refused.
        Assert.True(loaded > 50, $"{loaded} loaded");
        Assert.True(refused > 50, $"{refused} refused");
    }

    [Fact]
    public void Mutated_tiny_pickles_of_every_protocol_decode_or_fail_with_typed_errors()
    {
        var random = new Random(7);
        foreach (var file in new[] { "tiny_proto0.pkl", "tiny_proto1.pkl", "tiny_proto2.pkl", "tiny_proto4.pkl", "tiny_proto5.pkl", "tiny_py2_proto0.pkl" })
        {
            var original = Bytes(file);
            for (int round = 0; round < 300; round++)
            {
                var data = Mutate(original, random);
                try
                {
                    if (PickleReader.Read(data, "fuzz") is PickleDict d)
                    {
                        // Walk what the MANO evaluator would touch, so its checks are fuzzed too.
                        foreach (var entry in d.Entries)
                        {
                            try
                            {
                                ManoValues.Evaluate(entry.Value, "fuzz", "k", 10_000);
                            }
                            catch (ManoFormatException)
                            {
                            }
                        }
                    }
                }
                catch (PickleException)
                {
                }
            }
        }
    }

    [Fact]
    public void Random_bytes_give_typed_errors()
    {
        var random = new Random(99);
        for (int round = 0; round < 300; round++)
        {
            var data = new byte[random.Next(0, 200)];
            random.NextBytes(data);
            if (round % 2 == 0 && data.Length > 2)
            {
                data[0] = 0x80;
                data[1] = 2;
            }

            var ex = Record.Exception(() => ManoLoader.Load(data, "noise.pkl", options: s_smallTips));
            Assert.True(ex is PickleException or ManoFormatException, ex?.ToString() ?? "loaded noise");
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0: // flip a few bytes anywhere
                for (int i = random.Next(1, 9); i > 0; i--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }

                return data;
            case 1: // flip a byte in the first 400 (opcodes, globals, dtypes, shapes)
                data[random.Next(Math.Min(400, data.Length))] ^= (byte)(1 << random.Next(8));
                return data;
            case 2: // truncate
                return data[..random.Next(data.Length)];
            case 3: // delete a run
                int at = random.Next(data.Length), n = random.Next(1, 16);
                return [.. data[..at], .. data[Math.Min(data.Length, at + n)..]];
            default: // duplicate a run somewhere else
                int from = random.Next(data.Length), len = random.Next(1, 64), to = random.Next(data.Length);
                var run = data[from..Math.Min(data.Length, from + len)];
                return [.. data[..to], .. run, .. data[to..]];
        }
    }
}
