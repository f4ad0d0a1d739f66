using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Hamr.Tensors.Kernels;

/// <summary>One index of a parallel loop; a struct so the loop body is inlined and nothing is allocated.</summary>
public interface IParallelBody
{
    /// <summary>Runs iteration <paramref name="index"/> (0 ≤ index &lt; count).</summary>
    void Invoke(int index);
}

/// <summary>
/// A tiny parallel-for shared by the kernels (GEMM, convolution, elementwise). The calling thread takes
/// part in the loop and at most <see cref="MaxDegree"/> − 1 helper threads help it; iterations are
/// handed out one at a time from a shared counter, so callers should make each iteration a coarse chunk.
/// Runs inline when there is one iteration, when <see cref="MaxDegree"/> is 1, or when called from inside
/// another parallel loop (nested loops never wait on each other). Calls allocate nothing, except that a
/// loop which ends before a helper thread even started drops its job object (tiny loops only).
/// Helpers are this class's own background threads (started on demand, never more than MaxDegree − 1 at
/// once): unlike thread-pool workers, which the pool adds and retires as it sees fit, they stay the same, so
/// the per-thread scratch of the kernels (packing buffers, patch matrices) is allocated once and stays warm.
/// A helper spins up to <see cref="SpinMicros"/> after a job for the next one, and a caller as long for the
/// helpers' last iterations, before blocking: kernels come back to back, and each wake-up costs ~0.1 ms.
/// </summary>
public static class ParallelFor
{
    private static int s_maxDegree = Environment.ProcessorCount;

    [ThreadStatic]
    private static bool t_insideLoop;

