using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;

namespace VideoGen.Durable.Replay;

/// <summary>
/// The <see cref="TaskOrchestrationContext"/> the engine hands to orchestrator code. Each call takes the next
/// task id; if history already holds an action with that id it must be the same kind and name (otherwise
/// the run is non-deterministic), else the call is a new action to commit. Completions are fed in history order.
/// </summary>
internal sealed class ReplayContext : TaskOrchestrationContext
{
    private readonly IReadOnlyDictionary<int, HistoryEvent> _historyActions;
    private readonly HashSet<int> _matched = [];
    private readonly Dictionary<int, Action<HistoryEvent>> _open = [];
    private readonly Dictionary<string, LinkedList<(long Order, EventRaised Event)>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly JsonDataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _executionId;
    private long _eventOrder;
    private int _nextTaskId;
    private int _guidCounter;

    public ReplayContext(ExecutionStarted started, string instanceId, IReadOnlyDictionary<int, HistoryEvent> historyActions, JsonDataConverter converter, ILoggerFactory loggerFactory)
    {
        InstanceId = instanceId;
        Name = started.Name;
        Parent = started.Parent;
        _executionId = started.ExecutionId;
        _historyActions = historyActions;
        _converter = converter;
        _loggerFactory = loggerFactory;
    }

    public override string InstanceId { get; }

    public override string Name { get; }

    public override ParentOrchestrationInstance? Parent { get; }

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => Replaying;

    internal DateTime Now { get; set; }

    internal bool Replaying { get; set; }

    /// <summary>Actions taken in this run that history does not hold yet, in order.</summary>
    internal List<HistoryEvent> NewActions { get; } = [];

    /// <summary>The first mismatch between code and history, if any.</summary>
    internal string? NonDeterminism { get; private set; }

    internal string? CustomStatusJson { get; private set; }

    internal (string? InputJson, bool PreserveEvents)? ContinueAsNewRequest { get; private set; }

    /// <summary>History actions the code never re-issued (a non-determinism the end of a run reveals).</summary>
    internal IEnumerable<HistoryEvent> UnmatchedHistoryActions => _historyActions.Where(kv => !_matched.Contains(kv.Key)).Select(kv => kv.Value);

    /// <summary>External events received but not consumed, in arrival order (carried over by ContinueAsNew).</summary>
    internal IEnumerable<EventRaised> UnconsumedEvents => _buffered.Values.SelectMany(l => l).OrderBy(x => x.Order).Select(x => x.Event);

    // ---- feeding history ------------------------------------------------------------------------------

    internal void Apply(HistoryEvent e)
    {
        switch (e)
        {
            case OrchestratorStarted started:
                Now = started.Timestamp;
                break;
            case ITaskCompletionEvent completion:
                if (_open.Remove(completion.TaskId, out Action<HistoryEvent>? complete))
                {
                    complete(e);
                }

                break;
            case EventRaised raised:
                Deliver(raised);
                break;
        }
    }

    private void Deliver(EventRaised raised)
    {
        if (_waiters.TryGetValue(raised.Name, out var waiting) && waiting.First is { } first)
        {
            waiting.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
            return;
        }

        if (!_buffered.TryGetValue(raised.Name, out var list))
        {
            _buffered[raised.Name] = list = new LinkedList<(long, EventRaised)>();
        }

        list.AddLast((_eventOrder++, raised));
    }

