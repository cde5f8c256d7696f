using System.Collections.Concurrent;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Worker;

/// <summary>
/// What a host knows of one instance between episodes: the committed sentinel (with its ETag) and the
/// current execution's events. A cached copy may be stale; the ETag on the next commit finds out.
/// </summary>
internal sealed class InstanceState(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    /// <summary>Null for an instance that has never committed.</summary>
    public SentinelRow? Sentinel { get; set; }

    public List<HistoryEvent> Events { get; set; } = [];

    /// <summary>True once this host has sent the messages of the sentinel's dispatch range.</summary>
    public bool DispatchedByMe { get; set; }

    /// <summary>
    /// True when this copy came from the host's cache rather than storage: another host may have committed
    /// since, so a message it would drop as stray or stale must be judged again against a fresh load.
    /// </summary>
    public bool FromCache { get; set; }

    /// <summary>True once this host has written the instances-table row for the current sentinel.</summary>
    public bool InstanceRowInSync { get; set; }

    public ExecutionStarted? Started => Events.Count > 0 ? Events[0] as ExecutionStarted ?? Events.OfType<ExecutionStarted>().FirstOrDefault() : null;

    /// <summary>Whether the current execution's code has run at least once (a ContinueAsNew start has not).</summary>
    public bool HasRun => Events.Any(e => e is OrchestratorStarted);
}

/// <summary>A bounded map of instance states kept between episodes (one episode per instance per host at a time).</summary>
internal sealed class InstanceCache(DurableTaskOptions options)
{
    private readonly ConcurrentDictionary<string, (InstanceState State, long Stamp)> _items = new(StringComparer.Ordinal);
    private long _clock;

    public InstanceState? TryTake(string instanceId)
    {
        if (!_items.TryRemove(instanceId, out var item))
        {
            return null;
        }

        item.State.FromCache = true;
        return item.State;
    }

    public void Put(InstanceState state)
    {
        if (options.InstanceCacheSize == 0)
        {
            return;
        }

        _items[state.InstanceId] = (state, Interlocked.Increment(ref _clock));
        if (_items.Count > options.InstanceCacheSize)
        {
            // Evict the oldest tenth in one pass, so a full cache sorts once per many episodes, not on every one.
            int target = options.InstanceCacheSize - (options.InstanceCacheSize / 10);
            foreach (var oldest in _items.OrderBy(kv => kv.Value.Stamp).Take(Math.Max(0, _items.Count - target)).ToList())
            {
                _items.TryRemove(oldest.Key, out _);
            }
        }
    }

    public void Clear() => _items.Clear();
}