    /// <summary>Most threads one loop uses, the caller included (default: <see cref="Environment.ProcessorCount"/>).</summary>
    public static int MaxDegree
    {
        get => Volatile.Read(ref s_maxDegree);
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegree must be at least 1.");
            }
            Volatile.Write(ref s_maxDegree, value);
        }
    }

    /// <summary>Threads a loop of <paramref name="count"/> iterations started here would use.</summary>
    public static int DegreeFor(int count) => t_insideLoop ? 1 : Math.Max(1, Math.Min(MaxDegree, count));

    /// <summary>Runs <paramref name="body"/> for every index in [0, count); returns when all have run.</summary>
    public static void Run(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Run(count, new ActionBody(body));
    }

    /// <summary>
    /// Runs <c>body.Invoke(i)</c> for every i in [0, count); returns when all have run. Each thread works on
    /// its own copy of <paramref name="body"/>, so results must go through memory the body points to.
    /// The first exception thrown by an iteration stops handing out new ones and is rethrown here.
    /// </summary>
    public static void Run<TBody>(int count, TBody body) where TBody : struct, IParallelBody
    {
        if (count <= 0)
        {
            return;
        }
        int degree = DegreeFor(count);
        if (degree == 1)
        {
            RunInline(count, ref body);
            return;
        }
        Job<TBody> job = Job<TBody>.Rent();
        job.Start(count, body, degree - 1);
        job.Participate();
        job.Finish();
    }

    private static void RunInline<TBody>(int count, ref TBody body) where TBody : struct, IParallelBody
    {
        bool outer = t_insideLoop;
        t_insideLoop = true;
        try
        {
            for (int i = 0; i < count; i++)
            {
                body.Invoke(i);
            }
        }
        finally
        {
            t_insideLoop = outer;
        }
    }

    /// <summary>At most this long a thread spins for work or for a loop's end before it blocks.</summary>
    private const long SpinMicros = 200;

    /// <summary>The timestamp at which a spin that starts now gives up (<see cref="SpinMicros"/> later).</summary>
    private static long SpinDeadline() => Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicros / 1_000_000;

    private readonly struct ActionBody(Action<int> action) : IParallelBody
    {
        public void Invoke(int index) => action(index);
    }

    /// <summary>
    /// The helper threads: they wait on one semaphore and run queued jobs' Execute (which takes a ticket, or
    /// returns at once when the caller already took the tickets back). Grown to MaxDegree − 1 threads on demand.
    /// </summary>
    private static class Helpers
    {
        private static readonly System.Collections.Concurrent.ConcurrentQueue<IThreadPoolWorkItem> s_queue = new();
        private static readonly SemaphoreSlim s_signal = new(0);
        private static readonly Lock s_grow = new();
        private static int s_threads;

        public static void Queue(IThreadPoolWorkItem job, int workers)
        {
            if (Volatile.Read(ref s_threads) < workers)
            {
                Grow(workers);
            }
            for (int w = 0; w < workers; w++)
            {
                s_queue.Enqueue(job);
            }
            s_signal.Release(workers);
        }

        private static void Grow(int workers)
        {
            lock (s_grow)
            {
                while (s_threads < workers)
                {
                    var thread = new Thread(Loop) { IsBackground = true, Name = $"Hamr.ParallelFor {s_threads + 1}" };
                    thread.Start();
                    s_threads++;
                }
            }
        }

        private static void Loop()
        {
            while (true)
            {
                s_signal.Wait();
                if (s_queue.TryDequeue(out var job))
                {
                    job.Execute();
                    // Kernels often come back to back: stay awake a moment so the next loop need not wake us.
                    long until = SpinDeadline();
                    while (s_signal.CurrentCount == 0 && Stopwatch.GetTimestamp() < until)
                    {
                        Thread.SpinWait(20);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One loop in flight. Workers need a ticket to enter; when the caller has run out of iterations it
    /// takes back the tickets nobody used, so it never waits for a worker the pool has not started yet.
    /// A job whose tickets were taken back may still be touched by such a late worker, so it is dropped
    /// rather than reused; otherwise it is cached per thread and per body type.
    /// </summary>
    private sealed class Job<TBody> : IThreadPoolWorkItem where TBody : struct, IParallelBody
    {
        [ThreadStatic]
        private static Job<TBody>? t_cached;

        private readonly ManualResetEventSlim _done = new(false, spinCount: 0);
        private TBody _body;
        private int _count;
        private int _next;
        private int _tickets;
        private int _outstanding; // ticket holders still running, plus one for the caller
        private ExceptionDispatchInfo? _error;

        public static Job<TBody> Rent()
        {
            Job<TBody>? job = t_cached;
            t_cached = null;
            return job ?? new Job<TBody>();
        }

        public void Start(int count, TBody body, int workers)
        {
            _body = body;
            _count = count;
            _next = 0;
            _error = null;
            _done.Reset();
            _tickets = workers;
            _outstanding = workers + 1;
            Helpers.Queue(this, workers);
        }

        public void Execute()
        {
            int tickets = Volatile.Read(ref _tickets);
            while (true)
            {
                if (tickets <= 0)
                {
                    return;
                }
                int seen = Interlocked.CompareExchange(ref _tickets, tickets - 1, tickets);
                if (seen == tickets)
                {
                    break;
                }
                tickets = seen;
            }
            Participate();
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _done.Set();
            }
        }

        public void Participate()
        {
            bool outer = t_insideLoop;
            t_insideLoop = true;
            TBody body = _body;
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref _next) - 1) < _count)
                {
                    body.Invoke(i);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                Volatile.Write(ref _next, _count);
            }
            finally
            {
                t_insideLoop = outer;
            }
        }

        public void Finish()
        {
            int unused = Interlocked.Exchange(ref _tickets, 0);
            if (Interlocked.Add(ref _outstanding, -(unused + 1)) != 0)
            {
                SpinThenWait();
            }
            ExceptionDispatchInfo? error = _error;
            _body = default;
            _error = null;
            if (unused == 0)
            {
                t_cached = this;
            }
            error?.Throw();
        }

        private void SpinThenWait()
        {
            // Workers that hold a ticket are already running their last iterations; a bounded spin usually
            // sees them finish without a kernel wait (whose wake-up costs ~0.1 ms).
            long until = SpinDeadline();
            while (!_done.IsSet)
            {
                if (Stopwatch.GetTimestamp() >= until)
                {
                    _done.Wait();
                    return;
                }
                Thread.SpinWait(20);
            }
        }
    }
}
