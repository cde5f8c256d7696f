using System.Collections.Concurrent;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>A thread-safe count of executions, shared by every host of a test (activities run on pool threads).</summary>
internal sealed class Counter
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    /// <summary>Adds one and returns the new count.</summary>
    public int Increment() => Interlocked.Increment(ref _value);
}

/// <summary>Thread-safe counts per key (an instance id, or instance and step).</summary>
internal sealed class CounterMap
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string key] => _counts.TryGetValue(key, out int n) ? n : 0;

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    /// <summary>Adds one to <paramref name="key"/> and returns the new count.</summary>
    public int Increment(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
}
