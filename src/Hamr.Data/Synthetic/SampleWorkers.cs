using Hamr.Tensors.Kernels;

namespace Hamr.Data.Synthetic;

/// <summary>Receives generated samples; called from worker threads, each time with a different slot.</summary>
internal interface ISampleConsumer
{
    /// <summary>Takes sample <paramref name="slot"/> of the current run (the buffer is reused after the call returns).</summary>
    void Consume(SyntheticSample sample, int slot);
}

/// <summary>
/// A fixed set of generator workers, each with its own generator state and sample buffer, running on the engine's
/// <see cref="ParallelFor"/> (so kernels called inside, e.g. blur, run inline instead of oversubscribing the cores).
/// Samples are handed out one at a time from a shared counter; which worker makes a sample does not change it.
/// </summary>
internal sealed class SampleWorkers
{
    private readonly SyntheticHandGenerator[] _generators;
    private readonly SyntheticSample[] _samples;

    public SampleWorkers(SyntheticHandGenerator prototype, int workers)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _generators = new SyntheticHandGenerator[workers];
        _samples = new SyntheticSample[workers];
        for (int w = 0; w < workers; w++)
        {
            _generators[w] = w == 0 ? prototype : prototype.Fork();
            _samples[w] = prototype.CreateSample();
        }
    }

    public int Count => _generators.Length;

    /// <summary>Makes samples first … first + count − 1 and passes sample first + s to the consumer as slot s.</summary>
    public void Run(long first, int count, ISampleConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var job = new Job(this, first, count, consumer);
        if (_generators.Length == 1 || count == 1)
        {
            job.Work(0);
            return;
        }
        ParallelFor.Run(Math.Min(_generators.Length, count), new Body(job));
    }

    /// <summary>One run's shared state: the next slot to hand out.</summary>
    private sealed class Job(SampleWorkers workers, long first, int count, ISampleConsumer consumer)
    {
        private int _next;

        public void Work(int worker)
        {
            var generator = workers._generators[worker];
            var sample = workers._samples[worker];
            int slot;
            while ((slot = Interlocked.Increment(ref _next) - 1) < count)
            {
                generator.Generate(first + slot, sample);
                consumer.Consume(sample, slot);
            }
        }
    }

    private readonly struct Body(Job job) : IParallelBody
    {
        public void Invoke(int index) => job.Work(index);
    }
}
