using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;

namespace VideoGen.Durable.Replay;

/// <summary>What one run of orchestrator code over its history decided.</summary>
internal sealed record ExecutionOutcome(
    OrchestrationRuntimeStatus Status,
    IReadOnlyList<HistoryEvent> NewActions,
    string? Output,
    TaskFailureDetails? Failure,
    string? CustomStatus,
    string? ContinueAsNewInput,
    IReadOnlyList<EventRaised> CarriedOverEvents);

/// <summary>
/// Replays orchestrator code over past events, then applies new ones, on a single logical thread, and
/// reports the new actions and the resulting status. Pure with respect to storage: it reads nothing and
/// writes nothing, so the same inputs always give the same outcome.
/// </summary>
internal sealed class OrchestrationExecutor(JsonDataConverter converter, ILoggerFactory loggerFactory)
{
    public ExecutionOutcome Execute(string instanceId, ITaskOrchestrator? orchestrator, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        var all = new List<HistoryEvent>(past.Count + newEvents.Count);
        all.AddRange(past);
        all.AddRange(newEvents);
        ExecutionStarted started = all.OfType<ExecutionStarted>().FirstOrDefault()
            ?? throw new InvalidOperationException($"History of '{instanceId}' has no ExecutionStarted event.");

        if (orchestrator is null)
        {
            return Failed(new TaskFailureDetails(
                "VideoGen.Durable.OrchestratorNotFound",
                $"No orchestrator named '{started.Name}' is registered on this worker.",
                IsNonRetriable: true));
        }

        var historyActions = all.Where(e => e is IScheduledEvent).ToDictionary(e => ((IScheduledEvent)e).TaskId);
        var context = new ReplayContext(started, instanceId, historyActions, converter, loggerFactory);
        // A ContinueAsNew execution starts before its first OrchestratorStarted event; give it that time anyway.
        context.Now = all.OfType<OrchestratorStarted>().FirstOrDefault()?.Timestamp ?? started.Timestamp;
        var scheduler = new ReplayTaskScheduler();
        Task<object?>? body = null;
        bool suspended = false;
        var held = new List<HistoryEvent>();

        for (int i = 0; i < all.Count && body is not { IsCompleted: true }; i++)
        {
            HistoryEvent e = all[i];
            context.Replaying = i < past.Count;
            switch (e)
            {
                case ExecutionStarted:
                    object? input;
                    try
                    {
                        input = converter.Deserialize(started.Input, orchestrator.InputType);
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
                    {
                        return Failed(new TaskFailureDetails(
                            ex.GetType().FullName!,
                            $"The input of orchestration '{started.Name}' could not be read as {orchestrator.InputType.Name}: {ex.Message}",
                            IsNonRetriable: true));
                    }

                    body = Task.Factory.StartNew(() => orchestrator.RunAsync(context, input), CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
                    break;
                case OrchestratorStarted:
                    context.Apply(e);
                    break;
                case ExecutionSuspended:
                    suspended = true;
                    break;
                case ExecutionResumed:
                    suspended = false;
                    foreach (HistoryEvent h in held)
                    {
                        context.Apply(h);
                        scheduler.Drain();
                    }

                    held.Clear();
                    break;
                default:
                    if (suspended)
                    {
                        held.Add(e);
                    }
                    else
                    {
                        context.Apply(e);
                    }

                    break;
            }

            scheduler.Drain();
        }

        return Decide(context, body, suspended);
    }

    private ExecutionOutcome Decide(ReplayContext context, Task<object?>? body, bool suspended)
    {
        string? nonDeterminism = context.NonDeterminism;
        if (nonDeterminism is null && context.UnmatchedHistoryActions.FirstOrDefault() is { } missing)
        {
            nonDeterminism = $"Non-deterministic orchestration '{context.Name}' ({context.InstanceId}): history recorded {ReplayContext.Describe(missing)} (#{((IScheduledEvent)missing).TaskId}) that the code no longer schedules.";
        }

        if (nonDeterminism is not null)
        {
            return Failed(new TaskFailureDetails(typeof(NonDeterministicOrchestrationException).FullName!, nonDeterminism, IsNonRetriable: true), context);
        }

        if (body is null || !body.IsCompleted)
        {
            var status = suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running;
            return new ExecutionOutcome(status, context.NewActions, null, null, context.CustomStatusJson, null, []);
        }

        if (body.IsFaulted)
        {
            Exception ex = body.Exception!.InnerExceptions.Count == 1 ? body.Exception.InnerException! : body.Exception;
            return Failed(TaskFailureDetails.FromException(ex), context);
        }

        if (body.IsCanceled)
        {
            return Failed(new TaskFailureDetails(typeof(TaskCanceledException).FullName!, $"Orchestration '{context.Name}' was cancelled by its own code."), context);
        }

        if (context.ContinueAsNewRequest is { } next)
        {
            IReadOnlyList<EventRaised> carried = next.PreserveEvents ? context.UnconsumedEvents.ToList() : [];
            return new ExecutionOutcome(OrchestrationRuntimeStatus.ContinuedAsNew, context.NewActions, null, null, context.CustomStatusJson, next.InputJson, carried);
        }

        return new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, context.NewActions, converter.Serialize(body.Result), null, context.CustomStatusJson, null, []);
    }

    private static ExecutionOutcome Failed(TaskFailureDetails failure, ReplayContext? context = null)
        => new(OrchestrationRuntimeStatus.Failed, [], null, failure, context?.CustomStatusJson, null, []); // a failed run sends nothing more
}