    // ---- actions --------------------------------------------------------------------------------------

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? inputJson = _converter.Serialize(input);
        return WithRetry(options?.Retry, () => CallActivityOnceAsync<TResult>(name, inputJson));
    }

    private async Task<TResult> CallActivityOnceAsync<TResult>(string name, string? inputJson)
    {
        int id = _nextTaskId++;
        Record(id, () => new TaskScheduled(id, name, inputJson), e => e is TaskScheduled s && s.Name == name, $"activity '{name}'");
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = e =>
        {
            switch (e)
            {
                case TaskCompleted c: tcs.TrySetResult(c.Result); break;
                case TaskFailed f: tcs.TrySetException(new TaskFailedException(name, id, f.Failure)); break;
            }
        };
        return _converter.Deserialize<TResult>(await tcs.Task)!;
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? inputJson = _converter.Serialize(input);
        return WithRetry(options?.Retry, () => CallSubOrchestratorOnceAsync<TResult>(name, inputJson, options?.InstanceId));
    }

    private async Task<TResult> CallSubOrchestratorOnceAsync<TResult>(string name, string? inputJson, string? instanceId)
    {
        int id = _nextTaskId++;
        string childId = instanceId ?? $"{InstanceId}:{id}";
        InstanceIds.Validate(childId);
        Record(
            id,
            () => new SubOrchestrationCreated(id, name, childId, NewExecutionId(), inputJson),
            e => e is SubOrchestrationCreated s && s.Name == name && s.InstanceId == childId,
            $"sub-orchestration '{name}' ({childId})");
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = e =>
        {
            switch (e)
            {
                case SubOrchestrationCompleted c: tcs.TrySetResult(c.Result); break;
                case SubOrchestrationFailed f: tcs.TrySetException(new SubOrchestrationFailedException(name, id, childId, f.Failure)); break;
            }
        };
        return _converter.Deserialize<TResult>(await tcs.Task)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        int id = _nextTaskId++;
        DateTime utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        Record(id, () => new TimerCreated(id, utc), e => e is TimerCreated, "timer");
        var tcs = new TaskCompletionSource();
        _open[id] = _ => tcs.TrySetResult();
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        }

        return tcs.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (_buffered.TryGetValue(eventName, out var buffered) && buffered.First is { } first)
        {
            buffered.RemoveFirst();
            return Task.FromResult(_converter.Deserialize<T>(first.Value.Event.Input)!);
        }

        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var waiting))
        {
            _waiters[eventName] = waiting = new LinkedList<TaskCompletionSource<string?>>();
        }

        LinkedListNode<TaskCompletionSource<string?>> node = waiting.AddLast(tcs);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiting.Remove(node);
                }

                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return MapAsync<T>(tcs.Task);
    }

    private async Task<T> MapAsync<T>(Task<string?> json) => _converter.Deserialize<T>(await json)!;

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
        => ContinueAsNewRequest = (_converter.Serialize(newInput), preserveUnprocessedEvents);

    public override void SetCustomStatus(object? customStatus) => CustomStatusJson = _converter.Serialize(customStatus);

    /// <summary>A name-based (v5-style) GUID over instance, execution and a counter: the same on every replay.</summary>
    public override Guid NewGuid()
    {
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{InstanceId}\n{_executionId}\n{_guidCounter++}"));
        Span<byte> bytes = hash.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), () => Replaying);

    private string NewExecutionId() => NewGuid().ToString("N");

    private void Record(int id, Func<HistoryEvent> create, Func<HistoryEvent, bool> matches, string description)
    {
        if (_historyActions.TryGetValue(id, out HistoryEvent? recorded))
        {
            _matched.Add(id);
            if (!matches(recorded))
            {
                string message = $"Non-deterministic orchestration '{Name}' ({InstanceId}): action #{id} is now {description}, but history recorded {Describe(recorded)} at that position.";
                NonDeterminism ??= message;
                throw new NonDeterministicOrchestrationException(message);
            }

            return;
        }

        NewActions.Add(create());
    }

    internal static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduled s => $"activity '{s.Name}'",
        SubOrchestrationCreated s => $"sub-orchestration '{s.Name}' ({s.InstanceId})",
        TimerCreated => "timer",
        _ => e.GetType().Name,
    };

    private async Task<T> WithRetry<T>(RetryPolicy? policy, Func<Task<T>> attempt)
    {
        if (policy is null)
        {
            return await attempt();
        }

        for (int n = 1; ; n++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (policy.ShouldRetry(n, ex.FailureDetails))
            {
                await CreateTimer(CurrentUtcDateTime + policy.DelayBefore(n + 1), CancellationToken.None);
            }
        }
    }
}
