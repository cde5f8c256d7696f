using Microsoft.Extensions.Logging;

namespace VideoGen.Durable;

/// <summary>
/// The orchestrator's only door to the outside world. Every method records or replays a history event,
/// so an orchestrator that uses the context (and nothing else) for time, ids, waits and I/O is deterministic.
/// </summary>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestration instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The registered orchestrator name.</summary>
    public abstract string Name { get; }

    /// <summary>The parent orchestration when this runs as a sub-orchestration; otherwise null.</summary>
    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>Replay-safe current time: the time the current episode started, recorded in history.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the body re-runs over events it has already seen.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Schedules an activity and returns its deserialized result.</summary>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity whose result is not needed.</summary>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a sub-orchestration (id derived from this instance unless given) and waits for its output.</summary>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null);

    /// <summary>Starts a sub-orchestration whose output is not needed and waits for it to finish.</summary>
    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null)
        => CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC). Cancelling it faults the task with <see cref="TaskCanceledException"/>.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires after <paramref name="delay"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>Waits for an external event. Events raised before the wait are kept and delivered in order.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for an external event against a durable timer; throws <see cref="TimeoutException"/> when the
    /// timer wins. The timer is cancelled when the event arrives first.
    /// </summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T> eventTask = WaitForExternalEvent<T>(eventName, cts.Token);
        Task timerTask = CreateTimer(CurrentUtcDateTime + timeout, cts.Token);
        Task winner = await Task.WhenAny(eventTask, timerTask);
        if (winner == eventTask)
        {
            cts.Cancel();
            return await eventTask;
        }

        cts.Cancel();
        await timerTask; // surfaces cancellation by the caller's token
        throw new TimeoutException($"Event '{eventName}' was not raised within {timeout} on instance '{InstanceId}'.");
    }

    /// <summary>
    /// Ends this execution when the body returns and starts a fresh one with <paramref name="newInput"/> and an
    /// empty history. Unconsumed external events carry over when <paramref name="preserveUnprocessedEvents"/>.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Sets a JSON-serializable status visible to clients; committed with the episode.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic GUID, the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the body is not replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A logger that writes only when the body is not replaying.</summary>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}

/// <summary>Identifies the orchestration that started a sub-orchestration.</summary>
public sealed record ParentOrchestrationInstance(string Name, string InstanceId, string ExecutionId, int TaskId);
