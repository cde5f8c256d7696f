using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable;

/// <summary>One event of an instance's history, in the shape of Durable Functions' <c>showHistory</c> output.</summary>
/// <param name="EventType">The event kind, e.g. <c>ExecutionStarted</c>, <c>TaskScheduled</c>, <c>TaskCompleted</c>, <c>EventRaised</c>.</param>
/// <param name="Timestamp">When the event was recorded.</param>
/// <param name="FunctionName">The orchestrator, activity, sub-orchestrator or event name, where the event has one.</param>
/// <param name="TaskId">The task the event belongs to, where it has one.</param>
/// <param name="Data">The event's input, result, output or failure text, where it has one (JSON as stored).</param>
public sealed record OrchestrationHistoryEvent(string EventType, DateTimeOffset Timestamp, string? FunctionName, int? TaskId, string? Data);

public sealed partial class DurableTaskClient
{
    /// <summary>
    /// The instance's history (all executions kept, oldest first), or null when no history exists yet (unknown
    /// id, or a start still queued). Offloaded payloads are resolved.
    /// </summary>
    public async Task<IReadOnlyList<OrchestrationHistoryEvent>?> GetInstanceHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId);
        await _ready.EnsureAsync(cancellationToken).ConfigureAwait(false);
        StoredHistory? stored = await _storage.LoadHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var events = new List<OrchestrationHistoryEvent>(stored.Rows.Count);
        var names = new Dictionary<int, string>();
        foreach (HistoryRow row in stored.Rows)
        {
            HistoryEvent e = await _payloads.FromRowAsync(row, cancellationToken).ConfigureAwait(false);
            if (e is OrchestratorStarted)
            {
                continue; // episode markers: noise to a reader
            }

            events.Add(Describe(e, names));
        }

        return events;
    }

    private static OrchestrationHistoryEvent Describe(HistoryEvent e, Dictionary<int, string> names)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc));
        string type = e.GetType().Name;
        string? NameOf(int id) => names.GetValueOrDefault(id);
        return e switch
        {
            ExecutionStarted s => new(type, at, s.Name, null, s.Input),
            TaskScheduled s => Remember(new(type, at, s.Name, s.TaskId, s.Input), names),
            SubOrchestrationCreated s => Remember(new(type, at, s.Name, s.TaskId, s.Input), names),
            TaskCompleted c => new(type, at, NameOf(c.TaskId), c.TaskId, c.Result),
            TaskFailed f => new(type, at, NameOf(f.TaskId), f.TaskId, f.Failure.ToString()),
            SubOrchestrationCompleted c => new(type, at, NameOf(c.TaskId), c.TaskId, c.Result),
            SubOrchestrationFailed f => new(type, at, NameOf(f.TaskId), f.TaskId, f.Failure.ToString()),
            TimerCreated t => new(type, at, null, t.TaskId, t.FireAt.ToString("O")),
            TimerFired t => new(type, at, null, t.TaskId, t.FireAt.ToString("O")),
            EventRaised r => new(type, at, r.Name, null, r.Input),
            ExecutionSuspended s => new(type, at, null, null, s.Reason),
            ExecutionResumed r => new(type, at, null, null, r.Reason),
            ExecutionTerminated t => new(type, at, null, null, t.Output),
            ExecutionCompleted c => new(type, at, null, null, c.Failure?.ToString() ?? c.Result),
            _ => new(type, at, null, null, null),
        };
    }

    private static OrchestrationHistoryEvent Remember(OrchestrationHistoryEvent e, Dictionary<int, string> names)
    {
        names[e.TaskId!.Value] = e.FunctionName!;
        return e;
    }
}
