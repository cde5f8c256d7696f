using System.Diagnostics;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Turns committed action events into messages: work items for activities, delayed control messages for
/// timers, start messages for sub-orchestrations, completion notices for a parent, and the wake-up of a
/// ContinueAsNew execution. Every message can be sent twice; every receiver dedupes.
/// </summary>
internal sealed class OutboundDispatcher(MessageBus bus, Lazy<ActivityRunner> runner, DurableTaskOptions options)
{
    public async Task DispatchAsync(InstanceState state, int from, int to, CancellationToken ct)
    {
        ExecutionStarted started = state.Started ?? throw new InvalidOperationException($"History of '{state.InstanceId}' has no ExecutionStarted event.");
        string executionId = started.ExecutionId;
        string instanceId = state.InstanceId;
        string? trace = Activity.Current?.Id ?? started.TraceParent;
        var sends = new List<Func<CancellationToken, Task>>();
        for (int i = from; i < Math.Min(to, state.Events.Count); i++)
        {
            switch (state.Events[i])
            {
                case TaskScheduled t:
                    var item = new WorkItemMessage(instanceId, executionId, t.TaskId, t.Name, t.Input, NewId(), trace);
                    sends.Add(c => runner.Value.TryReserveLocal() ? RunHereAsync(item, c) : bus.SendWorkItemAsync(item, c));
                    break;
                case TimerCreated t:
                    sends.Add(c => SendTimerAsync(new ControlMessage(instanceId, executionId, new TimerFired(t.TaskId, t.FireAt), NewId(), trace), c));
                    break;
                case SubOrchestrationCreated s:
                    var parent = new ParentOrchestrationInstance(started.Name, instanceId, executionId, s.TaskId);
                    var childStart = new ExecutionStarted(s.Name, s.ExecutionId, s.Input, parent, trace);
                    sends.Add(c => bus.SendControlAsync(new ControlMessage(s.InstanceId, s.ExecutionId, childStart, NewId(), trace), null, c));
                    break;
                case ExecutionCompleted done when started.Parent is { } p && done.Status != OrchestrationRuntimeStatus.ContinuedAsNew:
                    HistoryEvent notice = done.Status == OrchestrationRuntimeStatus.Completed
                        ? new SubOrchestrationCompleted(p.TaskId, done.Result)
                        : new SubOrchestrationFailed(p.TaskId, done.Failure ?? new TaskFailureDetails(
                            "VideoGen.Durable.SubOrchestrationTerminated", $"Sub-orchestration '{started.Name}' ({instanceId}) was {done.Status}: {done.Result}"));
                    sends.Add(c => bus.SendControlAsync(new ControlMessage(p.InstanceId, p.ExecutionId, notice, NewId(), trace), null, c));
                    break;
                case ExecutionStarted wake when i == 0:
                    sends.Add(c => bus.SendControlAsync(new ControlMessage(instanceId, wake.ExecutionId, wake, NewId(), trace), null, c));
                    break;
            }
        }

        if (sends.Count == 1)
        {
            await sends[0](ct).ConfigureAwait(false);
        }
        else if (sends.Count > 1)
        {
            await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (send, c) => await send(c).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the work item hidden (the durable record: it reappears if this host dies) and runs it here at once,
    /// sparing the poll, the dequeue and the wait for a poller. The caller holds a reserved activity slot.
    /// </summary>
    private async Task RunHereAsync(WorkItemMessage item, CancellationToken ct)
    {
        ReceivedMessage<WorkItemMessage> written;
        try
        {
            written = await bus.SendHiddenWorkItemAsync(item, options.WorkItemVisibilityTimeout, ct).ConfigureAwait(false);
        }
        catch
        {
            runner.Value.ReleaseSlots(1);
            throw;
        }

        runner.Value.Start(written);
    }

    /// <summary>Tells the parent that its child could not start (the child id is running another execution).</summary>
    public Task RefuseStartAsync(string instanceId, ExecutionStarted start, string reason, CancellationToken ct)
    {
        if (start.Parent is not { } p)
        {
            return Task.CompletedTask;
        }

        var failure = new SubOrchestrationFailed(p.TaskId, new TaskFailureDetails("VideoGen.Durable.SubOrchestrationNotStarted", $"Sub-orchestration '{start.Name}' could not start: {reason}.", IsNonRetriable: true));
        return bus.SendControlAsync(new ControlMessage(p.InstanceId, p.ExecutionId, failure, NewId(), start.TraceParent), null, ct);
    }

    /// <summary>Sends timers again whose fire time lies beyond what one queue visibility delay can reach.</summary>
    public Task RearmTimersAsync(IReadOnlyList<ControlMessage> timers, CancellationToken ct)
        => Task.WhenAll(timers.Select(t => SendTimerAsync(t with { MessageId = NewId() }, ct)));

    private Task SendTimerAsync(ControlMessage timer, CancellationToken ct)
    {
        DateTime fireAt = ((TimerFired)timer.Event).FireAt;
        TimeSpan delay = fireAt - DateTime.UtcNow;
        if (delay <= TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }
        else if (delay < options.MaxTimerVisibilityDelay)
        {
            delay = TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds)); // queues count whole seconds: never fire early
        }
        else if (delay > options.MaxTimerVisibilityDelay)
        {
            delay = options.MaxTimerVisibilityDelay; // re-armed on arrival until the fire time is reached
        }

        return bus.SendControlAsync(timer, delay, ct);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
