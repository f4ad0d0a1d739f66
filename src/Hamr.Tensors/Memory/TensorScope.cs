using System.Collections.Concurrent;

namespace Hamr.Tensors;

/// <summary>
/// A region (typically one training or inference step) whose tensor buffers are rented from a pool and given
/// back when the scope ends, so a steady-state step allocates no new float arrays. Tensors created inside a
/// scope must not be used after it is disposed; anything that must live on (parameters, gradients, optimiser
/// state, running statistics, results) is created outside a scope or under <see cref="Suspend"/>.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? t_current;

    private readonly TensorScope? _previous;
    private readonly List<float[]> _rented = new();
    private readonly bool _suspended;
    private bool _disposed;

    private TensorScope(TensorScope? previous, bool suspended)
    {
        _previous = previous;
        _suspended = suspended;
    }

    /// <summary>Starts a pooled scope on this thread (scopes nest; buffers return when each one ends).</summary>
    public static TensorScope Begin() => t_current = new TensorScope(t_current, suspended: false);

    /// <summary>Inside a scope, allocates persistently until the returned handle is disposed.</summary>
    public static TensorScope Suspend() => t_current = new TensorScope(t_current, suspended: true);

    /// <summary>True while a pooling scope is active on this thread.</summary>
    public static bool IsPooling => t_current is { _suspended: false };

    /// <summary>Bytes of float buffers currently parked in the pool (for diagnostics).</summary>
    public static long PooledBytes => BufferPool.PooledBytes;

    /// <summary>Gets a buffer of exactly <paramref name="length"/> floats, pooled when a scope is active.</summary>
    internal static float[] Allocate(int length, bool clear)
    {
        var scope = t_current;
        if (scope is null || scope._suspended || length < BufferPool.MinPooledLength)
        {
            return length == 0 ? [] : clear ? new float[length] : GC.AllocateUninitializedArray<float>(length);
        }
        var buffer = BufferPool.Rent(length);
        if (clear)
        {
            Array.Clear(buffer);
        }
        scope._rented.Add(buffer);
        return buffer;
    }

    /// <summary>
    /// Ends this scope and returns its buffers. Inner scopes still open on this thread (their Dispose skipped, e.g. by
    /// an exception) end with it, so a leaked inner scope cannot keep the thread pooling forever.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        if (!IsOpenOnThisThread())
        {
            throw new InvalidOperationException("TensorScope disposed on a thread where it is not open (scopes must nest on one thread).");
        }
        while (t_current != this)
        {
            t_current!.End();
        }
        End();
    }

    private bool IsOpenOnThisThread()
    {
        for (var s = t_current; s is not null; s = s._previous)
        {
            if (s == this)
            {
                return true;
            }
        }
        return false;
    }

    private void End()
    {
        _disposed = true;
        t_current = _previous;
        foreach (var b in _rented)
        {
            BufferPool.Return(b);
        }
        _rented.Clear();
    }
}

/// <summary>Exact-length pool of float arrays behind <see cref="TensorScope"/>.</summary>
internal static class BufferPool
{
    internal const int MinPooledLength = 64;
    private static readonly ConcurrentDictionary<int, ConcurrentStack<float[]>> s_free = new();
    private static long s_pooledBytes;

    internal static long PooledBytes => Interlocked.Read(ref s_pooledBytes);

    internal static float[] Rent(int length)
    {
        if (s_free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
        {
            Interlocked.Add(ref s_pooledBytes, -4L * length);
            return buffer;
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    internal static void Return(float[] buffer)
    {
        s_free.GetOrAdd(buffer.Length, static _ => new ConcurrentStack<float[]>()).Push(buffer);
        Interlocked.Add(ref s_pooledBytes, 4L * buffer.Length);
    }

    /// <summary>Drops every parked buffer (tests and long-lived processes that change shapes).</summary>
    internal static void Trim()
    {
        s_free.Clear();
        Interlocked.Exchange(ref s_pooledBytes, 0);
    }
}
