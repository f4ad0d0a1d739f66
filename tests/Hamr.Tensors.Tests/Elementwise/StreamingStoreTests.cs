using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Tests.Elementwise;

/// <summary>
/// The streaming-store driver writes exactly TOp(x) into exactly the destination range, whatever the destination's
/// alignment (aligned head, streamed middle, tail) and length (CI reruns this category with intrinsics off).
/// </summary>
[Trait("Category", "Kernels")]
public sealed class StreamingStoreTests
{
    [Fact]
    public void Streaming_relu_equals_scalar_relu_at_every_length_and_misalignment()
    {
        var rng = new Random(7);
        float[] source = [.. Enumerable.Range(0, 1100).Select(_ => (float)(rng.NextDouble() * 10 - 5))];
        source[3] = -0f;
        source[4] = 0f;
        var buffer = new float[1200];
        foreach (int length in Enumerable.Range(0, 71).Append(1000))
        {
            for (int offset = 0; offset < 16; offset++)
            {
                Array.Fill(buffer, float.NaN);
                Hamr.Tensors.Kernels.Elementwise.UnaryStreaming<ReluOperator>(source.AsSpan(1, length), buffer.AsSpan(offset, length));
                Hamr.Tensors.Kernels.Elementwise.StreamingFence();
                for (int i = 0; i < buffer.Length; i++)
                {
                    bool inside = i >= offset && i < offset + length;
                    float expected = inside ? ReluOperator.Invoke(source[i - offset + 1]) : float.NaN;
                    Assert.True(expected.Equals(buffer[i]), $"length {length}, offset {offset}, index {i}: {buffer[i]} != {expected}");
                }
            }
        }
    }
}
