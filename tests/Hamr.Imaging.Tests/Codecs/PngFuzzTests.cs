using System.Buffers.Binary;
using Hamr.Imaging.Codecs;
using Hamr.Imaging.Tests.Support;

namespace Hamr.Imaging.Tests.Codecs;

/// <summary>
/// Mutation fuzzing of the fixtures with a fixed seed: every mutated file either decodes or raises
/// ImageFormatException; any other exception (index out of range, overflow, out of memory) fails. Mutations range
/// from raw bit flips (mostly caught by CRCs) to damage with the CRC repaired or the image data recompressed,
/// which reaches the header, palette, zlib, filter and sample code. HAMR_PNG_FUZZ_CASES and HAMR_PNG_FUZZ_SEED
/// make a longer run (tools/png/fuzz.sh).
/// </summary>
public sealed class PngFuzzTests
{
    private static readonly int Cases = EnvInt("HAMR_PNG_FUZZ_CASES", 2000);
    private static readonly int Seed = EnvInt("HAMR_PNG_FUZZ_SEED", 20240611);

    [Fact]
    public void Mutated_fixtures_decode_or_raise_ImageFormatException()
    {
        var files = PngFiles.FixtureNames().Select(n => (Name: n, Data: PngFiles.Fixture(n))).ToArray();
        var rng = new Random(Seed);
        int decoded = 0, refused = 0;
        var failures = new List<string>();
        var refusedPerKind = new int[Mutations.Length];
        for (int i = 0; i < Cases; i++)
        {
            var (name, original) = files[rng.Next(files.Length)];
            int kind = rng.Next(Mutations.Length);
            byte[] mutated = Mutations[kind](original, rng);
            try
            {
                if ((i & 1) == 0)
                {
                    Png.Decode(mutated, name);
                }
                else
                {
                    Png.DecodeUInt16(mutated, name);
                }

                decoded++;
            }
            catch (ImageFormatException ex)
            {
                Assert.Equal(name, ex.SourceName);
                refused++;
                refusedPerKind[kind]++;
            }
            catch (Exception ex)
            {
                failures.Add($"case {i} (seed {Seed}, {name}, mutation {kind}): {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(Cases, decoded + refused);
        if (Cases >= 1000)
        {
            Assert.All(refusedPerKind, n => Assert.True(n > 0, "a mutation kind never produced a bad file"));
            Assert.True(decoded > 0, "no mutated file decoded: the mutations never got past the first check");
        }
    }

    private static readonly Func<byte[], Random, byte[]>[] Mutations =
    [
        FlipBits, SetBytes, Truncate, CorruptChunkLength, MutateChunkDataKeepingCrc, MutateImageData,
        MutateHeaderKeepingCrc, ShuffleChunks, InsertBytes,
    ];

    private static byte[] FlipBits(byte[] png, Random rng)
    {
        var copy = (byte[])png.Clone();
        for (int n = rng.Next(1, 9); n > 0; n--)
        {
            copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
        }

        return copy;
    }

    private static byte[] SetBytes(byte[] png, Random rng)
    {
        var copy = (byte[])png.Clone();
        for (int n = rng.Next(1, 5); n > 0; n--)
        {
            copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
        }

        return copy;
    }

    private static byte[] Truncate(byte[] png, Random rng) => png[..rng.Next(png.Length)];

    private static byte[] CorruptChunkLength(byte[] png, Random rng)
    {
        var copy = (byte[])png.Clone();
        var offsets = PngFiles.ChunkOffsets(copy);
        int at = offsets[rng.Next(offsets.Count)];
        uint length = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(at));
        uint[] choices = [0, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, length + (uint)rng.Next(1, 17), length - (uint)rng.Next(1, 17), (uint)rng.Next()];
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), choices[rng.Next(choices.Length)]);
        return copy;
    }

    private static byte[] MutateChunkDataKeepingCrc(byte[] png, Random rng)
    {
        var chunks = PngFiles.Chunks(png);
        var candidates = chunks.Where(c => c.Data.Length > 0).ToList();
        var target = candidates[rng.Next(candidates.Count)];
        var data = (byte[])target.Data.Clone();
        for (int n = rng.Next(1, 4); n > 0; n--)
        {
            data[rng.Next(data.Length)] = (byte)rng.Next(256);
        }

        chunks[chunks.IndexOf(target)] = target with { Data = rng.Next(4) == 0 ? data[..rng.Next(data.Length)] : data };
        return PngFiles.Build(chunks);
    }

    private static byte[] MutateImageData(byte[] png, Random rng)
    {
        var raw = PngFiles.RawImageData(png);
        switch (rng.Next(4))
        {
            case 0: // any byte, often a filter byte or a palette index
                for (int n = rng.Next(1, 4); n > 0; n--)
                {
                    raw[rng.Next(raw.Length)] = (byte)rng.Next(256);
                }

                break;
            case 1:
                raw[0] = (byte)rng.Next(5, 256);
                break;
            case 2:
                raw = raw[..rng.Next(raw.Length)];
                break;
            default:
                raw = [.. raw, .. new byte[rng.Next(1, 64)]];
                break;
        }

        return PngFiles.WithRawImageData(png, raw);
    }

    private static byte[] MutateHeaderKeepingCrc(byte[] png, Random rng)
    {
        var chunks = PngFiles.Chunks(png);
        var data = (byte[])chunks[0].Data.Clone();
        switch (rng.Next(5))
        {
            case 0:
                BinaryPrimitives.WriteUInt32BigEndian(data, (uint)rng.Next(-4, 40));
                break;
            case 1:
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)(rng.Next(2) == 0 ? rng.Next(0, 40) : rng.Next()));
                break;
            case 2:
                data[8] = (byte)new[] { 0, 1, 2, 3, 4, 8, 16, 32 }[rng.Next(8)];
                break;
            case 3:
                data[9] = (byte)rng.Next(8);
                break;
            default:
                data[12] ^= 1;
                break;
        }

        chunks[0] = chunks[0] with { Data = data };
        return PngFiles.Build(chunks);
    }

    private static byte[] ShuffleChunks(byte[] png, Random rng)
    {
        var chunks = PngFiles.Chunks(png);
        int a = rng.Next(chunks.Count), b = rng.Next(chunks.Count);
        switch (rng.Next(3))
        {
            case 0:
                chunks.RemoveAt(a);
                break;
            case 1:
                chunks.Insert(b, chunks[a]);
                break;
            default:
                (chunks[a], chunks[b]) = (chunks[b], chunks[a]);
                break;
        }

        return PngFiles.Build(chunks);
    }

    private static byte[] InsertBytes(byte[] png, Random rng)
    {
        var extra = new byte[rng.Next(1, 9)];
        rng.NextBytes(extra);
        int at = rng.Next(png.Length + 1);
        return [.. png.AsSpan(0, at), .. extra, .. png.AsSpan(at)];
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;
}
